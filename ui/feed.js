// The window's feed, policy and calendar parts: how fresh the notices are (from the
// "view" event), 「今すぐ確認」, 「カレンダーに追加」, the feed settings, and the settings the
// administrator locked. Everything shown goes through textContent.
'use strict';

(function () {
  const STRINGS = {
    ja: {
      heading: 'お知らせの確認',
      check: '今すぐ確認',
      checking: '確認しています…',
      calendar: 'カレンダーに追加',
      calendar_saved: 'カレンダーのファイルを保存して開きました: ',
      form_heading: 'フィードとカレンダー',
      url: 'フィードの場所（URL またはフォルダ）',
      keys: '公開鍵（feed.pub の内容を貼り付け）',
      relay: '中継フォルダ（取得したフィードを他の PC に渡す。空欄: 使わない）',
      services: 'カレンダーに入れるサービス',
      save: '保存',
      saved: '保存しました',
      err_backend: 'アプリ本体と通信できません',
    },
    en: {
      heading: 'Notices',
      check: 'Check now',
      checking: 'Checking…',
      calendar: 'Add to calendar',
      calendar_saved: 'The calendar file was saved and opened: ',
      form_heading: 'Feed and calendar',
      url: 'Feed location (URL or folder)',
      keys: 'Public key (paste the text of feed.pub)',
      relay: 'Relay folder for the other PCs (empty: none)',
      services: 'Services in the calendar',
      save: 'Save',
      saved: 'Saved',
      err_backend: 'Cannot reach the app',
    },
  };
  const { $, el, setText, errorText } = window.OnshiDom;
  const tauri = window.__TAURI__;
  let lang = 'ja';
  let seen = null; // what of the view last asked for the feed block again
  let dirty = false; // the feed form holds what staff typed: not overwritten
  let shownForm = null;

  function t(key) { return (STRINGS[lang] || STRINGS.ja)[key]; }
  const invoke = window.OnshiDom.backend(() => t('err_backend'));
  // The text, and the node hidden while there is none.
  function show(id, text) {
    setText(id, text);
    $(id).hidden = $(id).textContent === '';
  }
  function staticTexts() {
    const map = {
      'feed-heading': 'heading', 'check-feed': 'check', 'save-calendar': 'calendar',
      'feed-settings-heading': 'form_heading', 'feed-url-label': 'url',
      'feed-keys-label': 'keys', 'relay-folder-label': 'relay',
      'services-label': 'services', 'feed-save': 'save',
    };
    for (const id of Object.keys(map)) $(id).textContent = t(map[id]);
  }

  // A setting the administrator set: its control disabled, and a note beside it.
  function lock(id, on, label) {
    const input = $(id);
    input.disabled = !!on;
    let note = $(id + '-locked');
    if (!note) {
      note = el('p', 'help locked-note');
      note.id = id + '-locked';
      input.insertAdjacentElement('afterend', note);
    }
    note.textContent = on ? label : '';
    note.hidden = !on;
  }

  function fillServices(feed) {
    const group = $('setting-services');
    for (const old of group.querySelectorAll('label.field-check')) old.remove();
    const all = !feed.services || feed.services.length === 0;
    for (const s of feed.service_options || []) {
      const row = el('label', 'field-check');
      const box = el('input');
      box.type = 'checkbox';
      box.name = 'service';
      box.value = s.id;
      box.checked = all || feed.services.includes(s.id);
      box.disabled = !!feed.locks.services;
      box.addEventListener('change', () => { dirty = true; show('feed-saved', ''); });
      row.appendChild(box);
      row.appendChild(document.createTextNode(' ' + s.label));
      group.appendChild(row);
    }
  }

  function renderFeed(feed) {
    if (!feed) return;
    lang = feed.lang === 'en' ? 'en' : 'ja';
    staticTexts();
    show('feed-freshness', feed.freshness);
    // Several sources: each one's last result on its own line.
    show('feed-sources', (feed.sources || []).join('\n'));
    show('feed-relay', feed.relay);
    show('how-to-add', feed.how_to_add);
    const locks = feed.locks || {};
    lock('setting-prefecture', locks.prefecture, feed.locked_label);
    lock('setting-facility', locks.facility, feed.locked_label);
    lock('setting-opening-hours', locks.opening_hours, feed.locked_label);
    lock('setting-feed-url', locks.feed, feed.locked_label);
    $('setting-feed-keys').disabled = !!locks.feed;
    lock('setting-relay-folder', locks.relay_folder, feed.locked_label);
    lock('setting-services', locks.services, feed.locked_label);
    lock('setting-autostart', locks.autostart, feed.locked_label);
    const key = JSON.stringify([feed.lang, feed.url, feed.keys, feed.relay_folder, feed.services, locks]);
    if (!dirty && key !== shownForm) {
      shownForm = key;
      $('setting-feed-url').value = feed.url || '';
      $('setting-feed-keys').value = feed.keys || '';
      $('setting-relay-folder').value = feed.relay_folder || '';
      fillServices(feed);
    }
  }

  function refresh() {
    return invoke('get_feed').then(renderFeed)
      .catch((err) => console.error('get_feed', errorText(err)));
  }

  function renderView(view) {
    if (!view || typeof view !== 'object') return;
    show('freshness', view.freshness);
    // Ask for the feed block again when what it shows may have changed.
    const key = JSON.stringify([view.lang, view.freshness, view.problems]);
    if (key !== seen) {
      seen = key;
      refresh();
    }
  }

  $('setting-feed-url').addEventListener('input', () => { dirty = true; show('feed-saved', ''); });
  $('setting-feed-keys').addEventListener('input', () => { dirty = true; show('feed-saved', ''); });
  $('setting-relay-folder').addEventListener('input', () => { dirty = true; show('feed-saved', ''); });

  $('feed-settings').addEventListener('submit', (ev) => {
    ev.preventDefault();
    show('feed-error', '');
    show('feed-saved', '');
    const boxes = [...document.querySelectorAll('#setting-services input[name=service]')];
    const checked = boxes.filter((b) => b.checked).map((b) => b.value);
    const feed = {
      url: $('setting-feed-url').value,
      keys: $('setting-feed-keys').value,
      relay_folder: $('setting-relay-folder').value,
      // All (or none) ticked: every service, also those added later.
      services: checked.length === boxes.length ? [] : checked,
    };
    const button = $('feed-save');
    button.disabled = true;
    invoke('save_feed_settings', { feed })
      .then((view) => {
        dirty = false;
        shownForm = null;
        renderFeed(view);
        show('feed-saved', t('saved'));
      })
      .catch((err) => show('feed-error', errorText(err)))
      .finally(() => { button.disabled = false; });
  });

  $('check-feed').addEventListener('click', () => {
    const button = $('check-feed');
    button.disabled = true;
    show('feed-note', t('checking'));
    invoke('check_feed_now')
      .then((line) => show('feed-note', line))
      .catch((err) => show('feed-note', errorText(err)))
      .finally(() => { button.disabled = false; refresh(); });
  });

  $('save-calendar').addEventListener('click', () => {
    invoke('save_calendar')
      .then((path) => show('feed-note', t('calendar_saved') + path))
      .catch((err) => show('feed-note', errorText(err)));
  });

  if (!tauri || !tauri.core || !tauri.event) return;
  tauri.event.listen('view', (event) => renderView(event.payload))
    .catch((err) => console.error('listen', errorText(err)));
  invoke('get_view').then((frame) => renderView(frame && frame.view)).catch((err) => console.error('get_view', errorText(err)));
})();
