// Onshi Watch — the alert banner (banner.html), one per monitor. It shows what the
// backend's `get_banner` gives and is told of changes by the `banner` event; 「確認しました」
// acknowledges for this PC (and, with a shared folder, for the clinic), 「手順を見る」 opens
// the status window. Every string from a notice is set as textContent.
'use strict';

(function () {
  const { $, setText } = window.OnshiDom;
  const invoke = window.OnshiDom.backend(() => 'window.__TAURI__ is missing');
  const SYMBOLS = {
    full_outage: '✕', intermittent: '⚠', partial: '△', upcoming: '⏰',
    past_end: '◔', may_extend: '⌛', normal: '✓', not_configured: '?',
  };

  function render(b) {
    if (!b) return;
    const bar = $('banner');
    const state = b.look in SYMBOLS ? b.look : 'full_outage';
    bar.className = 'bar state-' + state + (b.drill ? ' drill' : '') + (b.acked ? ' quiet' : '');
    setText('symbol', SYMBOLS[state]);
    setText('title', b.title);
    setText('body', b.body);
    const acked = $('acked');
    acked.hidden = !b.acked;
    setText('acked', b.acked || '');
    setText('ack', b.ack_label);
    setText('steps', b.steps_label);
    document.documentElement.lang = b.lang === 'en' ? 'en' : 'ja';
    if (b.flash) {
      bar.classList.remove('flash');
      void bar.offsetWidth; // restart the animation
      bar.classList.add('flash');
    }
  }

  $('ack').addEventListener('click', () => { invoke('acknowledge_banner').catch(() => {}); });
  $('steps').addEventListener('click', () => { invoke('open_steps').catch(() => {}); });

  invoke('get_banner').then(render, () => {});
  const tauri = window.__TAURI__;
  if (tauri && tauri.event) tauri.event.listen('banner', (e) => render(e.payload));
})();
