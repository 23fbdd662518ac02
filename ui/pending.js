// Onshi Watch — 「確認待ちの患者」 in the status window: the patients whose eligibility could
// not be confirmed during an outage, to confirm once オン資 is back. The backend keeps them
// encrypted on this PC and decides when the section shows (during a window, 7 days after,
// always while someone waits); this file shows the list and its form, and asks again when
// the view changes. Personal data: text only (textContent), never in the console.
// A plain script: it adds nothing to `window`.
'use strict';

(function () {
  const STRINGS = {
    ja: {
      heading: '確認待ちの患者',
      empty: 'いまはいません。資格を確認できなかった方を下に追加してください。',
      name: '氏名',
      sex: '性別',
      male: '男',
      female: '女',
      birth: '生年月日',
      address: '住所',
      memo: 'メモ（任意）',
      add: '追加',
      added: '追加しました',
      done: '確認済み',
      added_at: '追加: ',
      privacy: 'この PC の中だけに暗号化して保存します。「確認済み」で消え、31日たつと自動で消えます。',
      no_backend: 'アプリ本体と通信できません',
    },
    en: {
      heading: 'Patients to confirm',
      empty: 'Nobody now. Add the patients whose eligibility could not be confirmed below.',
      name: 'Name',
      sex: 'Sex',
      male: 'Male (男)',
      female: 'Female (女)',
      birth: 'Date of birth',
      address: 'Address',
      memo: 'Memo (optional)',
      add: 'Add',
      added: 'Added',
      done: 'Confirmed (確認済み)',
      added_at: 'Added: ',
      privacy: 'Kept encrypted on this PC only. Deleted by 「確認済み」, and automatically after 31 days.',
      no_backend: 'Cannot reach the app',
    },
  };
  const { $, el, setText, clear, errorText, backend } = window.OnshiDom;
  const tauri = window.__TAURI__;
  let lang = 'ja';
  let seen = null; // what of the view last asked for the list again
  const t = (k) => (STRINGS[lang] || STRINGS.ja)[k];
  const invoke = backend(() => t('no_backend'));

  function show(id, text) {
    setText(id, text);
    $(id).hidden = $(id).textContent === '';
  }

  function staticTexts() {
    const map = {
      'pending-heading': 'heading', 'pending-name-label': 'name', 'pending-sex-label': 'sex',
      'pending-sex-m': 'male', 'pending-sex-f': 'female', 'pending-birth-label': 'birth',
      'pending-address-label': 'address', 'pending-memo-label': 'memo', 'pending-add': 'add',
      'pending-privacy': 'privacy',
    };
    for (const id of Object.keys(map)) setText(id, t(map[id]));
  }

  function entryNode(e) {
    const li = el('li', 'pending-entry');
    li.dataset.id = String(e.id || '');
    const head = el('div', 'pending-head');
    head.appendChild(el('span', 'pending-name', e.name || ''));
    head.appendChild(el('span', 'pending-sex', e.sex || ''));
    head.appendChild(el('span', 'pending-birth', e.birth || ''));
    li.appendChild(head);
    li.appendChild(el('div', 'pending-address', e.address || ''));
    if (e.memo) li.appendChild(el('div', 'pending-memo', e.memo));
    const foot = el('div', 'pending-foot');
    foot.appendChild(el('span', 'help pending-added', t('added_at') + (e.added_label || '')));
    const button = el('button', 'small-button pending-done', t('done'));
    button.type = 'button';
    button.addEventListener('click', () => {
      button.disabled = true;
      invoke('pending_done', { id: String(e.id || '') })
        .then(render)
        .catch((err) => { button.disabled = false; show('pending-error', errorText(err)); });
    });
    foot.appendChild(button);
    li.appendChild(foot);
    return li;
  }

  function render(view) {
    if (!view || typeof view !== 'object') return;
    lang = view.lang === 'en' ? 'en' : 'ja';
    staticTexts();
    $('pending-section').hidden = !view.shown;
    show('pending-note', view.note || '');
    const entries = Array.isArray(view.entries) ? view.entries.filter(Boolean) : [];
    const list = $('pending-list');
    const key = JSON.stringify([lang, entries]);
    if (list.dataset.key !== key) {
      list.dataset.key = key;
      clear(list);
      for (const e of entries) list.appendChild(entryNode(e));
    }
    show('pending-empty', entries.length === 0 ? t('empty') : '');
  }

  function refresh() {
    // Only the command's name on failure: the answer may hold patients' data.
    return invoke('pending_list').then(render)
      .catch((err) => show('pending-error', errorText(err)));
  }

  function renderView(view) {
    if (!view || typeof view !== 'object') return;
    // Ask again when what decides the section may have changed: the language, the
    // prefecture, the state, the window in force or next (a window's end passing).
    const w = view.window || null;
    const key = JSON.stringify([view.lang, view.prefecture, view.state, w, view.next_window || null]);
    if (key !== seen) {
      seen = key;
      refresh();
    }
  }

  $('pending-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    show('pending-error', '');
    setText('pending-saved', '');
    const entry = {
      name: $('pending-name').value,
      sex: $('pending-sex').value,
      birth: $('pending-birth').value,
      address: $('pending-address').value,
      memo: $('pending-memo').value,
    };
    const button = $('pending-add');
    button.disabled = true;
    invoke('pending_add', { entry })
      .then((view) => {
        // Cleared once saved: the next patient's data starts blank.
        $('pending-form').reset();
        render(view);
        setText('pending-saved', t('added'));
        $('pending-name').focus();
      })
      .catch((err) => show('pending-error', errorText(err)))
      .finally(() => { button.disabled = false; });
  });

  if (!tauri || !tauri.core || !tauri.event) return;
  tauri.event.listen('view', (event) => renderView(event.payload))
    .catch(() => console.error('listen view'));
  invoke('get_view').then((frame) => renderView(frame && frame.view))
    .catch(() => console.error('get_view'));
})();
