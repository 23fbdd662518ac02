// Onshi Watch — 「患者さんが持ってきたもの」 in the status window: what the patient brought →
// the few steps that hold now. The answers and their steps come from the backend (the
// view's `chooser`, the same steps as the list, without those that need a service which is
// down); this file only shows them as a row of buttons and the chosen answer's steps,
// each with its sources. Text only (textContent), never HTML.
// A plain script loaded after dom.js: it adds `window.OnshiChooser` and nothing else.
'use strict';

window.OnshiChooser = (function () {
  const STRINGS = {
    ja: {
      title: '患者さんが持ってきたもの',
      hint: '持ってきたものを選ぶと、いまできることだけが出ます。',
      source: '出典',
      reference: '参考',
    },
    en: {
      title: 'What the patient brought',
      hint: 'Choose what the patient brought: only what can be done now is shown.',
      source: 'Source',
      reference: 'Reference',
    },
  };
  const { $, el, clear, link } = window.OnshiDom;
  let chosen = null;
  let shown = null;

  // Each source of a step, the primary ones as 出典, the others as 参考.
  function sources(step, words) {
    const box = el('span', 'source');
    const all = [{ primary: step.primary, label: step.source_label, url: step.source_url }]
      .concat(Array.isArray(step.also) ? step.also : []);
    all.forEach((s, i) => {
      if (!s) return;
      if (i > 0) box.appendChild(document.createTextNode(' ／ '));
      box.appendChild(el('span', 'source-prefix', (s.primary ? words.source : words.reference) + ': '));
      box.appendChild(link(s.label, s.url));
    });
    return box;
  }

  function render(answers, lang, hidden) {
    const items = !hidden && Array.isArray(answers) ? answers.filter(Boolean) : [];
    const section = $('chooser-section');
    section.hidden = items.length === 0;
    if (!items.some((a) => a.id === chosen)) chosen = null;
    const key = JSON.stringify([lang, items, chosen]);
    if (shown === key) return;
    shown = key;
    const words = STRINGS[lang] || STRINGS.ja;
    $('chooser-heading').textContent = words.title;

    const row = $('chooser-answers');
    clear(row);
    for (const a of items) {
      const button = el('button', 'chooser-answer', a.label || '');
      button.type = 'button';
      button.dataset.answer = String(a.id || '');
      button.setAttribute('aria-pressed', String(a.id === chosen));
      button.addEventListener('click', () => {
        chosen = chosen === a.id ? null : a.id;
        shown = null;
        render(answers, lang, hidden);
      });
      row.appendChild(button);
    }

    const list = $('chooser-steps');
    clear(list);
    const answer = items.find((a) => a.id === chosen);
    $('chooser-hint').textContent = answer ? '' : words.hint;
    $('chooser-hint').hidden = Boolean(answer);
    for (const step of answer && Array.isArray(answer.steps) ? answer.steps : []) {
      if (!step) continue;
      const li = el('li', step.primary ? 'step primary' : 'step secondary');
      li.appendChild(el('span', 'step-text', step.text || ''));
      li.appendChild(sources(step, words));
      list.appendChild(li);
    }
  }

  return Object.freeze({ render });
})();
