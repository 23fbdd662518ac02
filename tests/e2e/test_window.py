"""The status window through WebDriver (WebKitWebDriver driving the app's own webview)."""

import time

from harness import guidance_steps, hms, wait_for

GROUPS_JS = """return [...document.querySelectorAll('#step-groups .step-group')].map(g => ({
    phase: g.dataset.phase, later: g.classList.contains('later'),
    title: g.querySelector('.steps-title').textContent,
    steps: [...g.querySelectorAll('li')].map(li => [
        (li.querySelector('.step-text') || {}).textContent || '',
        (li.querySelector('.source') || {}).textContent || ''])}));"""


def banner_class(wd):
    return wd.attr("#banner", "class")


def wait_state(wd, state, timeout=15):
    return wd.wait(f"the banner to be state-{state} (it is {banner_class(wd)!r})",
                   lambda: banner_class(wd) == f"banner state-{state}", timeout)


def countdown_moves(wd):
    """The countdown changes (down) while we watch; returns two readings in seconds."""
    first = hms(wd.wait_text("#countdown", lambda t: ":" in t))
    second = hms(wd.wait_text("#countdown", lambda t: ":" in t and hms(t) != first))
    assert second < first, f"countdown went from {first} s to {second} s"
    return first, second


def check_steps(wd, groups, lang="ja", facility=None):
    """The window lists exactly `groups` — (phase, title, later) — each with the steps of
    assets/guidance.toml for that phase and facility, every step with its source."""
    shown = wd.js(GROUPS_JS)
    assert [(g["phase"], g["title"], g["later"]) for g in shown] == groups, shown
    for g in shown:
        want = guidance_steps(g["phase"], lang, facility, g["later"])
        assert [s[0] for s in g["steps"]] == want, g
        assert all(s[1].strip() for s in g["steps"]), f"a step without its source: {g}"
    assert wd.displayed("#step-groups")


def test_banner_countdown_steps_and_language(session):
    """福岡県 before and after 03:00: banner text and colour class, the moving countdown,
    the steps for 'before' and for the full outage, then the language switch."""
    session.start_desktop()
    session.write_settings('prefecture = 40\nlang = "ja"\n')
    wd = session.webdriver("--at", "2024-12-31T02:59:00+09:00", "--speed", 10)
    wait_state(wd, "upcoming")
    assert wd.text("#state-label") == "停止の予定があります"
    assert "訓練モード" in wd.text("#training") and wd.displayed("#training")
    assert wd.text("#countdown-label") == "開始まで"
    first, second = countdown_moves(wd)
    assert 0 < second < first <= 60, (first, second)
    check_steps(wd, [("prepare", "停止の前に準備すること", False)])
    assert "12月31日(火) 3:00 〜 5:20（予定）" in wd.text("#next-window")
    wd.screenshot("upcoming")

    wait_state(wd, "full_outage")
    assert wd.text("#state-label") == "停止中（長時間の通信断）"
    assert wd.text("#countdown-label") == "終了まで"
    assert wd.text("#countdown-target").count("予定") == 1, wd.text("#countdown-target")
    first, second = countdown_moves(wd)
    assert 2 * 3600 <= second < first <= 2 * 3600 + 20 * 60, (first, second)
    check_steps(wd, [("full", "停止中（長時間の通信断）にすること", False)])
    assert "3:00 〜 5:20（予定）" in wd.text("#current-window")
    assert "8:00 〜 1月1日(水) 3:00（予定）" in wd.text("#next-window")
    assert wd.text("#prefecture").startswith("福岡県")
    classes = wd.js("return [...document.querySelectorAll('#timeline > li')].map(li => li.className)")
    assert len(classes) == 2 and "current" in classes[0] and "current" not in classes[1], classes
    wd.screenshot("full-outage")

    wd.click("#lang-en")
    wd.wait_text("#state-label", lambda t: t == "Down (long outage)")
    check_steps(wd, [("full", "During the long outage", False)], lang="en")
    assert wd.attr("html", "lang") == "en"
    assert wd.text("#countdown-label") == "Ends in"
    assert "Fukuoka" in wd.text("#prefecture")
    wd.screenshot("full-outage-en")
    wd.click("#lang-ja")
    wd.wait_text("#state-label", lambda t: t == "停止中（長時間の通信断）")
    check_steps(wd, [("full", "停止中（長時間の通信断）にすること", False)])
    saved = (session.config_dir / "settings.toml").read_text(encoding="utf-8")
    assert 'lang = "ja"' in saved and "prefecture = 40" in saved, saved
    # Back and forth quickly: each switch saves and wakes the timer thread while the
    # command runs; the app must never freeze (it once deadlocked on the tray's lock).
    for _ in range(8):
        wd.click("#lang-en")
        wd.wait_text("#state-label", lambda t: t == "Down (long outage)")
        wd.click("#lang-ja")
        wd.wait_text("#state-label", lambda t: t == "停止中（長時間の通信断）")


def test_language_switch_keeps_the_prefecture_given_on_the_command_line(session):
    session.start_desktop()
    wd = session.webdriver("--at", "2024-12-31T04:00:00+09:00", "--prefecture", "福岡")
    wait_state(wd, "full_outage")
    wd.click("#lang-en")
    wd.wait_text("#state-label", lambda t: t != "停止中（長時間の通信断）")
    assert wd.text("#state-label") == "Down (long outage)", wd.screenshot("lang-en-lost-prefecture")


def test_intermittent_steps_and_timeline(session):
    """福岡県 at 09:00: intermittent cuts, their steps; the full outage is past in the timeline."""
    session.start_desktop()
    wd = session.webdriver("--at", "2024-12-31T09:00:00+09:00", "--prefecture", "福岡")
    wait_state(wd, "intermittent")
    assert wd.text("#state-label") == "断続的に停止中（数分間の通信断）"
    check_steps(wd, [("intermittent", "断続的な通信断の間にすること", False),
                     ("full", "それでも確認できないとき（長時間の通信断と同じ対応）", False)])
    countdown_moves(wd)
    classes = wd.js("return [...document.querySelectorAll('#timeline > li')].map(li => li.className)")
    assert len(classes) == 2 and "past" in classes[0] and "current" in classes[1], classes
    wd.screenshot("intermittent")


def test_prefecture_chosen_in_settings_is_kept_after_restart(session):
    session.start_desktop()
    # Not set up yet: the window opens by itself and asks for the prefecture.
    wd = session.webdriver()
    wait_state(wd, "not_configured")
    assert wd.text("#state-label") == "都道府県が未設定です"
    assert wd.displayed("#setup-hint")
    wd.screenshot("first-run")
    wd.select("#setting-prefecture", "13")
    assert wd.prop("#setting-prefecture", "value") == "13"
    # The facility type is asked with the prefecture: saving without it is refused.
    wd.click("#settings-save")
    wd.wait_text("#settings-error", lambda t: t == "施設の種類を選んでください。")
    wd.select("#setting-facility", "pharmacy")
    wd.click("#settings-save")
    wd.wait_text("#settings-saved", lambda t: t == "保存しました")
    wd.wait("the banner to leave not_configured",
            lambda: banner_class(wd) != "banner state-not_configured")
    assert wd.text("#settings-error") == ""
    saved = (session.config_dir / "settings.toml").read_text(encoding="utf-8")
    assert "prefecture = 13" in saved and 'facility = "pharmacy"' in saved, saved
    wd.screenshot("saved")

    # Quit the app, and start it again (at 12:10 on the day, to see 東京都's window).
    wd.quit()
    session.forget(wd.proc)
    wait_for(lambda: not session.name_owner("jp.onshiwatch.desktop.SingleInstance"), 10,
             "the first app to leave the bus")
    wd = session.webdriver("--at", "2024-12-31T12:10:00+09:00", name="webdriver-restart")
    wait_state(wd, "intermittent")
    assert wd.text("#prefecture").startswith("東京都")
    assert "東日本エリア" in wd.text("#prefecture")
    wd.wait("the settings form to show the saved prefecture",
            lambda: wd.prop("#setting-prefecture", "value") == "13")
    assert wd.prop("#setting-facility", "value") == "pharmacy"
    check_steps(wd, [("intermittent", "断続的な通信断の間にすること", False),
                     ("full", "それでも確認できないとき（長時間の通信断と同じ対応）", False)],
                facility="pharmacy")
    wd.screenshot("after-restart")


def test_opening_hours_typed_in_the_form_are_echoed_saved_and_refused_when_unreadable(session):
    session.start_desktop()
    session.write_settings('prefecture = 40\nfacility = "clinic"\n')
    wd = session.webdriver("--at", "2024-12-29T10:00:00+09:00")
    # Unset: the facility type's usual hours are what the reminders keep to.
    wd.wait_text("#opening-hours-now", lambda t: t.startswith("いまの受付時間: 月〜金"))
    usual = wd.text("#opening-hours-now")
    assert wd.prop("#setting-opening-hours", "value") == ""

    wd.type("#setting-opening-hours", "weekdays=8:30-17:30; saturday=8:30-12:00")
    wd.click("#settings-save")
    wd.wait_text("#settings-saved", lambda t: t == "保存しました")
    now = wd.text("#opening-hours-now")
    assert now != usual and "8:30" in now and "土" in now, now
    saved = (session.config_dir / "settings.toml").read_text(encoding="utf-8")
    assert "opening_hours" in saved and '"8:30-17:30"' in saved, saved

    # An hour that does not exist: one line, in Japanese, and the saved hours stay.
    wd.type("#setting-opening-hours", "weekdays=25:00-26:00")
    wd.click("#settings-save")
    wd.wait_text("#settings-error", lambda t: t.startswith("受付時間を読めません"))
    assert (session.config_dir / "settings.toml").read_text(encoding="utf-8") == saved
    assert wd.text("#opening-hours-now") == now
    wd.screenshot("opening-hours-refused")


def test_two_days_ahead_the_prepare_steps_show_the_call_center_and_the_sheet(session):
    """12/29, during the year-end closure, long before the 24-hour mark: a window is known,
    so the prepare steps show and nothing says there is no planned outage; the call
    center's year-end hours are not promised; 印刷用シート writes the one-page sheet."""
    session.start_desktop()
    session.write_settings('prefecture = 40\nfacility = "clinic"\n')
    wd = session.webdriver("--at", "2024-12-29T10:00:00+09:00")
    wait_state(wd, "normal")
    check_steps(wd, [("prepare", "停止の前に準備すること", False)], facility="clinic")
    page = wd.text("body")
    for claim in ("予定されている停止はありません", "既知の停止予定はありません"):
        assert claim not in page, claim
    assert "12月31日(火) 3:00 〜 5:20（予定）" in wd.text("#next-window")
    assert wd.text("#contact-phone") == "0800-080-4583"
    assert "確認できていません" in wd.text("#contact-now")
    wd.screenshot("prepare-two-days-ahead")
    wd.click("#print-sheet")
    sheet = session.config_dir / "sheet.html"
    wait_for(sheet.exists, 10, "the sheet file")
    html = sheet.read_text(encoding="utf-8")
    assert "0800-080-4583" in html and "@page{size:A4" in html and "<script" not in html
    assert "12月31日(火) 3:00 〜 5:20（予定）" in html
    wd.wait_text("#print-note", lambda t: "sheet.html" in t)


PAYLOAD = "<script>alert(1)</script><img src=x onerror=alert(2)>"

HOSTILE_NOTICE = f'''id = "e2e-hostile-title"
title = "{PAYLOAD}"
title_en = "{PAYLOAD}"
issuer = "テスト"
issued = 2025-01-10

[[source]]
label = "{PAYLOAD}"
url = "https://example.org/onshi-watch/e2e"

[[window]]
id = "w"
kind = "full"
prefectures = ["福岡県"]
start = 2025-01-15T10:00:00+09:00
end = 2025-01-15T12:00:00+09:00
tentative = false
'''


def test_notice_title_with_markup_is_shown_as_text(session):
    notices = session.tmp / "notices"
    notices.mkdir()
    (notices / "hostile.toml").write_text(HOSTILE_NOTICE, encoding="utf-8")
    session.start_desktop()
    wd = session.webdriver("--notices", notices, "--prefecture", "福岡",
                           "--at", "2025-01-15T09:00:00+09:00")
    wait_state(wd, "upcoming")
    timeline = wd.wait_text("#timeline", lambda t: PAYLOAD in t)
    assert "1月15日(水) 10:00 〜 12:00" in timeline
    assert PAYLOAD in wd.text("#sources")
    found = wd.js("""return {
        imgs: document.querySelectorAll('img').length,
        scripts: [...document.scripts].filter(s => s.textContent.includes('alert')).length,
        metas: [...document.querySelectorAll('#timeline .tl-meta')].map(e => e.textContent),
    };""")
    assert found["imgs"] == 0, "an <img> element was created from the notice's title"
    assert found["scripts"] == 0, "a <script> element was created from the notice's title"
    assert any(PAYLOAD in m for m in found["metas"]), found
    # No alert() ran: WebDriver reports no open dialog.
    try:
        text = wd.cmd("GET", "/alert/text")
    except AssertionError as e:
        assert "no such alert" in str(e), e
    else:
        raise AssertionError(f"an alert is open: {text!r}")
    wd.screenshot("hostile-title")


def test_the_window_fits_a_small_screen_at_125_percent_and_keeps_the_size_given(session):
    """1366×768 with text at 125 %: the window fits the screen, its bottom can be scrolled
    to; resized by staff, it opens at that size next time."""
    import subprocess
    session.screen = "1366x768x24"
    base = session.env
    session.env = lambda **more: base(**{"GDK_DPI_SCALE": "1.25", **more})
    session.start_desktop()
    wd = session.webdriver("--at", "2024-12-31T03:30:00+09:00", "--prefecture", "福岡")
    wd.wait_text("#state-label", lambda t: t.startswith("停止中"))

    def geometry():
        ids = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^オン資ウォッチ$"],
                             env=session.env(), capture_output=True, text=True).stdout.split()
        out = subprocess.run(["xdotool", "getwindowgeometry", "--shell", ids[-1]],
                             env=session.env(), capture_output=True, text=True).stdout
        g = {k: int(v) for k, v in (l.split("=") for l in out.split() if "=" in l)}
        return ids[-1], g
    wid, g = geometry()
    assert g["Y"] + g["HEIGHT"] <= 768, g
    # The last thing on the page can be scrolled into view.
    bottom = wd.js("window.scrollTo(0, document.documentElement.scrollHeight);"
                   "const all = document.querySelectorAll('main > *:not([hidden])');"
                   "const last = all[all.length - 1];"
                   "return [last.getBoundingClientRect().bottom, window.innerHeight];")
    assert bottom[0] <= bottom[1] + 1, bottom
    session.screenshot_root("small-screen-125")

    # Staff make it smaller; it comes back at that size.
    subprocess.run(["xdotool", "windowsize", "--sync", wid, "500", "520"], env=session.env(),
                   check=True, timeout=10)
    time.sleep(1)
    saved = session.config_dir / "window-size.json"
    wait_for(lambda: saved.exists(), 10, "the size to be saved")
    wd.quit()
    session.forget(wd.proc)
    wd = session.webdriver("--at", "2024-12-31T03:30:00+09:00", "--prefecture", "福岡")
    wd.wait_text("#state-label", lambda t: t.startswith("停止中"))
    _, g = geometry()
    assert (g["WIDTH"], g["HEIGHT"]) == (500, 520), g
