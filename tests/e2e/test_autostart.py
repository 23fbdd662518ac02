"""Start at login: the entry the .deb puts in /etc/xdg/autostart runs the app in a fresh
session as a desktop's session manager does (its Exec line); `autostart = false` in the
machine policy, or staff turning it off in the settings, ends it at once, and a locked
policy `autostart = true` wins over the settings."""

import shlex
import subprocess
from pathlib import Path

from harness import APP, APP_ID, ROOT

INSTALLED_ENTRY = Path("/etc/xdg/autostart") / f"{APP_ID}.desktop"


def login_command():
    """The login entry's Exec line: the installed one when the .deb is installed (CI's install
    test), else the one package.sh makes from packaging/linux, with this build's binary."""
    if INSTALLED_ENTRY.exists() and str(APP).startswith("/usr/bin/"):
        text = INSTALLED_ENTRY.read_text(encoding="utf-8")
    else:
        text = (ROOT / "packaging/linux" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
        text = text.replace("\nExec=onshi-watch\n", "\nExec=onshi-watch --autostarted\n")
    exec_line = next(l for l in text.splitlines() if l.startswith("Exec="))
    argv = shlex.split(exec_line[len("Exec="):])
    assert argv[0] == "onshi-watch" and "--autostarted" in argv, argv
    return [str(APP), *argv[1:]]


def ended_at_once(session, env):
    out = subprocess.run(login_command(), env=env, capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, (out.returncode, out.stderr)
    assert "start at login is off" in out.stdout, out.stdout
    assert "ready state=" not in out.stdout, out.stdout


def test_the_login_entry_starts_the_app_unless_the_policy_says_no(session):
    session.start_desktop()
    session.write_settings('prefecture = 40\n')
    policy = session.tmp / "policy.toml"

    # No policy, nothing chosen: an installed app starts at login.
    app = session.start_app(*login_command()[1:], env=session.env(ONSHI_WATCH_POLICY=policy))
    _, look, _ = app.ready()
    assert look in ("normal", "upcoming", "past_end"), look
    session.forget(app.proc)

    # The administrator says no.
    policy.write_text("autostart = false\n", encoding="utf-8")
    ended_at_once(session, session.env(ONSHI_WATCH_POLICY=policy))

    # No policy, but staff turned it off in the settings.
    policy.unlink()
    session.write_settings('prefecture = 40\nautostart = false\n')
    ended_at_once(session, session.env(ONSHI_WATCH_POLICY=policy))

    # A locked policy wins over the settings; started by hand it always runs.
    policy.write_text('autostart = true\nlocked = ["autostart"]\n', encoding="utf-8")
    app = session.start_app(*login_command()[1:], env=session.env(ONSHI_WATCH_POLICY=policy))
    app.ready()
    session.forget(app.proc)
    policy.write_text("autostart = false\n", encoding="utf-8")
    app = session.start_app(env=session.env(ONSHI_WATCH_POLICY=policy))
    app.ready()
