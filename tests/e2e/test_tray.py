"""The tray through D-Bus, as a desktop panel sees it: the app's StatusNotifierItem
(registered with our own minimal StatusNotifierWatcher) and its com.canonical.dbusmenu."""

import os
import time

from harness import Tray, asset_icon, jst, parse_time, wait_for

BEFORE = "【訓練モード】⏰ 停止の予定があります 福岡県 開始 12月31日(火) 3:00（予定）"
DOWN = "【訓練モード】✕ 停止中（長時間の通信断） 福岡県 〜12月31日(火) 5:20（予定）"


def test_tray_status_line_and_icon_change_at_0300(session):
    session.start_desktop(tray=True)
    app = session.start_app("--at", "2024-12-31T02:59:50+09:00", "--speed", 2,
                            "--prefecture", "福岡")
    tray = Tray(session, *session.wait_tray_item())
    want_before = [
        BEFORE,
        "状態を表示",
        "次: 12月31日(火) 3:00 〜 5:20（予定） 長時間の通信断",
        "この停止が終わるまで通知を止める 12月31日(火) 5:20（予定）",
        "訓練を終える",
        "終了",
    ]
    # The items are updated one after the other: wait for the whole menu.
    seen = []

    def whole_menu():
        seen[:] = [tray.labels_when_ready()]
        return seen[0] == want_before
    try:
        wait_for(whole_menu, 15, "the tray menu's first update")
    except AssertionError:
        raise AssertionError(f"tray menu {seen[0]}, want {want_before}") from None
    first = seen[0]
    icon_before = tray.icon()
    assert not [l for l in app.notify_lines() if l["kind"] == "start"], \
        "the app started too slowly: 03:00 had passed before the tray was read"
    enabled = {label: on for _, label, on, _ in tray.entries()}
    assert enabled["状態を表示"] and enabled["終了"] and not enabled[first[2]]
    assert icon_before == asset_icon("upcoming"), "tray icon before 03:00 is not the upcoming one"

    def changed():
        labels = tray.labels()
        return (time.time(), labels) if labels[0] != BEFORE else None
    changed_at, after = wait_for(changed, 15, "the tray status line to change at 03:00", interval=0.01)
    assert after[0] == DOWN, after
    want_next = "次: 12月31日(火) 8:00 〜 1月1日(水) 3:00（予定） 数分間の断続的な通信断"
    wait_for(lambda: (tray.labels_when_ready() or [None] * 3)[2] == want_next, 5,
             f"the next-window line to become {want_next!r}")
    # The app prints the start before it updates the tray; our reader of its output may
    # see that line a moment after the bus shows the tray change.
    start = wait_for(lambda: [l for l in app.notify_lines() if l["kind"] == "start"], 2,
                     "the 03:00 start to be handled along with the tray change")
    assert start[0]["due"] == jst("2024-12-31T03:00"), start
    print(f"tray line changed {1000 * (changed_at - start[0]['read']):.0f} ms after the start notice")
    def new_icon():
        try:
            icon = tray.icon()
        except OSError:  # the old icon file was replaced while we read it
            return None
        return icon if icon != icon_before else None
    icon_after = wait_for(new_icon, 5, "the tray icon to change")
    assert icon_after == asset_icon("full"), "tray icon during the outage is not the full one"

    # 終了 from the menu quits the app.
    tray.click("終了")
    wait_for(lambda: not app.proc.alive(), 10, "the app to quit from the tray menu")
    assert app.proc.popen.returncode == 0


FULL = "2024年12月31日(火) 3:00 〜 5:20 長時間の通信断"
LATER = "2024年12月31日(火) 8:00 〜 2025年1月1日(水) 3:00 数分間の断続的な通信断"


def test_a_drill_from_the_tray_and_back(session):
    """「訓練を始める」 offers this prefecture's past windows, latest first; choosing one
    restarts the app on a training clock 15 minutes before it, with its window open;
    「訓練を終える」 restarts it on the real clock. No terminal anywhere."""
    session.start_desktop(tray=True)
    app = session.start_app("--prefecture", "福岡")
    app.ready()
    tray = Tray(session, *session.wait_tray_item())
    wait_for(lambda: "訓練を始める" in (tray.labels_when_ready() or []), 15, "訓練を始める in the menu")
    offered = wait_for(lambda: tray.submenu("訓練を始める") or None, 10, "the drills offered")
    assert offered == [(LATER, True), (FULL, True)], offered
    assert not session.windows(), "the window opened before the drill was chosen"

    # The ready lines of every run so far: each run writes to the same output.
    readies = lambda: [m.group(2) for _, m in app.proc.matches(app.READY, "stdout")]
    registered = len(session.tray_items())
    tray.click(FULL)
    wait_for(lambda: not app.proc.alive(), 10, "the first run to quit for the drill")
    assert app.proc.popen.returncode == 0
    assert app.proc.matches(r"^onshi-watch: restarting for a drill from 2024-12-31T02:45:00\+09:00$")
    at = wait_for(lambda: readies()[1:2], 30, "the drill's ready line")[0]
    assert at.startswith("2024-12-31T02:45:"), at

    wait_for(lambda: len(session.tray_items()) > registered, 15, "the drill's tray item")
    drill = Tray(session, *session.wait_tray_item())
    labels = wait_for(lambda: (lambda l: l if l and l[0].startswith("【訓練モード】⏰") else None)(
        drill.labels_when_ready()), 15, "the drill's tray line")
    assert "訓練を終える" in labels and "訓練を始める" not in labels, labels
    # A drill opens its window, as one from a terminal does.
    wait_for(lambda: any(t.startswith("オン資ウォッチ") for t in session.windows()), 15,
             "the drill's window")
    pid = int(session.bus().call_blocking(
        "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
        "GetConnectionUnixProcessID", "s", (drill.name,)))

    registered = len(session.tray_items())
    drill.click("訓練を終える")
    wait_for(lambda: not os.path.exists(f"/proc/{pid}"), 10, "the drill to end")
    assert app.proc.matches(r"^onshi-watch: restarting on the real clock$")
    at = wait_for(lambda: readies()[2:3], 30, "the real clock's ready line")[0]
    assert abs(parse_time(at).timestamp() - time.time()) < 120, at
    wait_for(lambda: len(session.tray_items()) > registered, 15, "the real run's tray item")
    real = Tray(session, *session.wait_tray_item())
    labels = wait_for(lambda: (lambda l: l if l and "訓練を始める" in l else None)(
        real.labels_when_ready()), 15, "the real run's menu")
    assert not labels[0].startswith("【訓練モード】"), labels
