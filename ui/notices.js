// Onshi Watch — the notices page (お知らせ): every notice the app knows, hand entry,
// 「本文から読み取る」 and import. The backend checks and writes every file; this file
// only shows what it answers. Everything from files is inserted as textContent.
'use strict';

(function () {
  const STRINGS = {
    ja: {
      nav: 'お知らせ', heading: 'お知らせ', back: '状態に戻る',
      list: 'このアプリが知っているお知らせ', manual: '手入力で追加',
      draft: '本文から読み取る',
      draft_help: 'お知らせの本文を貼り付けて「読み取る」を押すと、下の欄が埋まります。黄色の欄は本文と照らして確認してください。',
      draft_read: '読み取る', draft_window: '停止の時間帯（1つずつ保存します）',
      service: 'サービス', kind: '種類', affects: '影響を受ける患者・機能',
      start: '開始（日本時間）', end: '終了（日本時間、この時刻は含まない）',
      until: '延長の可能性（最大、ないときは空欄）',
      tentative: '予定（時刻が変わることがある）', scope: '範囲', nationwide: '全国',
      area: 'エリア', prefectures: '都道府県を選ぶ', title: '題名',
      url: '出典のURL（https://…）', memo: 'メモ（URLがないとき: 出典・受け取った日など）',
      save: '保存', cancel: '編集をやめる', import: 'ファイルから取り込む',
      import_path: 'お知らせファイル（.toml）の場所', import_pick: 'ファイルを選ぶ…',
      import_check: '確認する', import_confirm: '取り込む',
      edit: '編集', delete: '削除', confirm_delete: '本当に削除する', keep: 'やめる',
      issued: '発行', revision: '第{n}版', history: '履歴（新しい版があります）',
      cancelled: '中止', others: 'ほかに{n}件の時間帯はこの都道府県に関係しません',
      no_windows_here: 'この都道府県に関係する時間帯はありません',
      for_pref: '{p} に関係する時間帯を表示しています', all_windows: '都道府県が未設定のため、すべての時間帯を表示しています',
      saved: '保存しました', deleted: '削除しました', imported: '取り込みました',
      editing: '手入力のお知らせ {id} を編集中（保存すると新しい版になります）',
      review: '{n}か所を確認してください', read_ok: '{w}件の時間帯を読み取りました',
      affects_label: '対象', no_dialog: 'ファイル選択の画面を開けません。場所を入力してください。',
      err_backend: 'アプリ本体と通信できません',
      when_example: '例 12/31 3:00', year_taken: '（年は{y}年としました）',
      issuer: '発行元（空欄なら「手入力」）', issued_field: '発行日（空欄なら今日）', issued_example: '例 2024-12-24',
      own_area: '{name}（お知らせの定義: {n}都道府県）',
    },
    en: {
      nav: 'Notices', heading: 'Notices', back: 'Back to the status',
      list: 'Notices this app knows', manual: 'Add by hand',
      draft: 'Read from the notice text',
      draft_help: 'Paste the text of the notice and press Read: the fields below are filled in. Check the yellow fields against the notice.',
      draft_read: 'Read', draft_window: 'Outage window (saved one at a time)',
      service: 'Service', kind: 'Kind', affects: 'Patients or functions affected',
      start: 'Start (Japan time)', end: 'End (Japan time, not included)',
      until: 'May be extended up to (empty for none)',
      tentative: 'Planned (times may change)', scope: 'Where', nationwide: 'Nationwide',
      area: 'Area', prefectures: 'Choose prefectures', title: 'Title',
      url: 'Source URL (https://…)', memo: 'Memo (no URL: where it came from, when)',
      save: 'Save', cancel: 'Stop editing', import: 'Import a file',
      import_path: 'Notice file (.toml)', import_pick: 'Choose a file…',
      import_check: 'Check', import_confirm: 'Import',
      edit: 'Edit', delete: 'Delete', confirm_delete: 'Really delete', keep: 'Keep',
      issued: 'Issued', revision: 'Revision {n}', history: 'History (a newer revision exists)',
      cancelled: 'Cancelled', others: '{n} more window(s) do not concern this prefecture',
      no_windows_here: 'No window concerns this prefecture',
      for_pref: 'Windows for {p}', all_windows: 'No prefecture set: every window is shown',
      saved: 'Saved', deleted: 'Deleted', imported: 'Imported',
      editing: 'Editing the notice {id} entered by hand (saving makes a new revision)',
      review: 'Check {n} value(s)', read_ok: '{w} window(s) read',
      affects_label: 'Affects', no_dialog: 'The file dialog cannot open. Type the path instead.',
      err_backend: 'Cannot reach the app',
      when_example: 'e.g. 12/31 3:00', year_taken: '(year taken as {y})',
      issuer: 'Issued by (empty: entered by hand)', issued_field: 'Issue date (empty: today)', issued_example: 'e.g. 2024-12-24',
      own_area: '{name} (as the notice defines it: {n} prefectures)',
    },
  };

  let lang = 'ja';
  function t(key, vars) {
    let s = (STRINGS[lang] || STRINGS.ja)[key] || STRINGS.ja[key] || key;
    for (const k in vars || {}) s = s.split('{' + k + '}').join(String(vars[k]));
    return s;
  }

  const { $, el, setText, clear, errorText } = window.OnshiDom;
  const tauri = window.__TAURI__;
  const invoke = window.OnshiDom.backend(() => t('err_backend'));

  function applyStrings() {
    for (const node of document.querySelectorAll('[data-ni18n]')) {
      node.textContent = t(node.getAttribute('data-ni18n'));
    }
    for (const node of document.querySelectorAll('[data-nplaceholder]')) {
      node.placeholder = t(node.getAttribute('data-nplaceholder'));
    }
    for (const input of whenInputs()) echoWhen(input);
  }

  // ---------------------------------------------------------------- page
  const page = $('notices-page');
  const nav = $('nav-notices');
  function show(open) {
    page.hidden = !open;
    document.body.classList.toggle('page-notices', open);
    nav.setAttribute('aria-expanded', String(open));
    if (open) refresh();
  }
  nav.addEventListener('click', () => show(page.hidden));
  $('notices-back').addEventListener('click', () => show(false));

  // ---------------------------------------------------------------- list
  let current = null; // the last NoticesView
  function refresh() {
    return invoke('list_notices').then(render).catch((err) => setText('notices-status', errorText(err)));
  }

  function windowItem(w) {
    const li = el('li', w.cancelled ? 'cancelled' : '');
    li.appendChild(el('span', 'nw-range', w.range_label));
    if (w.cancelled) li.appendChild(el('span', 'cancel-badge', t('cancelled')));
    li.appendChild(el('div', 'nw-meta', [w.kind_label, w.area, w.service_label].filter(Boolean).join(' · ')));
    if (w.affects) li.appendChild(el('div', 'nw-meta', t('affects_label') + ': ' + w.affects));
    if (w.extension) li.appendChild(el('div', 'nw-meta', w.extension));
    return li;
  }

  function render(view) {
    if (!view || typeof view !== 'object') return;
    current = view;
    if (view.lang && view.lang !== lang) { lang = view.lang; applyStrings(); }
    fillChoices(view);
    setText('notice-list-pref', view.prefecture
      ? t('for_pref', { p: lang === 'en' ? view.prefecture.name_en : view.prefecture.name })
      : t('all_windows'));
    const list = $('notice-list');
    clear(list);
    for (const n of view.notices || []) {
      const li = el('li', 'notice-item' + (n.in_force ? '' : ' superseded'));
      li.dataset.id = n.id;
      li.dataset.origin = n.origin;
      if (n.manual_id) li.dataset.manualId = n.manual_id;
      const head = el('div', 'notice-head');
      head.appendChild(el('span', 'origin-badge origin-' + String(n.origin).replace(/[^a-z]/g, ''), n.origin_label));
      head.appendChild(el('span', 'notice-title', n.title));
      li.appendChild(head);
      const meta = [t('issued') + ' ' + n.issued, t('revision', { n: n.revision }), n.service_label];
      if (!n.in_force) meta.push(t('history'));
      li.appendChild(el('div', 'notice-meta', meta.join(' · ')));
      li.appendChild(el('div', 'notice-meta notice-path', n.path));
      const wins = el('ul', 'notice-windows');
      for (const w of n.windows || []) wins.appendChild(windowItem(w));
      if (!(n.windows || []).length) wins.appendChild(el('li', 'help', t('no_windows_here')));
      li.appendChild(wins);
      if (n.other_windows) li.appendChild(el('div', 'help', t('others', { n: n.other_windows })));
      if (n.manual_id) li.appendChild(manualActions(n.manual_id));
      list.appendChild(li);
    }
  }

  // After 保存 or 取り込む: the notice's item is brought to where the user is looking
  // (the form and the import box are far below the list), marked, and focused.
  function showSaved(id, message) {
    const items = Array.from(document.querySelectorAll('#notice-list li.notice-item'))
      .filter((li) => li.dataset.id === id);
    const li = items.find((x) => !x.classList.contains('superseded')) || items[0];
    if (!li) { $('notices-status').scrollIntoView({ block: 'center' }); return; }
    for (const old of document.querySelectorAll('#notice-list .just-saved')) old.classList.remove('just-saved');
    li.classList.add('just-saved');
    li.insertBefore(el('p', 'just-saved-line', message), li.firstChild);
    li.tabIndex = -1;
    li.scrollIntoView({ block: 'center' });
    li.focus({ preventScroll: true });
  }

  function manualActions(id) {
    const box = el('div', 'notice-actions');
    const edit = el('button', 'small-button notice-edit', t('edit'));
    edit.type = 'button';
    edit.addEventListener('click', () => startEdit(id));
    const del = el('button', 'small-button notice-delete', t('delete'));
    del.type = 'button';
    const keep = el('button', 'small-button notice-keep', t('keep'));
    keep.type = 'button';
    keep.hidden = true;
    // Two steps: the first click asks, the second deletes.
    del.addEventListener('click', () => {
      if (!del.classList.contains('armed')) {
        del.classList.add('armed');
        del.textContent = t('confirm_delete');
        keep.hidden = false;
        return;
      }
      invoke('delete_manual', { id })
        .then((r) => { setText('notices-status', t('deleted') + ': ' + r.path); render(r.notices); })
        .catch((err) => setText('notices-status', errorText(err)));
    });
    keep.addEventListener('click', () => {
      del.classList.remove('armed');
      del.textContent = t('delete');
      keep.hidden = true;
    });
    box.append(edit, del, keep);
    return box;
  }

  // ---------------------------------------------------------------- form
  const f = {
    id: $('manual-id'), service: $('manual-service'), kind: $('manual-kind'),
    affects: $('manual-affects'), start: $('manual-start'), end: $('manual-end'),
    until: $('manual-until'),
    tentative: $('manual-tentative'), scope: $('manual-scope'), area: $('manual-area'),
    prefectures: $('manual-prefectures'), title: $('manual-title'), url: $('manual-url'),
    memo: $('manual-memo'), issuer: $('manual-issuer'), issued: $('manual-issued'),
  };
  // The notice's own areas (read from a pasted notice, or kept from the file being edited):
  // offered in the area list beside the built-in ones, and saved under their own name.
  let formRegions = [];
  function setOwnAreas(regions) {
    formRegions = Array.isArray(regions) ? regions : [];
    for (const o of Array.from(f.area.querySelectorAll('option.own-area'))) o.remove();
    const builtIn = Array.from(f.area.options).map((o) => o.value);
    for (const r of formRegions) {
      if (builtIn.includes(String(r.id))) continue;
      const opt = el('option', 'own-area', t('own_area', { name: lang === 'en' && r.name_en ? r.name_en : r.name, n: (r.prefectures || []).length }));
      opt.value = String(r.id);
      f.area.appendChild(opt);
    }
  }

  // The date fields take what staff type (「12/31 3:00」「令和8年12月31日 3時」): each is read
  // by the backend as saving will read it and echoed beside it with its weekday.
  function whenInputs() { return [f.start, f.end, f.until]; }
  const echoSeq = new Map();
  function echoWhen(input) {
    const echo = $(input.id + '-echo');
    const text = input.value;
    const seq = (echoSeq.get(input.id) || 0) + 1;
    echoSeq.set(input.id, seq);
    if (!text.trim()) { echo.className = 'when-echo'; setText(echo.id, ''); return; }
    invoke('parse_when', { text })
      .then((r) => {
        if (echoSeq.get(input.id) !== seq) return;
        echo.className = 'when-echo when-ok';
        setText(echo.id, r.label + (r.year_inferred ? ' ' + t('year_taken', { y: r.instant.slice(0, 4) }) : ''));
      })
      .catch((err) => {
        if (echoSeq.get(input.id) !== seq) return;
        echo.className = 'when-echo when-error';
        setText(echo.id, errorText(err));
      });
  }
  for (const input of whenInputs()) input.addEventListener('input', () => echoWhen(input));

  let choicesKey = null;
  function fillChoices(view) {
    const key = JSON.stringify([lang, view.services, view.kinds, view.areas]);
    if (key === choicesKey) return;
    choicesKey = key;
    const fill = (select, items, label) => {
      const keep = Array.from(select.selectedOptions || []).map((o) => o.value);
      clear(select);
      for (const c of items || []) {
        const opt = el('option', null, label(c));
        opt.value = String(c.id !== undefined ? c.id : c.code);
        opt.selected = keep.includes(opt.value);
        select.appendChild(opt);
      }
      if (!select.multiple && !keep.length && select.options.length) select.selectedIndex = 0;
    };
    fill(f.service, view.services, (c) => c.label);
    fill(f.kind, view.kinds, (c) => c.label);
    const area = f.area.value;
    fill(f.area, view.areas, (c) => c.label);
    setOwnAreas(formRegions);
    if (Array.from(f.area.options).some((o) => o.value === area)) f.area.value = area;
    fill(f.prefectures, (view.prefectures || []).map((p) => ({ id: p.code, name: p.name, name_en: p.name_en })),
      (p) => (lang === 'en' ? p.name_en : p.name));
    showDependent();
  }

  function showDependent() {
    $('manual-affects-field').hidden = f.kind.value !== 'partial';
    f.area.hidden = f.scope.value !== 'area';
    f.prefectures.hidden = f.scope.value !== 'prefectures';
  }
  f.kind.addEventListener('change', showDependent);
  f.scope.addEventListener('change', showDependent);

  function clearReview() {
    for (const field of document.querySelectorAll('#manual-form .field')) {
      field.classList.remove('needs-review');
      const why = field.querySelector('.why');
      if (why) why.textContent = '';
    }
  }

  function fillForm(form, review) {
    clearReview();
    f.id.value = form.id || '';
    f.service.value = form.service || 'oqs';
    f.kind.value = form.kind || 'full';
    f.affects.value = form.affects || '';
    f.start.value = form.start || '';
    f.end.value = form.end || '';
    f.until.value = form.may_extend_until || '';
    f.tentative.checked = !!form.tentative;
    f.scope.value = form.scope || 'nationwide';
    setOwnAreas(form.regions);
    f.area.value = form.area || (f.area.options[0] ? f.area.options[0].value : '');
    const codes = (form.prefectures || []).map(String);
    for (const o of f.prefectures.options) o.selected = codes.includes(o.value);
    f.title.value = form.title || '';
    f.url.value = form.url || '';
    f.memo.value = form.memo || '';
    f.issuer.value = form.issuer || '';
    f.issued.value = form.issued || '';
    showDependent();
    for (const input of whenInputs()) echoWhen(input);
    for (const name in review || {}) {
      const field = document.querySelector('#manual-form .field[data-field="' + name.replace(/[^a-z_]/g, '') + '"]');
      if (!field) continue;
      field.classList.add('needs-review');
      field.querySelector('.why').textContent = String(review[name]);
    }
    const editing = !!form.id;
    $('manual-editing').hidden = !editing;
    setText('manual-editing', editing ? t('editing', { id: form.id }) : '');
    $('manual-cancel').hidden = !editing;
  }

  function readForm() {
    return {
      id: f.id.value || null,
      service: f.service.value,
      kind: f.kind.value,
      affects: f.affects.value,
      start: f.start.value,
      end: f.end.value,
      may_extend_until: f.until.value,
      tentative: f.tentative.checked,
      scope: f.scope.value,
      area: f.area.value,
      prefectures: Array.from(f.prefectures.selectedOptions).map((o) => parseInt(o.value, 10)),
      title: f.title.value,
      url: f.url.value,
      memo: f.memo.value,
      issuer: f.issuer.value,
      issued: f.issued.value,
      regions: formRegions,
    };
  }

  function resetForm() {
    fillForm({ scope: 'nationwide' }, {});
    $('draft-window-field').hidden = true;
    drafted = [];
  }

  function startEdit(id) {
    setText('notices-status', '');
    setText('manual-error', '');
    invoke('read_manual', { id })
      .then((form) => { fillForm(form, {}); f.title.focus(); })
      .catch((err) => setText('manual-error', errorText(err)));
  }
  $('manual-cancel').addEventListener('click', resetForm);

  $('manual-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    setText('manual-error', '');
    setText('notices-status', '');
    const button = $('manual-save');
    button.disabled = true;
    invoke('save_manual', { form: readForm() })
      .then((r) => {
        setText('notices-status', t('saved') + ': ' + r.path);
        resetForm();
        render(r.notices);
        showSaved(r.id, t('saved'));
      })
      .catch((err) => setText('manual-error', errorText(err)))
      .finally(() => { button.disabled = false; });
  });

  // ---------------------------------------------------------------- 本文から読み取る
  let drafted = [];
  $('draft-read').addEventListener('click', () => {
    setText('draft-error', '');
    setText('draft-summary', '');
    invoke('draft_notice', { text: $('draft-text').value })
      .then((r) => {
        drafted = Array.isArray(r.windows) ? r.windows : [];
        const select = $('draft-window');
        clear(select);
        drafted.forEach((w, i) => {
          const opt = el('option', null, w.label);
          opt.value = String(i);
          select.appendChild(opt);
        });
        $('draft-window-field').hidden = drafted.length < 2;
        shapesNote = r.shapes_note || '';
        if (drafted.length) showDrafted(drafted[0]);
      })
      .catch((err) => setText('draft-error', errorText(err)));
  });
  // The count is of this window's form fields to check: each one is highlighted.
  let shapesNote = '';
  function showDrafted(w) {
    fillForm(w.form, w.review);
    const n = document.querySelectorAll('#manual-form .field.needs-review').length;
    setText('draft-summary', t('read_ok', { w: drafted.length }) +
      (n ? ' — ' + t('review', { n }) : '') + (shapesNote ? ' ' + shapesNote : ''));
  }
  $('draft-window').addEventListener('change', (ev) => {
    const w = drafted[parseInt(ev.target.value, 10)];
    if (w) showDrafted(w);
  });

  // ---------------------------------------------------------------- import
  let checkedPath = null;
  function importReset() {
    checkedPath = null;
    $('import-preview').hidden = true;
    $('import-confirm').hidden = true;
  }
  $('import-path').addEventListener('input', importReset);

  function preview(p) {
    const box = $('import-preview');
    clear(box);
    box.appendChild(el('div', 'notice-title', p.title));
    box.appendChild(el('div', 'notice-meta', [p.id, t('revision', { n: p.revision }), p.file_name].join(' · ')));
    box.appendChild(el('div', 'import-change change-' + String(p.change).replace(/[^a-z]/g, ''), p.change_label));
    const wins = el('ul', 'notice-windows');
    for (const w of p.windows || []) wins.appendChild(windowItem(w));
    if (!(p.windows || []).length) wins.appendChild(el('li', 'help', t('no_windows_here')));
    box.appendChild(wins);
    if (p.other_windows) box.appendChild(el('div', 'help', t('others', { n: p.other_windows })));
    box.hidden = false;
  }

  $('import-check').addEventListener('click', () => {
    importReset();
    setText('import-error', '');
    const path = $('import-path').value;
    invoke('preview_import', { path })
      .then((p) => { preview(p); checkedPath = path; $('import-confirm').hidden = false; })
      .catch((err) => setText('import-error', errorText(err)));
  });
  $('import-confirm').addEventListener('click', () => {
    if (checkedPath === null) return;
    setText('import-error', '');
    invoke('import_notice', { path: checkedPath })
      .then((r) => {
        setText('notices-status', t('imported') + ': ' + r.path);
        importReset();
        $('import-path').value = '';
        render(r.notices);
        showSaved(r.id, t('imported'));
      })
      .catch((err) => setText('import-error', errorText(err)));
  });
  // The native dialog only fills the path; checking and copying go the same way as a typed path.
  $('import-pick').addEventListener('click', () => {
    const dialog = tauri && tauri.dialog;
    if (!dialog || !dialog.open) { setText('import-error', t('no_dialog')); return; }
    dialog.open({ multiple: false, directory: false, filters: [{ name: 'TOML', extensions: ['toml'] }] })
      .then((path) => {
        if (typeof path !== 'string' || !path) return;
        $('import-path').value = path;
        importReset();
        $('import-check').click();
      })
      .catch((err) => setText('import-error', errorText(err)));
  });

  // ---------------------------------------------------------------- language
  // Follows the language switch of the main page (every "view" carries it).
  if (tauri && tauri.event) {
    tauri.event.listen('view', (event) => {
      const l = event.payload && event.payload.lang === 'en' ? 'en' : 'ja';
      if (l !== lang) {
        lang = l;
        applyStrings();
        if (!page.hidden) refresh();
      }
    }).catch(() => {});
  }
  resetForm();
  invoke('list_notices').then((v) => { lang = v.lang === 'en' ? 'en' : 'ja'; applyStrings(); render(v); }).catch(() => {});
})();
