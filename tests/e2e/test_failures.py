"""What goes wrong on real PCs: no notification server, a broken settings file, a broken
notice file. The app keeps running and says what is wrong in the window."""

from harness import wait_for


def problems(wd):
    return wd.js("return [...document.querySelectorAll('#problems > li')].map(li => li.textContent)")


def test_no_notification_server(session):
    session.start_desktop(notifications=None)
    assert session.name_owner("org.freedesktop.Notifications") is None
    wd = session.webdriver("--at", "2024-12-31T02:59:52+09:00", "--speed", 2,
                           "--prefecture", "福岡")
    # 03:00 comes: the app tries to notify, the bus answers that nobody is there.
    wd.app.proc.wait_line(r'kind="start"', 15, "stdout")
    wd.wait("the state in the banner", lambda: wd.attr("#banner", "class")
            == "banner state-full_outage")
    assert wd.text("#state-label") == "停止中（長時間の通信断）"
    shown = wd.wait("#problems to mention 通知",
                    lambda: [p for p in problems(wd) if "通知" in p] or None)
    assert wd.displayed("#problems") and shown[0] in wd.text("#problems")
    calls = session.notifications()
    assert calls and calls[0]["reply"] and calls[0]["reply"]["event"] == "error", calls
    assert "cannot show a notification" in wd.proc.text("stderr")
    wd.screenshot("no-notification-server")
    # Still running, still counting down.
    before = wd.text("#countdown")
    wd.wait_text("#countdown", lambda t: t != before)
    assert wd.app.proc.alive()


def test_corrupt_settings_file_is_kept_aside_and_named(session):
    broken = b'prefecture = \xff\xfe "40\n[[[ not toml at all\n'
    session.write_settings(broken)
    session.start_desktop()
    wd = session.webdriver()
    aside = wait_for(lambda: list(session.config_dir.glob("settings.broken-*.toml")), 10,
                     "the broken settings file to be moved aside")
    assert len(aside) == 1, aside
    assert aside[0].read_bytes() == broken, "the broken file was not kept byte for byte"
    shown = wd.wait(f"#problems to name {aside[0].name}",
                    lambda: [p for p in problems(wd) if aside[0].name in p] or None)
    assert aside[0].name in wd.text("#problems"), shown
    # The app goes on with defaults: not set up, and asks for the prefecture.
    assert wd.attr("#banner", "class") == "banner state-not_configured"
    assert not (session.config_dir / "settings.toml").exists() or \
        (session.config_dir / "settings.toml").read_bytes() != broken
    wd.screenshot("corrupt-settings")


GOOD_NOTICE = '''id = "e2e-good"
title = "E2Eテスト：良いお知らせ"
issuer = "テスト"
issued = 2025-02-01

[[window]]
id = "fukuoka-morning"
kind = "full"
prefectures = ["福岡県"]
start = 2025-03-03T10:00:00+09:00
end = 2025-03-03T11:00:00+09:00
tentative = true
'''

BROKEN_NOTICE = '''id = "e2e-broken"
title = "壊れたお知らせ"
issuer = "テスト"
issued = 2025-02-01

[[window]]
id = "w"
kind = "full"
prefectures = ["福岡県"]
start = 2025-03-03T10:00:00+09:00
end = = 2025-03-03T11:00:00+09:00
'''


def test_broken_notice_file_is_named_and_the_good_one_used(session):
    notices = session.tmp / "notices"
    notices.mkdir()
    (notices / "a-broken.toml").write_text(BROKEN_NOTICE, encoding="utf-8")
    (notices / "b-good.toml").write_text(GOOD_NOTICE, encoding="utf-8")
    session.start_desktop()
    wd = session.webdriver("--notices", notices, "--prefecture", "福岡",
                           "--at", "2025-03-03T09:30:00+09:00")
    shown = wd.wait("#problems to name a-broken.toml",
                    lambda: [p for p in problems(wd) if "a-broken.toml" in p] or None)
    assert "b-good.toml" not in " ".join(problems(wd)), problems(wd)
    assert wd.displayed("#problems") and shown[0] in wd.text("#problems")
    assert "a-broken.toml" in wd.proc.text("stderr")
    # The good file beside it is used: its window is next, and in the timeline.
    wd.wait("the banner to show the good notice's window coming",
            lambda: wd.attr("#banner", "class") == "banner state-upcoming")
    timeline = wd.wait_text("#timeline", lambda t: "E2Eテスト：良いお知らせ" in t)
    assert "3月3日(月) 10:00 〜 11:00（予定）" in timeline, timeline
    assert "壊れたお知らせ" not in timeline
    wd.screenshot("broken-notice")


def test_no_japanese_font_is_named_not_shown_blank(session):
    """A PC with only DejaVu (no CJK font): the window cannot draw Japanese, so it says in
    English which package to install, instead of a banner with blank text."""
    conf = session.tmp / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <dir>/usr/share/fonts/truetype/dejavu</dir>\n'
        f'  <cachedir>{session.tmp / "fc-cache"}</cachedir>\n</fontconfig>\n', encoding="utf-8")
    base = session.env
    session.env = lambda **more: base(**{"FONTCONFIG_FILE": str(conf), **more})
    session.start_desktop()
    wd = session.webdriver("--at", "2024-12-31T03:30:00+09:00", "--prefecture", "福岡")
    shown = wd.wait("#problems to name the missing font",
                    lambda: [p for p in problems(wd) if "No Japanese font" in p] or None)
    assert "fonts-noto-cjk" in shown[0], shown
    assert "No Japanese font" in wd.proc.text("stderr")
    wd.screenshot("no-japanese-font")


def test_with_a_japanese_font_nothing_is_said_about_fonts(session):
    session.start_desktop()
    wd = session.webdriver("--at", "2024-12-31T03:30:00+09:00", "--prefecture", "福岡")
    wd.wait_text("#state-label", lambda t: t == "停止中（長時間の通信断）")
    assert not [p for p in problems(wd) if "font" in p], problems(wd)
