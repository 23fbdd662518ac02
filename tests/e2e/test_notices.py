"""The notices page (お知らせ) through WebDriver: hand entry, a refused import, and a pasted
notice read into the form; each saved file checked by the real `onshi check`."""

import subprocess

from harness import ROOT, Tray, jst, wait_for
from test_window import wait_state

ONSHI = ROOT / "target" / "debug" / "onshi"
PASTE = (ROOT / "tests" / "e2e" / "paste-notice.txt").read_text(encoding="utf-8")
RANGE = "1月15日(水) 10:00 〜 12:00（予定）"


def onshi_check(path):
    assert ONSHI.exists(), f"{ONSHI} is missing: run `cargo build --bin onshi` first"
    return subprocess.run([ONSHI, "check", path], capture_output=True, text=True, timeout=30)


def set_value(wd, css, value):
    """Types into an input (datetime-local included) as the page sees typing."""
    got = wd.js("""const e = document.querySelector(arguments[0]);
        e.value = arguments[1];
        e.dispatchEvent(new Event('input', {bubbles: true}));
        e.dispatchEvent(new Event('change', {bubbles: true}));
        return e.value;""", css, value)
    assert got == value, f"{css}: {got!r}"


def open_page(wd):
    wd.click("#nav-notices")
    wd.wait("the notices page to open", lambda: wd.displayed("#notices-page"))
    wd.wait_text("#notice-list", lambda t: "組み込み" in t)


def notices_files(session):
    d = session.config_dir / "notices"
    return sorted(p.name for p in d.iterdir()) if d.exists() else []


def timeline_has(wd, text):
    return wd.wait_text("#timeline", lambda t: text in t, timeout=15)


def test_hand_entry_writes_a_checked_file_and_the_window_follows(session):
    session.start_desktop()
    session.write_settings('prefecture = 40\nlang = "ja"\n')
    wd = session.webdriver("--at", "2025-01-15T09:00:00+09:00")
    wait_state(wd, "normal")
    open_page(wd)
    assert not wd.displayed("#main"), "the status page stays visible under the notices page"
    # The built-in notice is listed with its origin, revision and its windows for 福岡県.
    builtin = wd.text('#notice-list li[data-id="mhlw-2024-12-24-network-upgrade"]')
    assert "組み込み" in builtin and "第1版" in builtin and "2024-12-24" in builtin, builtin
    assert "12月31日(火) 3:00 〜 5:20（予定）" in builtin and "西日本エリア" in builtin, builtin

    wd.select("#manual-service", "oqs")
    wd.select("#manual-kind", "full")
    set_value(wd, "#manual-start", "2025-01-15T10:00")
    set_value(wd, "#manual-end", "2025-01-15T12:00")
    wd.click("#manual-tentative")
    wd.select("#manual-scope", "prefectures")
    wd.js("""const s = document.querySelector('#manual-prefectures');
        for (const o of s.options) o.selected = (o.value === '40');
        s.dispatchEvent(new Event('change', {bubbles: true}));""")
    set_value(wd, "#manual-title", "回線工事に伴う停止 <img src=x onerror=alert(1)>")
    set_value(wd, "#manual-url", "https://example.org/onshi-watch/e2e")
    wd.click("#manual-save")
    status = wd.wait_text("#notices-status", lambda t: "保存しました" in t)
    assert wd.text("#manual-error") == ""
    files = notices_files(session)
    assert files == ["manual-20250115-1000-oqs.toml"], files
    path = session.config_dir / "notices" / files[0]
    assert str(path) in status, status
    check = onshi_check(path)
    assert check.returncode == 0 and ": ok" in check.stdout, (check.stdout, check.stderr)

    item = wd.wait_text('#notice-list li[data-manual-id="20250115-1000-oqs"]', lambda t: RANGE in t)
    assert "手入力" in item and "<img src=x onerror=alert(1)>" in item, item
    assert wd.js("return document.querySelectorAll('img').length") == 0
    wd.screenshot("notices-hand-entry")

    wd.click("#notices-back")
    wd.wait("the status page to come back", lambda: wd.displayed("#main"))
    wait_state(wd, "upcoming")
    timeline_has(wd, RANGE)
    assert RANGE in wd.text("#next-window")
    tray = Tray(session, *session.wait_tray_item())
    wait_for(lambda: any(RANGE in l for l in tray.labels_when_ready() or []), 15,
             "the tray's next line to show the new window")

    # Edit (the form refilled from the file), then delete with a confirmation.
    open_page(wd)
    wd.click('#notice-list li[data-manual-id="20250115-1000-oqs"] .notice-edit')
    wd.wait("the form to be refilled", lambda: wd.prop("#manual-start", "value") == "2025-01-15 10:00")
    assert wd.text("#notices-status") == ""
    assert wd.prop("#manual-scope", "value") == "prefectures"
    set_value(wd, "#manual-end", "2025-01-15T13:00")
    wd.click("#manual-save")
    wd.wait("the edit to be saved",
            lambda: "保存しました" in wd.text("#notices-status") or wd.text("#manual-error"))
    assert wd.text("#manual-error") == "", wd.text("#manual-error")
    wd.wait_text('#notice-list li[data-manual-id="20250115-1000-oqs"]',
                 lambda t: "10:00 〜 13:00" in t and "第2版" in t)
    assert notices_files(session) == files
    assert onshi_check(path).returncode == 0
    wd.click('#notice-list li[data-manual-id="20250115-1000-oqs"] .notice-delete')
    assert path.exists(), "deleted without a confirmation"
    wd.click('#notice-list li[data-manual-id="20250115-1000-oqs"] .notice-delete')
    wd.wait_text("#notices-status", lambda t: "削除しました" in t)
    assert notices_files(session) == []
    wd.click("#notices-back")
    wait_state(wd, "normal")


BROKEN = """id = "e2e-broken"
title = "壊れたお知らせ"
issuer = "テスト"
issued = 2025-01-10

[[window]]
id = "w1"
kind = "down"
nationwide = true
start = 2025-01-20T03:00:00+09:00
end = 2025-01-20T05:00:00+09:00
"""


def test_a_broken_import_is_refused_with_line_and_column_and_nothing_is_written(session):
    src = session.tmp / "incoming"
    src.mkdir()
    broken = src / "broken.toml"
    broken.write_text(BROKEN, encoding="utf-8")
    good = src / "2025-01-20-good.toml"
    good.write_text(BROKEN.replace('"down"', '"full"').replace("e2e-broken", "e2e-good"),
                    encoding="utf-8")
    session.start_desktop()
    session.write_settings('prefecture = 40\nlang = "ja"\n')
    wd = session.webdriver("--at", "2025-01-15T09:00:00+09:00")
    wait_state(wd, "normal")
    open_page(wd)

    set_value(wd, "#import-path", str(broken))
    wd.click("#import-check")
    err = wd.wait_text("#import-error", lambda t: t != "")
    assert f"{broken}:8:8:" in err and "down" in err, err
    # In Japanese: where in words, what is wrong, what to do (the English kept after it).
    assert "8行目8文字目" in err and "「down」は使えない値です" in err and "直してから" in err, err
    assert not wd.displayed("#import-confirm")
    assert notices_files(session) == []
    wd.screenshot("notices-import-refused")

    # A good file: the preview says what it changes here, then it is copied.
    set_value(wd, "#import-path", str(good))
    wd.click("#import-check")
    preview = wd.wait_text("#import-preview", lambda t: "新しいお知らせです" in t)
    assert "1月20日(月) 3:00 〜 5:00" in preview and "全国" in preview, preview
    assert wd.text("#import-error") == ""
    wd.click("#import-confirm")
    wd.wait_text("#notices-status", lambda t: "取り込みました" in t)
    assert notices_files(session) == ["2025-01-20-good.toml"]
    assert (session.config_dir / "notices" / "2025-01-20-good.toml").read_bytes() == good.read_bytes()
    item = wd.wait_text('#notice-list li[data-id="e2e-good"]', lambda t: "フォルダ" in t)
    assert "1月20日(月) 3:00 〜 5:00" in item, item
    # The imported notice is brought to where the user is looking (the import box is far below).
    wd.wait("the imported notice to come into view", lambda: in_view(wd, 'li[data-id="e2e-good"]'))
    assert "取り込みました" in item, item
    assert wd.js("return document.activeElement.dataset.id") == "e2e-good"
    wd.click("#notices-back")
    timeline_has(wd, "1月20日(月) 3:00 〜 5:00")


def test_pasted_text_fills_the_form_and_the_saved_window_is_reminded(session):
    session.start_desktop()
    session.write_settings('prefecture = 40\nlang = "ja"\nreminders_minutes = [5]\n')
    # 09:50 at 5× speed: the 5-minute reminder (09:55) comes about a minute after start.
    wd = session.webdriver("--at", "2025-01-15T09:50:00+09:00", "--speed", 5)
    wait_state(wd, "normal")
    open_page(wd)
    wd.click("#draft-box summary")
    set_value(wd, "#draft-text", PASTE)
    wd.click("#draft-read")
    wd.wait_text("#draft-summary", lambda t: "1件の時間帯を読み取りました" in t)
    assert wd.prop("#manual-start", "value") == "2025-01-15 10:00"
    assert wd.prop("#manual-end", "value") == "2025-01-15 12:00"
    assert wd.wait_text("#manual-start-echo", lambda t: "2025年1月15日(水) 10:00" in t)
    assert wd.prop("#manual-tentative", "checked") is True
    assert wd.prop("#manual-scope", "value") == "prefectures"
    assert wd.prop("#manual-title", "value") == "オンライン資格確認等システムの計画停止について"
    flagged = wd.js("""return [...document.querySelectorAll('#manual-form .field.needs-review')]
        .map(f => [f.dataset.field, f.querySelector('.why').textContent]);""")
    fields = dict(flagged)
    assert "曜日" in fields.get("start", ""), flagged
    assert "end" in fields and "issuer" in fields, flagged
    assert "title" not in fields and "kind" not in fields, flagged
    # The count is of the fields highlighted, no more (not the made-up id).
    assert f"{len(flagged)}か所を確認してください" in wd.text("#draft-summary"), (wd.text("#draft-summary"), flagged)
    assert wd.prop("#manual-issued", "value") == "2025-01-10"
    wd.screenshot("notices-draft-review")

    # Staff check the two dates against the notice and fill in who sent it, then save.
    set_value(wd, "#manual-issuer", "支払基金")
    set_value(wd, "#manual-memo", "メールで受領（1月10日）")
    wd.click("#manual-save")
    wd.wait_text("#notices-status", lambda t: "保存しました" in t)
    assert wd.text("#manual-error") == ""
    files = notices_files(session)
    assert len(files) == 1 and files[0].startswith("manual-"), files
    check = onshi_check(session.config_dir / "notices" / files[0])
    assert check.returncode == 0, (check.stdout, check.stderr)
    saved = (session.config_dir / "notices" / files[0]).read_text(encoding="utf-8")
    assert 'issuer = "支払基金"' in saved and "issued = 2025-01-10" in saved, saved
    assert wd.js("return document.querySelectorAll('#manual-form .needs-review').length") == 0

    wd.click("#notices-back")
    timeline_has(wd, RANGE)
    assert RANGE in wd.text("#next-window")
    _, m = wd.app.proc.wait_line(r"notify at=\S+ due=(\S+) kind=\"reminder\"", 120, "stdout")
    assert m.group(1) == "2025-01-15T09:55:00+09:00", m.group(0)
    assert jst("2025-01-15T09:55") == wd.app.notify_lines()[0]["due"]


def in_view(wd, css):
    return wd.js("""const r = document.querySelector(arguments[0]).getBoundingClientRect();
        return r.top >= 0 && r.top < window.innerHeight;""", css)


def test_dates_typed_as_staff_write_them_are_echoed_with_the_weekday_and_saved(session):
    session.start_desktop()
    session.write_settings('prefecture = 40\nlang = "ja"\n')
    wd = session.webdriver("--at", "2026-12-03T09:00:00+09:00")
    wait_state(wd, "normal")
    open_page(wd)
    assert wd.prop("#manual-start", "type") == "text"
    # Each form reads as the same instant, echoed with its year and weekday.
    for typed in ["12/31 3:00", "2026-12-31 03:00", "令和8年12月31日 3時"]:
        set_value(wd, "#manual-start", typed)
        echo = wd.wait_text("#manual-start-echo", lambda t: "2026年12月31日(木) 3:00" in t)
        assert "読めません" not in echo, (typed, echo)
        assert ("2026年としました" in echo) == (typed == "12/31 3:00"), (typed, echo)
    # An unreadable one: a clear Japanese message, not a silent guess.
    set_value(wd, "#manual-end", "12/31")
    err = wd.wait_text("#manual-end-echo", lambda t: "時刻がありません" in t)
    assert "when-error" in wd.prop("#manual-end-echo", "className"), err
    set_value(wd, "#manual-end", "12/31 5:20")
    wd.wait_text("#manual-end-echo", lambda t: "2026年12月31日(木) 5:20" in t)
    wd.js("document.querySelector('#manual-start').scrollIntoView({block: 'start'})")
    wd.screenshot("notices-date-echo")
    set_value(wd, "#manual-title", "年末の回線工事")
    wd.js("document.querySelector('#manual-save').scrollIntoView()")
    assert not in_view(wd, "#notices-status")
    wd.click("#manual-save")
    wd.wait_text("#notices-status", lambda t: "保存しました" in t)
    assert wd.text("#manual-error") == ""
    files = notices_files(session)
    assert files == ["manual-20261231-0300-oqs.toml"], files
    text = (session.config_dir / "notices" / files[0]).read_text(encoding="utf-8")
    assert "start = 2026-12-31T03:00:00+09:00" in text and "end = 2026-12-31T05:20:00+09:00" in text, text
    assert onshi_check(session.config_dir / "notices" / files[0]).returncode == 0
    # The saved notice is brought to where the user is looking, marked and focused.
    item = 'li[data-manual-id="20261231-0300-oqs"]'
    wd.wait("the saved notice to come into view", lambda: in_view(wd, item))
    assert "保存しました" in wd.text(item) and "12月31日(木) 3:00 〜 5:20" in wd.text(item), wd.text(item)
    assert wd.js("return document.activeElement.dataset.manualId") == "20261231-0300-oqs"
    wd.screenshot("notices-typed-dates")


SEED = (ROOT / "tests" / "fixtures" / "draft" / "seed.txt").read_text(encoding="utf-8")
MHLW = "厚生労働省保険局医療介護連携政策課（事務連絡）"


def test_a_pasted_notice_keeps_its_issuer_date_and_named_area(session):
    session.start_desktop()
    session.write_settings('prefecture = 13\nlang = "ja"\n')
    wd = session.webdriver("--at", "2024-12-26T09:00:00+09:00")
    wait_state(wd, "normal")
    open_page(wd)
    wd.click("#draft-box summary")
    # The notice's own 東日本エリア (without 長野県): not the built-in one.
    set_value(wd, "#draft-text", SEED.replace("山梨県、長野県", "山梨県"))
    wd.click("#draft-read")
    wd.wait_text("#draft-summary", lambda t: "3件の時間帯を読み取りました" in t)
    options = wd.js("return [...document.querySelectorAll('#draft-window option')].map(o => o.textContent)")
    east = next(i for i, label in enumerate(options) if "east" in label)
    wd.select("#draft-window", str(east))
    wd.wait("the east window's form", lambda: wd.prop("#manual-scope", "value") == "area")
    assert wd.prop("#manual-issuer", "value") == MHLW
    assert wd.prop("#manual-issued", "value") == "2024-12-24"
    area = wd.js("const s = document.querySelector('#manual-area'); return s.options[s.selectedIndex].textContent")
    assert area.startswith("東日本エリア") and "16都道府県" in area, area
    wd.js("document.querySelector('#manual-scope').scrollIntoView({block: 'start'})")
    wd.screenshot("notices-own-area")
    flagged = wd.js("return document.querySelectorAll('#manual-form .field.needs-review').length")
    summary = wd.text("#draft-summary")
    assert (f"{flagged}か所を確認してください" in summary) if flagged else ("か所" not in summary), summary
    wd.js("document.querySelector('#manual-save').scrollIntoView({block: 'center'})")
    wd.click("#manual-save")
    wd.wait("the notice to be saved",
            lambda: "保存しました" in wd.text("#notices-status") or wd.text("#manual-error"))
    assert wd.text("#manual-error") == "", wd.text("#manual-error")
    files = notices_files(session)
    assert len(files) == 1, files
    path = session.config_dir / "notices" / files[0]
    text = path.read_text(encoding="utf-8")
    assert f'issuer = "{MHLW}"' in text and "issued = 2024-12-24" in text, text
    assert "[region.east-notice]" in text and 'name = "東日本エリア"' in text, text
    assert onshi_check(path).returncode == 0
    # The list, the banner's place and the timeline name the area, not 16 prefectures.
    item = wd.wait_text(f'#notice-list li[data-manual-id="{files[0][7:-5]}"]', lambda t: "東日本エリア" in t)
    assert "北海道" not in item, item
    wd.click("#notices-back")
    timeline = timeline_has(wd, "12月31日(火) 12:00")
    assert "東日本エリア" in timeline and "北海道" not in timeline, timeline
    assert "北海道" not in wd.text("#next-window"), wd.text("#next-window")
