// Onshi Watch — status window.
//
// The backend owns every piece of state; this file only renders the View it is
// given (from `get_view` and the "view" event) and sends settings changes.
// Everything that comes from the backend is inserted as text (textContent /
// createElement), never as HTML: notice files are untrusted.
'use strict';

(function () {
  // ---------------------------------------------------------------- strings
  // Static UI strings, Japanese first. Texts that depend on data (state label,
  // window ranges, steps) come localized from the backend.
  const STRINGS = {
    ja: {
      app_name: 'オン資ウォッチ',
      language: '言語',
      current_state: '現在の状態',
      now: '現在',
      prefecture: '都道府県',
      current_window: '現在の停止',
      next_window: '次の停止',
      steps: 'すること',
      print: '印刷用シート',
      contact: '問い合わせ先',
      services: 'ほかのサービス',
      erx: '電子処方箋を使っている',
      unavailable: 'いまは使えません',
      facility: '施設の種類',
      choose_facility: '選んでください',
      err_facility: '施設の種類を選んでください。',
      timeline: '停止の予定',
      sources: '出典',
      settings: '設定',
      reminders: '通知のタイミング（分前）',
      reminders_help: 'カンマ区切りの分数。1440 = 24時間前、60 = 1時間前',
      autostart: 'ログイン時に起動',
      opening_hours: '受付時間',
      opening_hours_help: '受付終了前のお知らせは、この時間内に出します。例: 平日=9:00-18:00; 土=9:00-13:00; 日=closed。空欄なら施設の種類の標準です。',
      opening_hours_now: 'いまの受付時間: ',
      save: '保存',
      saving: '保存中…',
      saved: '保存しました',
      mute: '通知を止める',
      setup_hint: 'この端末の都道府県を選んでください',
      choose_prefecture: '選んでください',
      none: 'なし',
      no_windows: 'この都道府県に関係する停止の予定はありません。',
      no_sources: '—',
      reference: '参考',
      source: '出典',
      past: '終了',
      current: '実施中',
      cancelled: '中止',
      err_prefecture: '都道府県を選んでください。',
      err_reminders: '通知のタイミングは、分を数字でカンマ区切りに入力してください（例: 1440, 60, 10）。',
      err_backend: 'アプリ本体と通信できません',
    },
    en: {
      app_name: 'Onshi Watch',
      language: 'Language',
      current_state: 'Current state',
      now: 'Now',
      prefecture: 'Prefecture',
      current_window: 'Current outage',
      next_window: 'Next outage',
      steps: 'What to do',
      print: 'Printable sheet',
      contact: 'Who to call',
      services: 'Other services',
      erx: 'We use electronic prescriptions',
      unavailable: 'Not available now',
      facility: 'Facility type',
      choose_facility: 'Choose…',
      err_facility: 'Choose the facility type.',
      timeline: 'Planned outages',
      sources: 'Sources',
      settings: 'Settings',
      reminders: 'Reminders (minutes before)',
      reminders_help: 'Minutes, separated by commas. 1440 = 24 hours before, 60 = 1 hour before',
      autostart: 'Start at login',
      opening_hours: 'Opening hours',
      opening_hours_help: 'The reminder before closing comes within these hours. E.g. weekdays=9:00-18:00; saturday=9:00-13:00; sunday=closed. Empty: the usual hours of the facility type.',
      opening_hours_now: 'Opening hours now: ',
      save: 'Save',
      saving: 'Saving…',
      saved: 'Saved',
      mute: 'Mute notifications',
      setup_hint: 'Choose the prefecture of this computer',
      choose_prefecture: 'Choose…',
      none: 'None',
      no_windows: 'No outage is planned for this prefecture.',
      no_sources: '—',
      reference: 'Reference',
      source: 'Source',
      past: 'Ended',
      current: 'Now',
      cancelled: 'Cancelled',
      err_prefecture: 'Choose a prefecture.',
      err_reminders: 'Enter reminder times as minutes separated by commas (e.g. 1440, 60, 10).',
      err_backend: 'Cannot reach the app',
    },
  };

  const STATES = ['not_configured', 'normal', 'upcoming', 'past_end', 'may_extend', 'partial',
    'intermittent', 'full_outage'];

  let lang = 'ja';
  function t(key) {
    const table = STRINGS[lang] || STRINGS.ja;
    return key in table ? table[key] : STRINGS.ja[key] || key;
  }

  // ---------------------------------------------------------------- helpers
  const { $, el, setText, clear, errorText, link } = window.OnshiDom;
  const tauri = window.__TAURI__;
  const invoke = window.OnshiDom.backend(() => t('err_backend'));

  function symbol(name, className) {
    const NS = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('class', className);
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const use = document.createElementNS(NS, 'use');
    use.setAttribute('href', '#sym-' + name);
    svg.appendChild(use);
    return svg;
  }

  // H:MM:SS (hours are not wrapped into days: "30:00:00" is 30 hours).
  function formatCountdown(seconds) {
    if (typeof seconds !== 'number' || !isFinite(seconds)) return '';
    const s = Math.max(0, Math.floor(seconds));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const sec = s % 60;
    return h + ':' + String(m).padStart(2, '0') + ':' + String(sec).padStart(2, '0');
  }

  // Full-width digits and separators (typed with a Japanese IME) count too.
  function parseReminders(text) {
    const normalized = String(text)
      .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .replace(/[，、､;；]/g, ',');
    const parts = normalized.split(/[\s,]+/).filter((p) => p !== '');
    const out = [];
    for (const p of parts) {
      if (!/^\d{1,6}$/.test(p)) return null;
      out.push(parseInt(p, 10));
    }
    return out;
  }

  function prefName(p) {
    if (!p) return '';
    return lang === 'en' ? (p.name_en || p.name || '') : (p.name || p.name_en || '');
  }

  // ---------------------------------------------------------------- static text
  let appliedLang = null;
  function applyStaticStrings() {
    if (appliedLang === lang) return;
    appliedLang = lang;
    document.documentElement.lang = lang;
    document.title = t('app_name');
    for (const node of document.querySelectorAll('[data-i18n]')) {
      node.textContent = t(node.getAttribute('data-i18n'));
    }
    for (const node of document.querySelectorAll('[data-i18n-aria]')) {
      node.setAttribute('aria-label', t(node.getAttribute('data-i18n-aria')));
    }
    $('lang-ja').setAttribute('aria-pressed', String(lang === 'ja'));
    $('lang-en').setAttribute('aria-pressed', String(lang === 'en'));
  }

  // ---------------------------------------------------------------- render
  function render(view) {
    if (!view || typeof view !== 'object') return;
    lang = view.lang === 'en' ? 'en' : 'ja';
    applyStaticStrings();
    document.body.classList.remove('loading');

    const state = STATES.includes(view.state) ? view.state : 'not_configured';
    const unset = state === 'not_configured';
    document.body.classList.toggle('not-configured', unset);
    placeSettings(unset);

    renderTraining(view.training);
    renderProblems(view.problems);
    renderBanner(view, state, unset);
    $('overview').hidden = unset;
    renderOverview(view);
    contactsById = new Map((Array.isArray(view.contacts) ? view.contacts : [])
      .filter(Boolean).map((c) => [c.id, c]));
    window.OnshiChooser.render(view.chooser, lang, unset);
    renderSteps(view.step_groups, view.steps_note, unset);
    setText('facility-hint', view.facility_hint || '');
    $('facility-hint').hidden = !view.facility_hint;
    renderServices(view.services, unset);
    renderContact(view.contact, unset);
    renderTimeline(view.timeline, unset);
    renderSources(view.sources, unset);
    renderSettings(view);
  }

  // What moves every second: the clock and the countdown (the "tick" event).
  function renderTick(tick) {
    if (!tick || typeof tick !== 'object') return;
    setText('now-label', tick.now_label || '');
    const seconds = tick.countdown_seconds;
    setText('countdown', typeof seconds === 'number' ? formatCountdown(seconds) : '');
  }

  // What a command answers: the whole view and the clock.
  function renderFrame(frame) {
    if (!frame || typeof frame !== 'object') return;
    render(frame.view);
    renderTick(frame.tick);
  }

  function renderTraining(training) {
    const node = $('training');
    if (training && typeof training === 'object') {
      setText('training', training.label || ('×' + training.speed));
      node.hidden = false;
    } else {
      node.hidden = true;
      setText('training', '');
    }
  }

  function renderProblems(problems) {
    const list = $('problems');
    const items = Array.isArray(problems) ? problems.filter((p) => p !== null && p !== '') : [];
    const key = JSON.stringify(items);
    if (list.dataset.key === key) return;
    list.dataset.key = key;
    clear(list);
    for (const p of items) list.appendChild(el('li', null, String(p)));
    list.hidden = items.length === 0;
  }

  function renderBanner(view, state, unset) {
    const banner = $('banner');
    const cls = 'banner state-' + state;
    if (banner.className !== cls) banner.className = cls;
    $('banner-symbol-use').setAttribute('href', '#sym-' + (state === 'partial' ? 'intermittent' : state));

    setText('state-label', view.state_label || '');
    const pref = view.prefecture ? prefName(view.prefecture) : '';
    setText('banner-prefecture', [pref, view.region].filter(Boolean).join(' · '));

    $('banner-details').hidden = unset;

    const cd = view.countdown;
    if (cd && typeof cd === 'object') {
      setText('countdown-label', cd.label || '');
      setText('countdown-target', cd.target_label || '');
      $('countdown-box').hidden = false;
    } else {
      setText('countdown-label', '');
      setText('countdown', '');
      setText('countdown-target', '');
      $('countdown-box').hidden = true;
    }

    // Who acknowledged the banner in force (this PC or another at the counter).
    $('alert-ack').hidden = !view.alert_ack;
    setText('alert-ack', view.alert_ack || '');

    const muted = $('muted');
    muted.hidden = !view.muted_until_label;
    setText('muted', view.muted_until_label || '');

    // The backend says when muting makes sense.
    $('mute').hidden = unset || !view.can_mute;
    // What pressing it does now: 「通知を再開する」 once muted, as the tray says.
    setText('mute', view.mute_label || t('mute'));
  }

  function windowSummary(w) {
    const box = el('div', 'win kind-' + (w.kind === 'full' ? 'full' : 'intermittent'));
    const head = el('div', 'win-head');
    head.appendChild(symbol(w.kind === 'full' ? 'full' : 'intermittent', 'kind-symbol'));
    head.appendChild(el('span', 'kind-label', w.kind_label || w.kind || ''));
    box.appendChild(head);
    box.appendChild(el('div', 'win-range', w.range_label || ''));
    if (w.region) box.appendChild(el('div', 'win-meta', w.region));
    return box;
  }

  function renderWindowInto(id, w) {
    const node = $(id);
    const key = JSON.stringify([lang, w || null]);
    if (node.dataset.key === key) return;
    node.dataset.key = key;
    clear(node);
    if (w && typeof w === 'object') node.appendChild(windowSummary(w));
    else node.appendChild(el('span', 'none', t('none')));
  }

  function renderOverview(view) {
    const node = $('prefecture');
    const key = JSON.stringify([lang, view.prefecture, view.region]);
    if (node.dataset.key !== key) {
      node.dataset.key = key;
      clear(node);
      if (view.prefecture) {
        node.appendChild(el('span', 'pref-name', prefName(view.prefecture)));
        if (view.region) node.appendChild(el('span', 'region-tag', view.region));
      } else {
        node.appendChild(el('span', 'none', t('none')));
      }
    }
    renderWindowInto('current-window', view.window);
    renderWindowInto('next-window', view.next_window);
  }

  function sourceSpan(item) {
    const span = el('span', 'source ' + (item.primary ? 'primary' : 'secondary'));
    if (!item.source_label && !item.source_url) return span;
    if (item.primary) {
      span.appendChild(el('span', 'source-prefix', t('source') + ': '));
    } else {
      span.appendChild(el('span', 'source-prefix', t('reference') + ': '));
    }
    span.appendChild(link(item.source_label, item.source_url));
    return span;
  }

  // The view's contacts by id: a step that names one gets its own hours beside it.
  let contactsById = new Map();

  function contactLine(id) {
    const c = contactsById.get(id);
    if (!c) return null;
    const line = el('span', 'step-contact ' + (c.open ? 'open' : 'closed'));
    line.appendChild(el('span', 'step-contact-hours', c.name + ' ' + c.phone + ' ' + c.hours));
    line.appendChild(el('span', 'step-contact-now', c.now));
    line.appendChild(sourceSpan({ primary: c.primary, source_label: c.source_label, source_url: c.source_url }));
    return line;
  }

  // One group of steps: its heading and the steps, each with its source; a step that
  // needs a service which is down says so (and why) instead of being hidden.
  function groupNode(g) {
    const phase = String(g.phase || '').replace(/[^a-z_]/g, '');
    const section = el('div', 'step-group phase-' + phase + (g.later ? ' later' : ''));
    section.dataset.phase = phase;
    section.appendChild(el('h3', 'steps-title', g.title || ''));
    const list = el('ol', 'steps');
    for (const item of Array.isArray(g.steps) ? g.steps : []) {
      if (!item) continue;
      const li = el('li', (item.primary ? 'step primary' : 'step secondary') +
        (item.unavailable ? ' unavailable' : ''));
      li.appendChild(el('span', 'step-text', item.text || ''));
      if (item.unavailable) li.appendChild(el('span', 'step-unavailable', item.unavailable));
      li.appendChild(sourceSpan(item));
      for (const also of Array.isArray(item.also) ? item.also : []) {
        if (also) li.appendChild(sourceSpan({ primary: also.primary, source_label: also.label, source_url: also.url }));
      }
      const contact = item.contact ? contactLine(item.contact) : null;
      if (contact) li.appendChild(contact);
      list.appendChild(li);
    }
    section.appendChild(list);
    return section;
  }

  function renderSteps(groups, note, unset) {
    $('steps-section').hidden = unset;
    const box = $('step-groups');
    const items = Array.isArray(groups) ? groups.filter(Boolean) : [];
    const key = JSON.stringify([lang, items, note, [...contactsById.values()]]);
    if (box.dataset.key === key) return;
    box.dataset.key = key;
    clear(box);
    for (const g of items) box.appendChild(groupNode(g));
    setText('steps-empty', items.length ? '' : (note || ''));
    $('steps-empty').hidden = items.length > 0;
  }

  function renderServices(services, unset) {
    const items = !unset && Array.isArray(services) ? services.filter(Boolean) : [];
    $('services-section').hidden = items.length === 0;
    const box = $('services');
    const key = JSON.stringify([lang, items]);
    if (box.dataset.key === key) return;
    box.dataset.key = key;
    clear(box);
    for (const s of items) {
      const state = String(s.state || '').replace(/[^a-z_]/g, '');
      const card = el('div', 'service state-' + state);
      card.dataset.service = String(s.service || '');
      const head = el('div', 'service-head');
      head.appendChild(el('span', 'service-name', s.name || ''));
      head.appendChild(el('span', 'service-state', s.state_label || ''));
      card.appendChild(head);
      const w = s.window || s.next_window;
      if (w) {
        const prefix = s.window ? '' : (lang === 'en' ? 'Next: ' : '次: ');
        card.appendChild(el('div', 'win-range', prefix + (w.range_label || '') + ' ' + (w.kind_label || '')));
        if (w.region) card.appendChild(el('div', 'win-meta', w.region));
      }
      if (s.until_label) card.appendChild(el('div', 'service-until', s.until_label));
      if (s.extension) card.appendChild(el('div', 'service-extension', s.extension));
      for (const g of Array.isArray(s.groups) ? s.groups : []) card.appendChild(groupNode(g));
      // A service of the clinic's own: who to call, as its definition says.
      if (s.contact && typeof s.contact === 'object') {
        const who = [s.contact.name, s.contact.phone, s.contact.hours].filter(Boolean).join('  ');
        card.appendChild(el('div', 'service-contact', (lang === 'en' ? 'Who to call: ' : '問い合わせ先: ') + who));
      }
      box.appendChild(card);
    }
  }

  function renderContact(contact, unset) {
    const has = !unset && contact && typeof contact === 'object';
    $('contact-section').hidden = !has;
    if (!has) return;
    setText('contact-name', contact.name);
    setText('contact-phone', contact.phone);
    setText('contact-hours', contact.hours);
    setText('contact-now', contact.now);
    $('contact-now').className = 'contact-now ' + (contact.open ? 'open' : 'closed');
    const src = $('contact-source');
    const key = JSON.stringify([lang, contact.source_label, contact.source_url]);
    if (src.dataset.key !== key) {
      src.dataset.key = key;
      clear(src);
      src.appendChild(sourceSpan({ primary: false, source_label: contact.source_label, source_url: contact.source_url }));
    }
  }

  function renderTimeline(timeline, unset) {
    $('timeline-section').hidden = unset;
    const list = $('timeline');
    const items = Array.isArray(timeline) ? timeline.filter(Boolean) : [];
    const key = JSON.stringify([lang, items]);
    if (list.dataset.key === key) return;
    list.dataset.key = key;
    clear(list);
    for (const w of items) {
      const classes = ['kind-' + (w.kind === 'full' ? 'full' : 'intermittent')];
      if (w.past) classes.push('past');
      if (w.current) classes.push('current');
      if (w.cancelled) classes.push('cancelled');
      const li = el('li', classes.join(' '));
      li.appendChild(symbol(w.kind === 'full' ? 'full' : 'intermittent', 'kind-symbol'));
      const body = el('div', 'tl-body');
      const head = el('div', 'tl-head');
      head.appendChild(el('span', 'kind-label', w.kind_label || w.kind || ''));
      if (w.cancelled) head.appendChild(el('span', 'tl-badge badge-cancelled', t('cancelled')));
      else if (w.current) head.appendChild(el('span', 'tl-badge badge-current', t('current')));
      else if (w.past) head.appendChild(el('span', 'tl-badge badge-past', t('past')));
      if (w.revision > 1) {
        head.appendChild(el('span', 'tl-badge badge-revision',
          lang === 'en' ? 'revision ' + w.revision : '第' + w.revision + '版'));
      }
      body.appendChild(head);
      body.appendChild(el('div', 'tl-range', w.range_label || ''));
      const meta = [w.service !== 'oqs' ? w.service_name : null, w.region, w.notice_title].filter(Boolean);
      if (meta.length) body.appendChild(el('div', 'tl-meta', meta.join(' — ')));
      li.appendChild(body);
      list.appendChild(li);
    }
    list.hidden = items.length === 0;
    $('timeline-empty').hidden = items.length > 0;
  }

  function renderSources(sources, unset) {
    const items = Array.isArray(sources) ? sources.filter(Boolean) : [];
    $('sources-section').hidden = unset || items.length === 0;
    const list = $('sources');
    const key = JSON.stringify(items);
    if (list.dataset.key === key) return;
    list.dataset.key = key;
    clear(list);
    for (const s of items) {
      const li = el('li');
      li.appendChild(link(s.label, s.url));
      if (s.url) li.appendChild(el('span', 'src-url', s.url));
      list.appendChild(li);
    }
  }

  // ---------------------------------------------------------------- settings
  // The form is filled from `view.settings` only when those settings changed
  // (first view, after a save, after set_lang) and only in fields the user is
  // not editing; the per-second "view" events never overwrite what is typed.
  const form = $('settings');
  const fields = {
    prefecture: $('setting-prefecture'),
    facility: $('setting-facility'),
    erx: $('setting-erx'),
    reminders: $('setting-reminders'),
    autostart: $('setting-autostart'),
    opening: $('setting-opening-hours'),
  };
  const dirty = { prefecture: false, facility: false, erx: false, reminders: false, autostart: false, opening: false };
  let appliedSettings = null; // JSON of the settings last written into the form
  let optionsKey = null;
  let saving = false;

  fields.prefecture.addEventListener('change', () => { dirty.prefecture = true; clearSaved(); });
  fields.facility.addEventListener('change', () => { dirty.facility = true; clearSaved(); });
  fields.erx.addEventListener('change', () => { dirty.erx = true; clearSaved(); });
  fields.reminders.addEventListener('input', () => { dirty.reminders = true; clearSaved(); });
  fields.autostart.addEventListener('change', () => { dirty.autostart = true; clearSaved(); });
  fields.opening.addEventListener('input', () => { dirty.opening = true; clearSaved(); });

  function clearSaved() { setText('settings-saved', ''); }

  function fillPrefectureOptions(prefectures) {
    const list = Array.isArray(prefectures) ? prefectures : [];
    const key = JSON.stringify([lang, list.map((p) => p && p.code)]);
    if (optionsKey === key) return;
    optionsKey = key;
    const select = fields.prefecture;
    const keep = select.value;
    clear(select);
    const placeholder = el('option', null, t('choose_prefecture'));
    placeholder.value = '';
    placeholder.disabled = true;
    select.appendChild(placeholder);
    for (const p of list) {
      if (!p) continue;
      const opt = el('option', null, lang === 'en'
        ? (p.name_en || p.name) + (p.name && p.name_en ? ' (' + p.name + ')' : '')
        : prefName(p));
      opt.value = String(p.code);
      select.appendChild(opt);
    }
    select.value = keep;
    if (select.value !== keep) select.value = '';
  }

  let facilityKey = null;
  function fillFacilityOptions(facilities) {
    const list = Array.isArray(facilities) ? facilities.filter(Boolean) : [];
    const key = JSON.stringify([lang, list]);
    if (facilityKey === key) return;
    facilityKey = key;
    const select = fields.facility;
    const keep = select.value;
    clear(select);
    const placeholder = el('option', null, t('choose_facility'));
    placeholder.value = '';
    placeholder.disabled = true;
    select.appendChild(placeholder);
    for (const f of list) {
      const opt = el('option', null, f.label || f.id);
      opt.value = String(f.id);
      select.appendChild(opt);
    }
    select.value = keep;
    if (select.value !== keep) select.value = '';
  }

  function fillForm(settings, force) {
    if (!settings || typeof settings !== 'object') return;
    const key = JSON.stringify(settings);
    if (!force && appliedSettings === key) return;
    const prev = appliedSettings ? JSON.parse(appliedSettings) : {};
    appliedSettings = key;
    const changed = (name) => force || JSON.stringify(prev[name]) !== JSON.stringify(settings[name]);
    if (changed('prefecture') && (force || !dirty.prefecture)) {
      fields.prefecture.value = settings.prefecture === null || settings.prefecture === undefined
        ? '' : String(settings.prefecture);
      if (fields.prefecture.value === '' && settings.prefecture !== null && settings.prefecture !== undefined) {
        fields.prefecture.value = '';
      }
      dirty.prefecture = false;
    }
    if (changed('facility') && (force || !dirty.facility)) {
      fields.facility.value = settings.facility ? String(settings.facility) : '';
      dirty.facility = false;
    }
    if (changed('reminders_minutes') && (force || !dirty.reminders)) {
      fields.reminders.value = Array.isArray(settings.reminders_minutes)
        ? settings.reminders_minutes.join(', ') : '';
      dirty.reminders = false;
    }
    if (changed('erx') && (force || !dirty.erx)) {
      // Unset means "as the facility type suggests": every type is on one side of it.
      fields.erx.checked = settings.erx !== false;
      dirty.erx = false;
    }
    if (changed('autostart') && (force || !dirty.autostart)) {
      fields.autostart.checked = !!settings.autostart;
      dirty.autostart = false;
    }
    if (changed('opening_hours') && (force || !dirty.opening)) {
      fields.opening.value = typeof settings.opening_hours === 'string' ? settings.opening_hours : '';
      dirty.opening = false;
    }
    // What reminders keep to now, as the app read it: the echo of the field.
    setText('opening-hours-now', t('opening_hours_now') + (settings.opening_hours_label || ''));
  }

  function renderSettings(view) {
    fillPrefectureOptions(view.prefectures);
    fillFacilityOptions(view.facilities);
    fillForm(view.settings, false);
    $('setup-hint').hidden = view.state !== 'not_configured';
  }

  // In setup mode the settings come first; the node is moved (not rebuilt), so
  // whatever the user typed stays.
  let settingsOnTop = null;
  function placeSettings(onTop) {
    if (settingsOnTop === onTop) return;
    settingsOnTop = onTop;
    const main = $('main');
    const section = $('settings-section');
    if (onTop) main.insertBefore(section, $('banner').nextSibling);
    else main.appendChild(section);
  }

  function currentLang() {
    return lang;
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (saving) return;
    setText('settings-error', '');
    clearSaved();
    const prefecture = fields.prefecture.value;
    if (!prefecture) {
      setText('settings-error', t('err_prefecture'));
      fields.prefecture.focus();
      return;
    }
    const facility = fields.facility.value;
    if (!facility) {
      setText('settings-error', t('err_facility'));
      fields.facility.focus();
      return;
    }
    const reminders = parseReminders(fields.reminders.value);
    if (reminders === null) {
      setText('settings-error', t('err_reminders'));
      fields.reminders.focus();
      return;
    }
    const settings = {
      prefecture: prefecture,
      facility: facility,
      erx: fields.erx.checked,
      lang: currentLang(),
      reminders_minutes: reminders,
      autostart: fields.autostart.checked,
      opening_hours: fields.opening.value,
    };
    saving = true;
    const button = $('settings-save');
    button.disabled = true;
    button.textContent = t('saving');
    invoke('save_settings', { settings })
      .then((frame) => {
        dirty.prefecture = dirty.facility = dirty.erx = dirty.reminders = dirty.autostart = false;
        dirty.opening = false;
        renderFrame(frame);
        const view = frame && frame.view;
        if (view && view.settings) fillForm(view.settings, true);
        setText('settings-saved', t('saved'));
      })
      .catch((err) => {
        setText('settings-error', errorText(err));
      })
      .finally(() => {
        saving = false;
        button.disabled = false;
        button.textContent = t('save');
      });
  });

  // ---------------------------------------------------------------- actions
  function act(promise) {
    promise.then(renderFrame).catch((err) => console.error(errorText(err)));
  }
  $('lang-ja').addEventListener('click', () => act(invoke('set_lang', { lang: 'ja' })));
  $('lang-en').addEventListener('click', () => act(invoke('set_lang', { lang: 'en' })));
  $('mute').addEventListener('click', () => act(invoke('mute', {})));
  $('print-sheet').addEventListener('click', () => {
    const note = $('print-note');
    invoke('open_sheet', {})
      .then((path) => { note.textContent = String(path); note.hidden = false; })
      .catch((err) => { note.textContent = errorText(err); note.hidden = false; });
  });

  // Never let the webview navigate away (dropped files, stray links).
  document.addEventListener('dragover', (ev) => ev.preventDefault());
  document.addEventListener('drop', (ev) => ev.preventDefault());

  // ---------------------------------------------------------------- start
  function showFatal(message) {
    renderProblems([t('err_backend') + ': ' + message]);
    document.body.classList.remove('loading');
  }

  applyStaticStrings();
  if (!tauri || !tauri.core || !tauri.event) {
    showFatal('window.__TAURI__ is missing');
    return;
  }
  tauri.event.listen('view', (event) => render(event.payload))
    .catch((err) => console.error('listen', errorText(err)));
  tauri.event.listen('tick', (event) => renderTick(event.payload))
    .catch((err) => console.error('listen', errorText(err)));
  invoke('get_view').then(renderFrame).catch((err) => showFatal(errorText(err)));
})();
