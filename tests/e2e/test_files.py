"""Files staff or an IT person leave in the config folder: a settings file with one typo,
and a FIFO among the notices. The app starts, keeps what is good, and names the rest."""

import os

from harness import wait_for


def problems(wd):
    return wd.js("return [...document.querySelectorAll('#problems > li')].map(li => li.textContent)")


def test_one_typo_in_settings_keeps_the_prefecture_and_names_the_line(session):
    original = ('prefecture = "40"\n'
                'reminder_minutes = [30]\n'
                'lang = "ja"\n')
    path = session.write_settings(original)
    session.start_desktop()
    wd = session.webdriver()
    shown = wd.wait("#problems to name the wrong line",
                    lambda: [p for p in problems(wd) if "settings.toml:2:1" in p] or None)
    assert "reminder_minutes" in shown[0], shown
    # The prefecture (a string, as notice files write it) is in use: not 未設定.
    assert wd.attr("#banner", "class") != "banner state-not_configured"
    aside = list(session.config_dir.glob("settings.broken-*.toml"))
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == original, aside
    assert aside[0].name in shown[0]
    assert "prefecture = 40" in path.read_text(encoding="utf-8")
    assert sorted(p.name for p in session.config_dir.iterdir()
                  if p.name.startswith("settings") or p.name.startswith(".settings")) == \
        sorted(["settings.toml", aside[0].name]), "no stray files"
    wd.screenshot("settings-typo")


def test_a_fifo_among_the_notices_is_named_and_the_app_starts(session):
    notices = session.config_dir / "notices"
    notices.mkdir(parents=True)
    os.mkfifo(notices / "stray.toml")
    session.start_desktop()
    app = session.start_app("--prefecture", "福岡")
    app.ready(timeout=30)
    wait_for(lambda: "stray.toml" in app.stderr() and "FIFO" in app.stderr(), 5,
             "stderr to name the FIFO")
    assert app.proc.alive()
