"""One app per user session, and the ways into its window when it runs in the tray only."""

import time

from harness import Tray, wait_for

TITLE = "オン資ウォッチ"
SETTINGS = 'prefecture = 40\nlang = "ja"\nreminders_minutes = [1440, 60, 10]\nautostart = false\n'


def start_in_tray(session):
    """The app as it starts at login: set up, no problem, real clock, so no window."""
    session.start_desktop()
    session.write_settings(SETTINGS)
    app = session.start_app()
    app.ready()
    session.wait_tray_item()
    time.sleep(0.5)  # a window that wrongly opened at start would be mapped by now
    assert TITLE not in session.windows(), "the window opened by itself at a normal start"
    return app


def test_second_launch_exits_and_brings_up_the_first_window(session):
    first = start_in_tray(session)
    started = time.monotonic()
    second = session.start_app(name="onshi-watch-second")
    rc = second.proc.popen.wait(timeout=20)
    took = time.monotonic() - started
    print(f"the second launch exited with {rc} after {took * 1000:.0f} ms")
    assert rc == 0, second.proc.text()
    assert "ready" not in second.proc.text("stdout"), "the second launch ran as a second app"
    wait_for(lambda: TITLE in session.windows(), 10, "the first app's window to come up")
    assert first.proc.alive()
    assert session.windows().count(TITLE) == 1
    session.screenshot_root("window-from-second-launch")


def test_tray_menu_opens_the_window(session):
    app = start_in_tray(session)
    tray = Tray(session, *session.wait_tray_item())
    wait_for(lambda: (tray.labels_when_ready() or [None, None])[1] == "状態を表示", 10,
             "the tray menu")
    tray.click("状態を表示")
    wait_for(lambda: TITLE in session.windows(), 10, "the window to open from the tray menu")
    assert app.proc.alive()
    session.screenshot_window("window-from-tray-menu")
