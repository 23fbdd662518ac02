"""Notifications through a real notification server (dunst) on a private session bus,
from the built app in training mode (--at, --speed): what staff see pop up, in order."""

import time

from harness import check_notifications, full_body, wait_for

WEST = "福岡県（西日本エリア）"
EAST = "東京都（東日本エリア）"
CRITICAL, NORMAL = 2, 1
# What intermittent windows are, in the seed's words (数分間の通信断, 断続的に発生): the
# reminders and the start say so before the steps, never a total stop.
CUTS = "数分間の通信断が断続的に起きます（ずっと止まるのではありません）。"
# Every test here runs on the training clock: each title says 訓練 first.
DRILL = "【訓練】"
# The toasts alone: the banner and its re-reminders every 5 min are test_banner.py's.
NO_BANNER = ("banner = { start = false, end = false, change = false, "
             "full_outage_last_reminder = false }\n")


def start(area):
    return f"{DRILL}【停止中】オンライン資格確認 {area}"


def intermittent(area):
    return f"{DRILL}【断続的に停止】オンライン資格確認 {area}"


def planned_end(area):
    # The end is only planned: never told as 再開 / できます.
    return f"{DRILL}【終了予定時刻】オンライン資格確認 {area}"


def end_body(clock):
    return full_body(f"{clock}（予定）の終了時刻になりました。", "after")


def reminder(lead, what, area):
    return f"{DRILL}【予告】あと{lead}でオンライン資格確認が{what}（予定） {area}"


def screenshot_popups(session, label):
    """The screen with dunst's pop-ups on it, once dunst has drawn at least one."""
    wait_for(lambda: session.dunst_count("displayed") >= 1, 10, "dunst to show a pop-up")
    time.sleep(0.3)  # let dunst paint before the capture
    return session.screenshot_root(label)


def test_fukuoka_full_outage_then_intermittent(session, request):
    """福岡県 (西日本エリア) from 02:30 through the 03:00–05:20 full outage into the
    intermittent cuts from 08:00: six notices, in order, nothing else."""
    session.start_desktop()
    session.write_settings(NO_BANNER)
    speed = 1200
    app = session.start_app("--at", "2024-12-31T02:30:00+09:00", "--speed", speed,
                            "--prefecture", "福岡")
    app.ready()
    span_full = "12月31日(火) 3:00 〜 5:20（予定）。"
    span_int = "12月31日(火) 8:00 〜 1月1日(水) 3:00（予定）。"
    got = check_notifications(session, app, [
        ("reminder", "2024-12-31T02:50", reminder("10分", "停止", WEST),
         full_body(span_full, "prepare"), NORMAL),
        ("start", "2024-12-31T03:00", start(WEST),
         full_body("5:20まで（予定）。", "full"), CRITICAL),
        ("end", "2024-12-31T05:20", planned_end(WEST), end_body("5:20"), NORMAL),
        ("reminder", "2024-12-31T07:00", reminder("1時間", "断続的に停止", WEST),
         full_body(span_int + CUTS, "intermittent"), NORMAL),
        ("reminder", "2024-12-31T07:50", reminder("10分", "断続的に停止", WEST),
         full_body(span_int + CUTS, "intermittent"), NORMAL),
        ("start", "2024-12-31T08:00", intermittent(WEST),
         full_body("1月1日(水) 3:00まで（予定）。" + CUTS, "intermittent"), NORMAL),
    ], speed, timeout=40, test=request.node.name)
    # One on screen at a time: each replaces the one before it (all オン資's), so the red
    # 【停止中】 is gone once 05:20 has been told, and no reminder stays beside the start.
    ids = [n["reply"]["id"] for n in got]
    assert got[0]["replaces_id"] == 0, got[0]
    assert [n["replaces_id"] for n in got[1:]] == ids[:-1], [(n["summary"], n["replaces_id"]) for n in got]
    assert len(set(ids)) == 1, ids
    # dunst really holds just that one, now saying the intermittent start.
    total = sum(session.dunst_count(w) for w in ("displayed", "history", "waiting"))
    assert total == 1, f"dunst holds {total} notifications; the app replaced each by the next"
    screenshot_popups(session, "fukuoka-popups")
    assert app.proc.alive()


def test_tokyo_noon_intermittent(session, request):
    """東京都 (東日本エリア): the 10-minute reminder, the 12:00 start and the 13:30 end.
    The prefecture comes from the saved settings this time."""
    session.start_desktop()
    session.write_settings('prefecture = 13\nlang = "ja"\n'
                           'reminders_minutes = [1440, 60, 10]\nautostart = false\n' + NO_BANNER)
    speed = 1200
    app = session.start_app("--at", "2024-12-31T11:40:00+09:00", "--speed", speed)
    app.ready()
    check_notifications(session, app, [
        ("reminder", "2024-12-31T11:50", reminder("10分", "断続的に停止", EAST),
         full_body("12月31日(火) 12:00 〜 13:30（予定）。" + CUTS, "intermittent"), NORMAL),
        ("start", "2024-12-31T12:00", intermittent(EAST),
         full_body("13:30まで（予定）。" + CUTS, "intermittent"), NORMAL),
        ("end", "2024-12-31T13:30", planned_end(EAST), end_body("13:30"), NORMAL),
    ], speed, timeout=30, test=request.node.name)
    screenshot_popups(session, "tokyo-popups")


def test_start_inside_a_window_says_currently_down_once(session, request):
    """Started at 05:10, inside the full outage: one 「現在、」 notice, then only the end."""
    session.start_desktop()
    session.write_settings(NO_BANNER)
    speed = 600
    app = session.start_app("--at", "2024-12-31T05:10:00+09:00", "--speed", speed,
                            "--prefecture", "福岡県")
    _, look, _ = app.ready()
    assert look == "full_outage"
    got = check_notifications(session, app, [
        ("already_down", None, start(WEST),
         full_body("現在、5:20まで（予定）。", "full"), CRITICAL),
        ("end", "2024-12-31T05:20", planned_end(WEST), end_body("5:20"), NORMAL),
    ], speed, timeout=20, test=request.node.name, max_late_sim=30)
    assert sum(n["body"].startswith("現在") for n in got) == 1
    screenshot_popups(session, "currently-down")


def test_start_just_after_a_reminder_replays_nothing(session, request):
    """Started one second after the 02:50 reminder (and after the 02:00 and 24-hour
    ones): none of them is shown late; the first notice is the 03:00 start."""
    session.start_desktop()
    session.write_settings(NO_BANNER)
    speed = 300
    app = session.start_app("--at", "2024-12-31T02:50:01+09:00", "--speed", speed,
                            "--prefecture", "fukuoka")
    _, look, _ = app.ready()
    assert look == "upcoming"
    check_notifications(session, app, [
        ("start", "2024-12-31T03:00", start(WEST),
         full_body("5:20まで（予定）。", "full"), CRITICAL),
    ], speed, timeout=20, test=request.node.name, max_late_sim=30)
