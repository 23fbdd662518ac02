// The window's part for the shapes of format v3: the deadlines near or just passed, each
// with 「対応済み」 (kept on this PC), and the insurers' data problems in force, each a line
// with its step. From the "view" event; everything shown goes through textContent.
'use strict';

(function () {
  const STRINGS = {
    ja: {
      deadlines: '期限',
      insurers: '保険者の情報',
      done: '対応済み',
      mark: '対応済みにする',
      marking: '保存しています…',
      no_backend: 'アプリ本体と通信できません',
    },
    en: {
      deadlines: 'Deadlines',
      insurers: "Insurers' data",
      done: 'Done',
      mark: 'Mark as done',
      marking: 'Saving…',
      no_backend: 'Cannot reach the app',
    },
  };
  const { $, el, setText, clear, errorText, backend } = window.OnshiDom;
  let lang = 'ja';
  const t = (k) => (STRINGS[lang] || STRINGS.ja)[k];
  const invoke = backend(() => t('no_backend'));

  function renderDeadlines(items) {
    $('deadlines-section').hidden = items.length === 0;
    setText('deadlines-heading', t('deadlines'));
    const list = $('deadlines');
    const key = JSON.stringify([lang, items]);
    if (list.dataset.key === key) return;
    list.dataset.key = key;
    clear(list);
    for (const d of items) {
      const li = el('li', 'deadline' + (d.done ? ' done' : (d.days_left <= 1 ? ' urgent' : '')));
      li.dataset.key = String(d.key || '');
      const head = el('div', 'deadline-head');
      head.appendChild(el('span', 'deadline-due', d.due_label || ''));
      head.appendChild(el('span', 'deadline-left', d.done ? (d.done_label || t('done')) : (d.left_label || '')));
      li.appendChild(head);
      li.appendChild(el('div', 'deadline-action', (d.service_name || '') + ': ' + (d.action || '')));
      if (d.note) li.appendChild(el('div', 'win-meta', d.note));
      if (!d.done) {
        const button = el('button', 'small-button deadline-done', t('mark'));
        button.type = 'button';
        const status = el('span', 'help deadline-status');
        status.setAttribute('role', 'status');
        button.addEventListener('click', () => {
          button.disabled = true;
          status.textContent = t('marking');
          invoke('mark_deadline_done', { key: d.key })
            .then((frame) => render(frame && frame.view))
            .catch((err) => { status.textContent = errorText(err); button.disabled = false; });
        });
        li.appendChild(button);
        li.appendChild(status);
      }
      list.appendChild(li);
    }
  }

  function renderInsurers(items) {
    $('insurers-section').hidden = items.length === 0;
    setText('insurers-heading', t('insurers'));
    const list = $('insurer-lines');
    const key = JSON.stringify([lang, items]);
    if (list.dataset.key === key) return;
    list.dataset.key = key;
    clear(list);
    for (const i of items) {
      const li = el('li', 'insurer-line');
      li.appendChild(el('div', 'insurer-text', i.line || ''));
      li.appendChild(el('div', 'win-meta', (i.range_label || '') + ' ' + (i.service_name || '')));
      list.appendChild(li);
    }
  }

  function render(view) {
    if (!view || typeof view !== 'object') return;
    lang = view.lang === 'en' ? 'en' : 'ja';
    const unset = view.state === 'not_configured';
    renderDeadlines(!unset && Array.isArray(view.deadlines) ? view.deadlines.filter(Boolean) : []);
    renderInsurers(!unset && Array.isArray(view.insurer_lines) ? view.insurer_lines.filter(Boolean) : []);
  }

  const tauri = window.__TAURI__;
  if (!tauri || !tauri.core || !tauri.event) return;
  tauri.event.listen('view', (event) => render(event.payload))
    .catch((err) => console.error('listen', errorText(err)));
  invoke('get_view').then((frame) => render(frame && frame.view))
    .catch((err) => console.error('get_view', errorText(err)));
})();
