"""確認待ちの患者 through WebDriver on the real clock (not a drill: the real list), during a
window a notice file puts around now: a patient added in the window is still listed after
a restart, no file of the config folder nor the app's output holds the name or address in
plain text, 確認済み deletes it, and an entry 32 days old is purged when the app starts
(libfaketime moving the wall clock)."""

from datetime import datetime, timedelta, timezone

from harness import wait_for
from test_notices import set_value

NAME = "山田 花子"
ADDRESS = "福岡県福岡市中央区天神一丁目2番3号"
MEMO = "資格確認書を忘れた"
SECRETS = [NAME, "山田", ADDRESS, "天神", MEMO]
SINGLE = "jp.onshiwatch.desktop.SingleInstance"
JST = timezone(timedelta(hours=9))  # notices write their times in JST


def add(wd, name, sex, birth, address, memo=""):
    set_value(wd, "#pending-name", name)
    wd.select("#pending-sex", sex)
    set_value(wd, "#pending-birth", birth)
    set_value(wd, "#pending-address", address)
    set_value(wd, "#pending-memo", memo)
    wd.click("#pending-add")


def names(wd):
    return wd.js("return [...document.querySelectorAll('#pending-list .pending-name')]"
                 ".map(n => n.textContent)")


def plain_text_hits(session):
    """Every file under the config folder (and the key's, the list's) that holds a secret."""
    hits = []
    for path in session.config_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            hits += [(path.name, s) for s in SECRETS if s.encode("utf-8") in data]
    return hits


OUTPUT = []  # what each app printed (through its WebKitWebDriver), kept past its stop


def stop(session, wd):
    wd.quit()
    session.forget(wd.proc)
    OUTPUT.append(wd.proc.text())
    wait_for(lambda: not session.name_owner(SINGLE), 10, "the app to leave the bus")


def notice_now(session):
    """A nationwide full stop from an hour ago to four hours on: the list shows during it."""
    now = datetime.now(JST).replace(microsecond=0)
    notices = session.tmp / "notices"
    notices.mkdir()
    (notices / "now.toml").write_text(f'''id = "e2e-now"
title = "E2E: いまの停止"
issuer = "テスト"
issued = 2025-02-01

[[window]]
id = "now"
kind = "full"
nationwide = true
start = {(now - timedelta(hours=1)).isoformat()}
end = {(now + timedelta(hours=4)).isoformat()}
''', encoding="utf-8")
    return notices, now


def restart(session, wd, notices, name):
    stop(session, wd)
    return session.webdriver("--notices", notices, name=name)


def test_a_patient_added_is_kept_encrypted_across_a_restart_and_deleted_when_confirmed(session):
    # No tray host: a problem to read, so the window opens by itself on the real clock too
    # (set up and not drilling, it would wait in the tray).
    session.start_desktop(tray=False)
    session.write_settings('prefecture = 40\nfacility = "clinic"\nlang = "ja"\n')
    notices, now = notice_now(session)
    wd = session.webdriver("--notices", notices)
    wd.wait("the list to show during the window", lambda: wd.displayed("#pending-section"))
    assert wd.text("#pending-heading") == "確認待ちの患者"
    assert "いまはいません" in wd.text("#pending-empty")

    # A form without 住所 is refused with the field named; nothing is written.
    add(wd, NAME, "女", "1948-07-15", "")
    wd.wait_text("#pending-error", lambda t: t == "住所を入れてください。 / Enter the address.")
    assert names(wd) == []

    add(wd, NAME, "女", "1948-07-15", ADDRESS, MEMO)
    wd.wait_text("#pending-saved", lambda t: t == "追加しました")
    wd.wait("the patient to be listed", lambda: names(wd) == [NAME])
    entry = wd.text("#pending-list li")
    assert ADDRESS in entry and "1948-07-15" in entry and MEMO in entry and "女" in entry, entry
    assert wd.prop("#pending-name", "value") == "", "the form is cleared for the next patient"
    add(wd, "佐藤 太郎", "男", "1960-01-02", "福岡県北九州市")
    wd.wait("both to be listed", lambda: names(wd) == [NAME, "佐藤 太郎"])
    wd.screenshot("pending-added")

    wd = restart(session, wd, notices, "webdriver-restart")
    wd.wait("the list to be back after the restart", lambda: names(wd) == [NAME, "佐藤 太郎"])
    files = sorted(p.name for p in session.config_dir.iterdir())
    assert "pending.enc" in files and "pending.key" in files, files
    assert plain_text_hits(session) == [], plain_text_hits(session)

    # 確認済み deletes 山田 花子: from the window, and from the file.
    before = (session.config_dir / "pending.enc").read_bytes()
    wd.click("#pending-list li:first-child .pending-done")
    wd.wait("the confirmed patient to go", lambda: names(wd) == ["佐藤 太郎"])
    assert (session.config_dir / "pending.enc").read_bytes() != before
    wd = restart(session, wd, notices, "webdriver-confirmed")
    wd.wait("only the other patient after a restart", lambda: names(wd) == ["佐藤 太郎"])

    # Neither the app's output (log lines) nor any file ever held the patients' data.
    out = "\n".join(OUTPUT) + wd.proc.text()
    assert "onshi-watch: pending added id=" in out, out[-2000:]
    assert not any(s in out for s in SECRETS + ["佐藤"]), "a name in the app's output"
    assert plain_text_hits(session) == []

    # The app started 32 days later purges him; back on today's clock the list is empty.
    stop(session, wd)
    app = session.start_app("--notices", notices, name="onshi-watch-32-days-on",
                            env=session.fake_clock(now + timedelta(days=32)))
    _, _, at = app.ready()
    assert at > now + timedelta(days=31), f"libfaketime did not move the app's clock: {at}"
    session.forget(app.proc)
    OUTPUT.append(app.proc.text())
    wait_for(lambda: not session.name_owner(SINGLE), 10, "the app to leave the bus")
    wd = session.webdriver("--notices", notices, name="webdriver-purged")
    wd.wait("the list to show, empty", lambda: wd.displayed("#pending-section"))
    wd.wait_text("#pending-empty", lambda t: "いまはいません" in t)
    assert names(wd) == []
    assert plain_text_hits(session) == []
    assert not any(s in "\n".join(OUTPUT) for s in SECRETS + ["佐藤"])
