"""Format v3 in the real window: a deadline's reminder pops up on the ordinary notification
path at 9:00, 「対応済みにする」 in the window stops the rest of its reminders, and an insurer's
data problem is a line with its step, not an outage."""

import shutil

from harness import ROOT


def copy_examples(session, *names):
    notices = session.tmp / "notices"
    notices.mkdir()
    for n in names:
        shutil.copy(ROOT / "docs/examples" / n, notices)
    return notices


def test_a_deadline_is_reminded_and_done_stops_the_rest(session):
    """8:59:50 three days before the last day, at 10000×: the 9:00 reminder pops up; after
    「対応済みにする」 the drill runs past the 1-day, last-day and first overdue reminders
    (two to four days on, 17–35 s) and nothing more is told."""
    notices = copy_examples(session, "2026-01-11-erx-inspection-report-deadline.toml")
    session.start_desktop()
    session.write_settings('prefecture = 40\nfacility = "clinic"\n')
    wd = session.webdriver("--notices", notices, "--at", "2026-01-07T08:59:50+09:00",
                           "--speed", 10000)
    got = session.wait_notifications(1, 30)
    assert [n["summary"] for n in got] == ["【訓練】【期限】電子処方箋管理サービス: 期限まであと3日"], got
    assert "点検報告" in got[0]["body"] and "期限 1月10日(土) 24:00" in got[0]["body"], got[0]
    wd.wait("the deadline in the window",
            lambda: "期限 1月10日(土) 24:00" in wd.text("#deadlines-section"))
    wd.click("#deadlines .deadline-done")
    wd.wait("the deadline marked done",
            lambda: "対応済み" in wd.text("#deadlines .deadline-left"))
    clicked_by = wd.text("#now-label")
    assert clicked_by.startswith("1月7日") or clicked_by.startswith("1月8日"), \
        f"marked too late for the test to mean anything: {clicked_by}"
    assert wd.js("return document.querySelectorAll('#deadlines .deadline-done').length") == 0
    wd.screenshot("deadline-done")
    # Past the overdue reminder of 1月11日 9:00 on the drill's clock.
    wd.wait("the drill to pass 1月11日 9:00",
            lambda: wd.text("#now-label").startswith(("1月12日", "1月13日")), 60)
    assert len(session.notifications()) == 1, session.notifications()


def test_an_insurers_problem_is_a_line_with_its_step(session):
    notices = copy_examples(session, "2025-07-01-kumamoto-city-kokuho-fields.toml")
    session.start_desktop()
    session.write_settings('prefecture = 43\nfacility = "clinic"\n')
    wd = session.webdriver("--notices", notices, "--at", "2025-07-01T10:00:00+09:00")
    wd.wait("the insurer's line", lambda: wd.displayed("#insurers-section"))
    text = wd.text("#insurer-lines")
    assert "熊本市国民健康保険: 負担割合・限度額適用区分が正しく表示されないことがあります" in text, text
    assert "保険者（熊本市）に電話" in text, text
    assert wd.attr("#banner", "class") == "banner state-normal"
    wd.screenshot("insurer-line")
