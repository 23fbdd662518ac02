"""The real app's wall clock moved under it by libfaketime (package faketime; its
monotonic clock stays real), and a notification server that stops answering: the desk
hears of every outage once, on time, and never of one already over."""

import os
import signal
import time

from harness import Tray, jst, wait_for

# A wake of the timer is at most 30 s away; a little slack for a loaded machine.
WAKE = 35
# With the window open the timer looks every second: a few looks.
LOOK = 3


def kinds(app):
    return [l["kind"] for l in app.notify_lines()]


def menu(tray):
    return wait_for(tray.labels_when_ready, 15, "the tray menu")


def test_clock_jumps_tell_each_outage_once_and_never_an_old_one(session):
    """One run of the app through four clock changes:
    2000 (dead CMOS battery) → 2026 (time sync): nothing about the 2024 outage;
    → 2024-12-31 02:59:50 (a clock that was ahead, corrected): the 03:00 start, on time;
    → back 10 min and past 03:00 again: no repeat;
    → forward across 05:20: one end notice.
    No tray host, so the window is open and the timer looks every second (with the
    window closed it looks every 30 s at the most: the unit tests cover that path)."""
    session.start_desktop(tray=False)
    env = session.fake_clock(jst("2000-01-01T09:00"))
    app = session.start_app("--prefecture", "福岡", env=env)
    _, look, at = app.ready()
    assert at.year == 2000, f"libfaketime did not move the app's clock: {at}"
    assert look == "normal"

    def settle():
        """Waits for a few of the timer's one-second looks."""
        time.sleep(LOOK)

    # 1. 2000 → 2026: nothing about 2024.
    session.set_clock(jst("2026-06-01T10:00"))
    settle()
    assert app.notify_lines() == [], app.notify_lines()
    assert session.notifications() == []

    # 2. Corrected back to 2024-12-31 02:59:50: the 03:00 start comes, on time.
    session.set_clock(jst("2024-12-31T02:59:50"))
    wait_for(lambda: "start" in kinds(app), WAKE, "the 03:00 start after the correction")
    start = app.notify_lines()[0]
    assert kinds(app) == ["start"], app.notify_lines()
    assert start["due"] == jst("2024-12-31T03:00")
    late = (start["at"] - start["due"]).total_seconds()
    assert late <= 30, f"the start came {late:.0f} s after 03:00"
    session.wait_notifications(1, 10)

    # 3. Set back 10 minutes (before 03:00), then past 03:00 again: no repeat.
    session.set_clock(jst("2024-12-31T02:50:05"))
    settle()
    session.set_clock(jst("2024-12-31T02:59:58"))
    time.sleep(2 + LOOK)
    assert kinds(app) == ["start"], app.notify_lines()
    assert len(session.notifications()) == 1

    # 4. Forward across the 05:20 end: one end notice, within a wake.
    session.set_clock(jst("2024-12-31T05:30"))
    jumped = time.time()
    wait_for(lambda: "end" in kinds(app), WAKE, "the end notice after the jump past 05:20")
    end = app.notify_lines()[-1]
    assert end["read"] - jumped <= 30, f"end told {end['read'] - jumped:.0f} s after the jump"
    settle()
    assert kinds(app) == ["start", "end"], app.notify_lines()
    got = session.wait_notifications(2, 10)
    assert [n["summary"] for n in got] == [
        "【停止中】オンライン資格確認 福岡県（西日本エリア）",
        "【終了予定時刻】オンライン資格確認 福岡県（西日本エリア）"]
    assert app.proc.alive()


SHORT_NOTICE = '''id = "e2e-short"
title = "E2E: 25秒の停止"
issuer = "テスト"
issued = 2025-02-01

[[window]]
id = "short"
kind = "full"
nationwide = true
start = 2025-03-03T10:00:00+09:00
end = 2025-03-03T10:00:25+09:00
'''


def problems(wd):
    return " ".join(wd.js(
        "return [...document.querySelectorAll('#problems > li')].map(li => li.textContent)"))


def test_a_stopped_notification_server_neither_freezes_nor_loses_notices(session):
    """dunst is stopped (SIGSTOP) across the 10:00 start of a 25-second window: the tray
    still changes, the window says the notice is not delivered, then that it came late;
    the 10:00:25 end still goes once dunst runs again."""
    notices = session.tmp / "notices"
    notices.mkdir()
    (notices / "short.toml").write_text(SHORT_NOTICE, encoding="utf-8")
    session.start_desktop()
    dunst = next(p for p in session.procs if p.name == "dunst")
    wd = session.webdriver("--notices", notices, "--prefecture", "福岡",
                           "--at", "2025-03-03T09:59:50+09:00")
    app = wd.app
    _, look, at = app.ready()
    tray = Tray(session, *session.wait_tray_item())
    menu(tray)
    os.kill(dunst.pid, signal.SIGSTOP)
    try:
        assert not [l for l in app.notify_lines() if l["kind"] == "start"], \
            "the app started too slowly: 10:00 passed before dunst was stopped"
        start_read, _ = app.proc.wait_line(r'kind="start"', 30, "stdout")
        # The timer is not stuck in the call: the tray changes at once.
        changed = wait_for(lambda: "停止中" in (tray.labels_when_ready() or [""])[0] and time.time(),
                           30, "the tray to say 停止中 while dunst is stopped")
        print(f"tray changed {changed - start_read:.1f} s after the start was handled")
        assert changed - start_read < 30
        app.proc.wait_line(r"notify-stalled", 20, "stdout")
        wd.wait("#problems to say the notice is not delivered",
                lambda: "応答しません" in problems(wd), timeout=10)
    finally:
        os.kill(dunst.pid, signal.SIGCONT)
    app.proc.wait_line(r"notify-late late_s=\d+ title=【訓練】【停止中】", 20, "stdout")
    wd.wait("#problems to say the notice came late", lambda: "遅れて" in problems(wd), timeout=10)
    # The later notice goes, on time, once.
    app.proc.wait_line(r'kind="end"', 40, "stdout")
    got = session.wait_notifications(2, 15)
    time.sleep(1)
    got = session.notifications()
    assert [n["summary"] for n in got] == [
        "【訓練】【停止中】オンライン資格確認 福岡県（全国）", "【訓練】【終了時刻】オンライン資格確認 福岡県（全国）"], got
    assert all(n["reply"] and n["reply"]["event"] == "reply" for n in got), got
    assert kinds(app) == ["start", "end"]
    assert len(app.proc.matches(r"notify-late")) == 1, "only the stalled one was late"
    wd.screenshot("notification-server-stalled")
