"""The installed Windows app under Wine, on its own Xvfb, with no WebView2 runtime (as on
Windows 10 LTSC) and no --prefecture: the machine-wide policy the installer wrote gives it
福岡; it says the window needs WebView2, keeps running, and its timer reaches the 03:00
notice for 福岡. Wine has no WinRT toasts, so the toast itself fails there (said on stderr,
the app goes on); that it shows is for real Windows. Then an installer is run over the
running app, as an upgrade would: it ends the app and replaces its files.

    wine_app.py WINE APP_EXE_WINDOWS_PATH INSTALLER_COMMAND...
                                                 (WINEPREFIX etc. from the environment)
"""

import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))
import harness  # noqa: E402


def main():
    wine, exe, upgrade = sys.argv[1], sys.argv[2], sys.argv[3:]
    with harness.Session("install-wine-app") as s:
        s.start_x()
        env = s.env(**{k: os.environ[k] for k in ("WINEPREFIX", "WINEDEBUG", "WINEDLLOVERRIDES")})
        app = s.start("onshi-watch.exe", [wine, exe, "--at", "2024-12-31T02:59:55+09:00"],
                      env=env)
        try:
            # Wine's first start of a GUI program in a new prefix takes a while.
            app.wait_line(r"the WebView2 runtime is not installed: the tray and the "
                          r"notifications work, the window needs it \(https://", 90, "stderr")
            _, m = app.wait_line(harness.App.READY, 30, "stdout")
            assert m.group(1) == "upcoming", m.group(0)
            _, m = app.wait_line(r'^onshi-watch: notify at=\S+ due=2024-12-31T03:00:00\+09:00 '
                                 r'kind="start" title=(.*)$', 30, "stdout")
            # Started with --at: a drill, so the title says 訓練 first.
            assert m.group(1) == "【訓練】【停止中】オンライン資格確認 福岡県（西日本エリア）", m.group(0)
            time.sleep(2)
            assert app.alive(), "the app ended after its 03:00 notice"
            assert "policy file is ignored" not in app.text(), "the app ignored the policy"
        except AssertionError:
            print(app.text())
            raise
        print("onshi-watch.exe without WebView2 or --prefecture: said so, ran on, and raised "
              "the policy's prefecture's 03:00 notice:")
        print("  " + "\n  ".join(line for line in app.text().splitlines()
                                 if line.startswith("onshi-watch:")))
        # An upgrade over the running app: the installer ends it, so its files can be replaced.
        done = subprocess.run(upgrade, env=env, timeout=300)
        assert done.returncode == 0, f"{' '.join(upgrade[1:])} over the running app exited {done.returncode}"
        harness.wait_for(lambda: not app.alive(), 30, "the installer to end the running app")
        print(f"{' '.join(upgrade[1:])} over the running app: exit 0, the app was ended")


if __name__ == "__main__":
    main()
