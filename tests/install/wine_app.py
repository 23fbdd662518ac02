"""The installed Windows app under Wine, on its own Xvfb, with no WebView2 runtime (as on
Windows 10 LTSC): it says the window needs WebView2, keeps running, and its timer reaches
the 03:00 notice. Wine has no WinRT toasts, so the toast itself fails there (said on
stderr, the app goes on); that it shows is for real Windows. Then the setup is run again
over the running app, as an upgrade would: it ends the app and replaces its files.

    wine_app.py WINE APP_EXE_WINDOWS_PATH SETUP_EXE    (WINEPREFIX etc. from the environment)
"""

import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
import harness  # noqa: E402


def main():
    wine, exe, setup = sys.argv[1], sys.argv[2], sys.argv[3]
    with harness.Session("install-wine-app") as s:
        s.start_x()
        env = s.env(**{k: os.environ[k] for k in ("WINEPREFIX", "WINEDEBUG", "WINEDLLOVERRIDES")})
        app = s.start("onshi-watch.exe", [wine, exe, "--prefecture", "40",
                                          "--at", "2024-12-31T02:59:55+09:00"], env=env)
        try:
            # Wine's first start of a GUI program in a new prefix takes a while.
            app.wait_line(r"the WebView2 runtime is not installed: the tray and the "
                          r"notifications work, the window needs it \(https://", 90, "stderr")
            _, m = app.wait_line(harness.App.READY, 30, "stdout")
            assert m.group(1) == "upcoming", m.group(0)
            _, m = app.wait_line(r'^onshi-watch: notify at=\S+ due=2024-12-31T03:00:00\+09:00 '
                                 r'kind="start" title=(.*)$', 30, "stdout")
            assert m.group(1) == "【停止中】オンライン資格確認 福岡県（西日本エリア）", m.group(0)
            time.sleep(2)
            assert app.alive(), "the app ended after its 03:00 notice"
        except AssertionError:
            print(app.text())
            raise
        print("onshi-watch.exe without WebView2: said so, ran on, and raised the 03:00 notice:")
        print("  " + "\n  ".join(line for line in app.text().splitlines()
                                 if line.startswith("onshi-watch:")))
        # An upgrade over the running app: the setup ends it, so its files can be replaced.
        done = subprocess.run([wine, setup, "/S"], env=env, timeout=300)
        assert done.returncode == 0, f"the setup over the running app exited {done.returncode}"
        harness.wait_for(lambda: not app.alive(), 30, "the setup to end the running app")
        print("setup /S over the running app: exit 0, the app was ended")


if __name__ == "__main__":
    main()
