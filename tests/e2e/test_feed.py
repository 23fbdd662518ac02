"""The signed notice feed in the running app: published with the `onshi` CLI, served by
a real HTTP server on 127.0.0.1, followed by the app on a training clock. A new notice
arrives while it runs and its reminder pops up; a tampered bundle is refused (署名) and
the app runs on its cache; a policy file's values show locked in the settings form."""

import functools
import http.server
import os
import subprocess
import threading
import time
from datetime import datetime, timedelta

from harness import JST, ROOT, parse_time, wait_for

ONSHI = ROOT / "target" / "debug" / "onshi"
LOCKED = "管理者が設定しています"


def onshi(*args):
    if not ONSHI.exists():
        raise AssertionError(f"{ONSHI} is missing: run `cargo build -p onshi` first")
    r = subprocess.run([str(ONSHI), *map(str, args)], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, f"onshi {' '.join(map(str, args))}: {r.stderr}"
    return r.stdout


class FeedServer:
    """python's http.server on 127.0.0.1 serving `root` (with Last-Modified and 304s)."""

    def __init__(self, root):
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass
        handler = functools.partial(Quiet, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, name):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{name}"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def notice(nid, title, start, end):
    return f'''id = "{nid}"
title = "{title}"
issuer = "E2Eテスト"
issued = 2026-11-20

[[window]]
id = "w"
kind = "full"
prefectures = ["福岡県"]
start = {start.isoformat()}
end = {end.isoformat()}
tentative = false
'''


def keys(session):
    """`onshi feed keygen`: the key folder and the public key's base64 line."""
    out = session.tmp / "keys"
    onshi("feed", "keygen", "--out", out)
    return out, (out / "feed.pub").read_text(encoding="utf-8").splitlines()[1].strip()


def with_env(session, **extra):
    """Every process the session starts from now on gets `extra` in its environment."""
    base = session.env
    session.env = lambda **more: base(**{**extra, **more})


def app_now(wd):
    """The app's own (training) clock, from its view."""
    value = wd.cmd("POST", "/execute/async", {"script": """
        const done = arguments[arguments.length - 1];
        window.__TAURI__.core.invoke('get_view').then((f) => done(f.tick.now), (e) => done('ERR ' + e));
    """, "args": []})
    assert not str(value).startswith("ERR"), value
    return parse_time(value)


def problems(wd):
    return wd.js("return [...document.querySelectorAll('#problems > li')].map(li => li.textContent)")


def test_a_new_notice_arrives_by_feed_and_its_reminder_fires(session):
    key_dir, key_line = keys(session)
    notices, www = session.tmp / "notices", session.tmp / "www"
    notices.mkdir()
    www.mkdir()
    (notices / "jan.toml").write_text(notice(
        "e2e-feed-jan", "E2Eフィード：1月の停止",
        datetime(2027, 1, 15, 3, tzinfo=JST), datetime(2027, 1, 15, 5, tzinfo=JST)),
        encoding="utf-8")
    bundle = www / "feed.toml"
    onshi("feed", "build", notices, "--key", key_dir / "feed.key", "--out", bundle)
    server = FeedServer(www)
    try:
        session.write_settings(
            f'prefecture = 40\nfacility = "clinic"\nfeed_url = "{server.url("feed.toml")}"\n'
            f'feed_keys = ["{key_line}"]\n')
        session.start_desktop()
        speed = 60
        wd = session.webdriver("--at", "2026-11-30T09:00:00+09:00", "--speed", speed)
        # The fetch at start: confirmed on the training clock, the January window known.
        wd.wait_text("#freshness", lambda t: t.startswith("お知らせ確認 11月30日"), timeout=20)
        wd.wait_text("#timeline", lambda t: "E2Eフィード：1月の停止" in t)

        # A notice published while the app runs: a window 20 (training) minutes ahead.
        now = app_now(wd)
        start = (now + timedelta(minutes=21)).replace(second=0, microsecond=0).astimezone(JST)
        (notices / "soon.toml").write_text(notice(
            "e2e-feed-soon", "E2Eフィード：まもなく停止", start, start + timedelta(minutes=30)),
            encoding="utf-8")
        onshi("feed", "build", notices, "--key", key_dir / "feed.key", "--out", bundle)
        # http.server's Last-Modified has whole seconds: a bundle rebuilt within the second
        # of the first fetch would be answered 304. A real publisher is minutes apart.
        later = time.time() + 2
        for f in (bundle, bundle.with_name(bundle.name + ".minisig")):
            os.utime(f, (later, later))
        wd.click("#check-feed")
        note = wd.wait_text("#feed-note", lambda t: "件" in t or "失敗" in t, timeout=20)
        assert note.startswith("お知らせ確認") and "2 件" in note, note
        wd.wait_text("#timeline", lambda t: "E2Eフィード：まもなく停止" in t)

        # Its 10-minute reminder fires (the 60-minute one had passed before it was known).
        due = start - timedelta(minutes=10)
        line = wait_for(lambda: [l for l in wd.app.notify_lines() if l["kind"] == "reminder"],
                        60, "the new window's reminder")[0]
        assert line["due"] == due, (line, due)
        assert line["title"].startswith("【訓練】【予告】あと10分でオンライン資格確認が停止"), line
        # The call is on the bus before the server's reply is: wait for both.
        calls = wait_for(lambda: (lambda c: c if c and c[0]["reply"] else None)(
            session.notifications()), 10, "the server's reply to the reminder")
        assert calls[0]["summary"] == line["title"], calls
        assert calls[0]["reply"]["id"] > 0, calls
        assert [l["kind"] for l in wd.app.notify_lines()] == ["reminder"]

        # A tampered bundle (its signature no longer matches) is refused, said so, and
        # the notices already held stay in use.
        text = bundle.read_text(encoding="utf-8")
        bundle.write_text(text.replace("まもなく停止", "まもなく停止！"), encoding="utf-8")
        wd.click("#check-feed")
        note = wd.wait_text("#feed-note", lambda t: "署名" in t, timeout=20)
        assert "失敗中" in note, note
        shown = wd.wait("#problems to say 署名",
                        lambda: [p for p in problems(wd) if "署名" in p] or None)
        assert wd.displayed("#problems"), shown
        assert "署名" in wd.app.stderr()
        timeline = wd.text("#timeline")
        assert "E2Eフィード：まもなく停止" in timeline and "停止！" not in timeline, timeline
        wd.screenshot("feed-bad-signature")
        assert wd.app.proc.alive()
    finally:
        server.close()


def test_policy_values_show_locked_in_the_settings_form(session):
    _, key_line = keys(session)
    policy = session.tmp / "policy.toml"
    feed_url = "http://127.0.0.1:9/onshi/feed.toml"  # nobody listens: never reached
    policy.write_text(
        'prefecture = "福岡"\nfacility = "pharmacy"\nlocked = ["prefecture", "feed"]\n\n'
        f'[feed]\nurl = "{feed_url}"\nkeys = ["{key_line}"]\n', encoding="utf-8")
    with_env(session, ONSHI_WATCH_POLICY=policy)
    session.write_settings('prefecture = 13\n')
    session.start_desktop()
    wd = session.webdriver("--at", "2026-11-30T09:00:00+09:00")
    wd.wait_text("#setting-prefecture-locked", lambda t: t == LOCKED)
    assert wd.prop("#setting-prefecture", "disabled") is True
    assert wd.prop("#setting-prefecture", "value") == "40"
    assert wd.prop("#setting-facility", "disabled") is False
    assert wd.prop("#setting-facility", "value") == "pharmacy"
    assert wd.prop("#setting-feed-url", "disabled") is True
    assert wd.prop("#setting-feed-url", "value") == feed_url
    assert wd.text("#setting-feed-url-locked") == LOCKED
    assert "福岡県" in wd.text("#banner-prefecture")
    # The feed was never reached: the normal state says so instead of 「通常どおり」.
    wd.wait_text("#state-label",
                 lambda t: t == "既知の停止予定はありません（お知らせの確認: 未確認）", timeout=20)
    assert wd.text("#freshness") == "お知らせ未確認"
    wd.wait("#problems to say the feed is unreachable",
            lambda: [p for p in problems(wd) if "フィードに接続できません" in p] or None)
    # A locked value sent anyway is refused, with its message.
    wd.js("const s = document.getElementById('setting-prefecture');"
          "s.disabled = false; s.value = '13'; return true;")
    wd.click("#settings-save")
    wd.wait_text("#settings-error", lambda t: "管理者が設定" in t)
    assert "prefecture = 13" in (session.config_dir / "settings.toml").read_text()
    wd.screenshot("policy-locked")
