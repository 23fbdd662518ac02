"""Every service behind the counter, in the real window: the example notices dropped into
a folder, an オン資 outage while マイナポータル is down — the step that needs マイナポータル
is marked unavailable and the next fallback comes first; マイナポータル has its own card."""

import shutil

from harness import ROOT, jst


def test_oqs_down_while_mynaportal_is_down_marks_the_portal_step(session):
    notices = session.tmp / "notices"
    notices.mkdir()
    for src in ("docs/examples/2025-12-31-mynaportal-year-end.toml",
                "docs/examples/2024-12-15-jpki-maintenance.toml",
                "tests/fixtures/desk/2026-01-02-oqs-full.toml"):
        shutil.copy(ROOT / src, notices)
    session.start_desktop()
    session.write_settings('prefecture = 40\nfacility = "clinic"\n')
    wd = session.webdriver("--notices", notices, "--at", "2026-01-02T02:00:00+09:00")
    wd.wait("the banner to show the outage",
            lambda: wd.attr("#banner", "class") == "banner state-full_outage")
    steps = wd.js("""return [...document.querySelectorAll('#step-groups li')].map(li => ({
        text: li.querySelector('.step-text').textContent,
        unavailable: li.classList.contains('unavailable'),
        why: (li.querySelector('.step-unavailable') || {}).textContent || ''}));""")
    portal = [i for i, s in enumerate(steps) if "資格情報画面" in s["text"]]
    notice = [i for i, s in enumerate(steps) if "資格情報のお知らせ" in s["text"]]
    assert portal and notice, steps
    assert steps[portal[0]]["unavailable"], steps[portal[0]]
    assert "マイナポータル停止中" in steps[portal[0]]["why"], steps[portal[0]]
    assert notice[0] < portal[0], "the next fallback is promoted before the unavailable one"
    assert not any(s["unavailable"] for i, s in enumerate(steps) if i != portal[0]), steps

    cards = wd.js("""return [...document.querySelectorAll('#services .service')].map(c => ({
        service: c.dataset.service, text: c.textContent}));""")
    assert [c["service"] for c in cards] == ["mynaportal"], cards
    assert "停止中" in cards[0]["text"], cards
    assert "最大 1月4日(日) 22:00 まで延長の可能性" in cards[0]["text"], cards
    assert "マイナポータル" in wd.text("#timeline")
    wd.screenshot("oqs-and-mynaportal-down")


def test_mynaportal_outage_is_notified_with_its_name_and_scope(session):
    """A clinic (which relies on マイナポータル) hears of its 22:00 outage on its own:
    「【停止中】マイナポータル（全国）」, with the possible extension in the body."""
    notices = session.tmp / "notices"
    notices.mkdir()
    shutil.copy(ROOT / "docs/examples/2025-12-31-mynaportal-year-end.toml", notices)
    session.start_desktop()
    session.write_settings('prefecture = 13\nfacility = "clinic"\n')
    app = session.start_app("--notices", notices, "--at", "2025-12-31T21:59:50+09:00",
                            "--speed", 5)
    app.ready()
    got = session.wait_notifications(1, 20)
    assert [n["summary"] for n in got] == ["【訓練】【停止中】マイナポータル（全国）"], got
    assert "最大 1月4日(日) 22:00 まで延長の可能性" in got[0]["body"], got[0]
    start = [l for l in app.notify_lines() if l["kind"] == "start"]
    assert start and start[0]["due"] == jst("2025-12-31T22:00"), start


REVISION = '''id = "e2e-revision"
title = "E2E：計画停止"
issuer = "テスト"
issued = 2025-01-10
revision = {revision}

[[window]]
id = "w"
kind = "full"
prefectures = ["福岡県"]
start = 2025-01-15T10:00:00+09:00
end = {end}
tentative = true
'''


def test_an_imported_revision_that_extends_a_told_window_says_so_once(session):
    """The desk was reminded of a 10:00–12:00 outage; revision 2, imported on the お知らせ
    page, ends it at 13:00: one 【変更】 naming old → new, and the timeline shows 第2版."""
    from test_notices import open_page, set_value
    from test_window import wait_state
    notices = session.config_dir / "notices"
    notices.mkdir(parents=True)
    (notices / "rev1.toml").write_text(
        REVISION.format(revision=1, end="2025-01-15T12:00:00+09:00"), encoding="utf-8")
    rev2 = session.tmp / "rev2.toml"
    rev2.write_text(REVISION.format(revision=2, end="2025-01-15T13:00:00+09:00"),
                    encoding="utf-8")
    session.start_desktop()
    session.write_settings('prefecture = 40\nfacility = "clinic"\n')
    # 09:55: the 10-minute reminder of 09:50 is behind; a known window.
    wd = session.webdriver("--at", "2025-01-15T09:55:00+09:00")
    wait_state(wd, "upcoming")
    open_page(wd)
    set_value(wd, "#import-path", str(rev2))
    wd.click("#import-check")
    wd.wait_text("#import-preview", lambda t: t != "")
    wd.click("#import-confirm")
    wd.wait_text("#notices-status", lambda t: "取り込みました" in t)
    got = session.wait_notifications(1, 15)
    assert [n["summary"] for n in got] == ["【訓練】【変更】オンライン資格確認 福岡県"], got
    assert got[0]["body"] == ("1月15日(水) 10:00 〜 12:00（予定） → "
                              "1月15日(水) 10:00 〜 13:00（予定）（延長）（第2版）。"), got[0]
    wd.click("#notices-back")
    wd.wait_text("#timeline", lambda t: "第2版" in t and "10:00 〜 13:00" in t)
    import time
    time.sleep(2)
    assert len(session.notifications()) == 1, "told once"

def test_the_worst_service_names_the_window_and_the_tray_alike(session):
    """マイナポータル down nationwide while オン資 has a window next week: the window's state,
    place and countdown and the tray's line all speak of マイナポータル; the tray's next line
    and the window's next window are オン資's."""
    from harness import Tray, wait_for
    notices = session.tmp / "notices"
    notices.mkdir()
    shutil.copy(ROOT / "docs/examples/2025-12-31-mynaportal-year-end.toml", notices)
    shutil.copy(ROOT / "tests/fixtures/desk/2026-01-08-oqs-east-full.toml", notices)
    session.start_desktop(tray=True)
    session.write_settings('prefecture = 13\nfacility = "clinic"\n')
    wd = session.webdriver("--notices", notices, "--at", "2026-01-01T12:00:00+09:00")
    wd.wait("the banner to show the outage",
            lambda: wd.attr("#banner", "class") == "banner state-full_outage")
    assert wd.text("#state-label") == "マイナポータル: 停止中（長時間の通信断）"
    assert "全国" in wd.text("#banner-prefecture"), wd.text("#banner-prefecture")
    assert wd.text("#countdown-label") == "終了まで"
    assert "1月2日(金) 3:00" in wd.text("#countdown-target"), wd.text("#countdown-target")
    assert "1月8日" in wd.text("#next-window"), wd.text("#next-window")

    tray = Tray(session, *session.wait_tray_item())
    labels = wait_for(lambda: (lambda l: l if l and "マイナポータル" in l[0] else None)(
        tray.labels_when_ready()), 15, "the tray line to name マイナポータル")
    assert "停止中" in labels[0] and "1月2日(金) 3:00" in labels[0], labels
    assert labels[2].startswith("次: ") and "1月8日" in labels[2], labels
    wd.screenshot("mynaportal-worst")
