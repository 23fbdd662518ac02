"""The end-to-end harness: per test, its own X server, D-Bus session, notification
server, tray host and config folders, and the built app run in them.

Everything a test starts is in its own process group and is killed at teardown, even
when the test fails. Nothing here uses a fixed display number, port or bus name of the
machine: Xvfb picks a free display (-displayfd), the bus listens on a socket in a
temporary folder, WebKitWebDriver gets a free port.
"""

import base64
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import tomllib
import urllib.error
import urllib.request
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The built app (in CARGO_TARGET_DIR if set, as cargo puts it), or an installed one.
APP = Path(os.environ.get("ONSHI_WATCH_BIN", ROOT / os.environ.get("CARGO_TARGET_DIR", "target")
                          / "debug" / "onshi-watch"))
APP_ID = "jp.onshiwatch.desktop"
SHOTS = ROOT / "target" / "e2e-screenshots"
LOGS = ROOT / "target" / "e2e-logs"
HERE = Path(__file__).resolve().parent
PYTHON = "/usr/bin/python3"
JST = timezone(timedelta(hours=9))


# libfaketime (Debian package faketime), the thread-safe build: moves one process's wall clock.
FAKETIME_LIB = os.environ.get("ONSHI_FAKETIME_LIB",
                              "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1")

# Start/end notices and how late each arrived, printed at the end of the run.
TIMINGS = []


def jst(text):
    """`2024-12-31T03:00` (JST) as an aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=JST)


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def wait_for(condition, timeout, what, interval=0.02):
    """Polls `condition` until it returns something truthy; fails the test after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def guidance_summary(phase):
    """The one-line summary of a guidance phase, as notifications end their body with it."""
    data = tomllib.loads((ROOT / "assets" / "guidance.toml").read_text(encoding="utf-8"))
    for p in data["phase"]:
        if p["id"] == phase:
            return p["summary_ja"]
    raise KeyError(phase)


def _holds(table, rules, day):
    """Whether a step (or rule) of guidance.toml holds on the JST `day`: its own dates
    (both days included) and those of the rule it names."""
    if "valid_from" in table and day < table["valid_from"]:
        return False
    if "valid_until" in table and day > table["valid_until"]:
        return False
    rule = table.get("rule")
    return rule is None or _holds(next(r for r in rules if r["id"] == rule), rules, day)


def guidance_steps(phase, lang="ja", facility=None, later=False, on=date(2024, 12, 31)):
    """The steps the window lists for a guidance phase (its counter group, or with
    later=True its "later, at billing" group), for a facility type (None: all), in order,
    as they hold on the JST day `on` (the seed's by default)."""
    data = tomllib.loads((ROOT / "assets" / "guidance.toml").read_text(encoding="utf-8"))
    rules = data.get("rule", [])
    for p in data["phase"]:
        if p["id"] == phase and p.get("service", "oqs") == "oqs":
            return [step[lang] for step in p["step"]
                    if step.get("later", False) == later
                    and not step.get("chooser", False)
                    and _holds(step, rules, on)
                    and (facility is None or facility in step.get("facility", [facility]))]
    raise KeyError(phase)


def hms(text):
    """Seconds in an H:MM:SS countdown."""
    h, m, s = (int(x) for x in text.split(":"))
    return h * 3600 + m * 60 + s


class Proc:
    """A started process in its own process group; its output lines are kept with the
    (wall-clock) time each was read, and written to a log file."""

    def __init__(self, name, argv, env, log_dir, capture=True, **kw):
        self.name = name
        self.argv = [str(a) for a in argv]
        self.lines = []  # (time.time(), "stdout"|"stderr", text)
        self.cond = threading.Condition()
        self.log_path = log_dir / f"{name}.log"
        self.log = open(self.log_path, "a", encoding="utf-8")
        self.log.write(f"$ {' '.join(self.argv)}\n")
        self.log.flush()
        out = subprocess.PIPE if capture else subprocess.DEVNULL
        self.popen = subprocess.Popen(
            self.argv, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
            start_new_session=True, **kw)
        self.threads = []
        if capture:
            for stream, label in ((self.popen.stdout, "stdout"), (self.popen.stderr, "stderr")):
                t = threading.Thread(target=self._read, args=(stream, label), daemon=True)
                t.start()
                self.threads.append(t)

    def _read(self, stream, label):
        for raw in iter(stream.readline, b""):
            now = time.time()
            text = raw.decode("utf-8", "replace").rstrip("\n")
            with self.cond:
                self.lines.append((now, label, text))
                self.cond.notify_all()
            try:
                self.log.write(f"{now:.3f} {label}: {text}\n")
                self.log.flush()
            except ValueError:
                pass
        stream.close()

    @property
    def pid(self):
        return self.popen.pid

    def alive(self):
        return self.popen.poll() is None

    def text(self, label=None):
        with self.cond:
            return "\n".join(t for _, l, t in self.lines if label in (None, l))

    def matches(self, pattern, label=None):
        """(time, match) for every output line matching `pattern`."""
        rx = re.compile(pattern)
        with self.cond:
            found = []
            for when, l, text in self.lines:
                if label in (None, l):
                    m = rx.search(text)
                    if m:
                        found.append((when, m))
            return found

    def wait_line(self, pattern, timeout, label=None):
        """Waits for an output line matching `pattern`; returns (time it was read, match)."""
        def found():
            hits = self.matches(pattern, label)
            if hits:
                return hits[0]
            if not self.alive():
                # Let the readers drain what the process wrote before it ended.
                for t in self.threads:
                    t.join(timeout=2)
                hits = self.matches(pattern, label)
                if hits:
                    return hits[0]
                raise AssertionError(
                    f"{self.name} exited ({self.popen.returncode}) before printing /{pattern}/:\n"
                    + self.text())
            return None
        return wait_for(found, timeout, f"{self.name} to print /{pattern}/")

    def stop(self, timeout=3.0):
        """SIGTERM to the whole process group, then SIGKILL if it is still there."""
        try:
            pgid = os.getpgid(self.popen.pid)
        except ProcessLookupError:
            pgid = self.popen.pid
        for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(pgid, sig)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                self.popen.wait(timeout=wait)
                # The leader is gone; make sure no child of it lingers in the group.
                try:
                    os.killpg(pgid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    pass
                break
            except subprocess.TimeoutExpired:
                continue
        for t in self.threads:
            t.join(timeout=2)
        self.log.close()


DBUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <!-- No <servicedir>: nothing is started on demand, so a test decides which
       services (notification server, tray host) exist on its bus. -->
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""

DUNSTRC = """[global]
    monitor = 0
    follow = none
    width = 420
    height = 200
    origin = top-right
    offset = 10x10
    font = Noto Sans CJK JP 11
    format = "<b>%a</b>\\n<b>%s</b>\\n%b"
    markup = no
    idle_threshold = 0
    show_age_threshold = -1
    history_length = 100
    sticky_history = yes
    mouse_left_click = none
    mouse_middle_click = none
    mouse_right_click = none

[urgency_low]
    timeout = 30
[urgency_normal]
    timeout = 30
[urgency_critical]
    timeout = 0
"""


class Session:
    """One test's private desktop session. Use as a context manager (see conftest.py)."""

    def __init__(self, name):
        self.name = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
        self.procs = []
        # Short, so the bus socket path stays well under the 108-byte limit.
        self.tmp = Path(tempfile.mkdtemp(prefix="onshi-e2e-"))
        self.log_dir = LOGS / self.name
        if self.log_dir.exists():
            shutil.rmtree(self.log_dir)
        self.log_dir.mkdir(parents=True)
        self.home = self.tmp / "home"
        self.config_home = self.home / ".config"
        self.data_home = self.home / ".local" / "share"
        self.cache_home = self.home / ".cache"
        self.runtime_dir = self.tmp / "run"
        for d in (self.config_home, self.data_home, self.cache_home):
            d.mkdir(parents=True)
        self.runtime_dir.mkdir(mode=0o700)
        self.config_dir = self.config_home / APP_ID
        self.display = None
        self.bus_address = None
        self.monitor_file = self.tmp / "notifications.jsonl"
        self.watcher_file = self.tmp / "tray-items.jsonl"
        self.shot_count = 0
        # The X screen; a test may set another before start_desktop().
        self.screen = "1280x1024x24"

    # ------------------------------------------------------------------ lifetime
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        for p in reversed(self.procs):
            p.stop()
        self.procs.clear()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def env(self, **extra):
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.home),
            "XDG_CONFIG_HOME": str(self.config_home),
            "XDG_DATA_HOME": str(self.data_home),
            "XDG_CACHE_HOME": str(self.cache_home),
            "XDG_RUNTIME_DIR": str(self.runtime_dir),
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "TZ": "UTC",  # the app must not depend on the PC's zone; JST comes from the data
            "NO_AT_BRIDGE": "1",  # no accessibility bus: the WebDriver session can stall on it
            "GDK_BACKEND": "x11",
            "WEBKIT_DISABLE_COMPOSITING_MODE": "1",
            "LIBGL_ALWAYS_SOFTWARE": "1",
            "RUST_BACKTRACE": "1",
        }
        if self.display:
            env["DISPLAY"] = self.display
        if self.bus_address:
            env["DBUS_SESSION_BUS_ADDRESS"] = self.bus_address
        env.update({k: str(v) for k, v in extra.items()})
        return env

    def start(self, name, argv, env=None, **kw):
        # Unique log names when one program is started twice in a test.
        used = {p.name for p in self.procs}
        base, n = name, 2
        while name in used:
            name, n = f"{base}-{n}", n + 1
        p = Proc(name, argv, env or self.env(), self.log_dir, **kw)
        self.procs.append(p)
        return p

    def forget(self, proc):
        """Stops `proc` now (e.g. to restart the app) and drops it from teardown."""
        proc.stop()
        if proc in self.procs:
            self.procs.remove(proc)

    # ------------------------------------------------------------------ X and D-Bus
    def start_x(self):
        """Xvfb on a display number it picks itself (-displayfd): never one in use."""
        r, w = os.pipe()
        try:
            self.start("xvfb", ["Xvfb", "-displayfd", str(w), "-screen", "0", self.screen,
                                "-nolisten", "tcp", "-noreset"], pass_fds=(w,))
        finally:
            os.close(w)
        got = b""
        deadline = time.monotonic() + 15
        try:
            while not got.endswith(b"\n"):
                left = deadline - time.monotonic()
                ready, _, _ = select.select([r], [], [], max(left, 0))
                if not ready:
                    raise AssertionError("Xvfb did not report its display number in 15 s")
                chunk = os.read(r, 64)
                if not chunk:
                    raise AssertionError("Xvfb exited before reporting its display number")
                got += chunk
        finally:
            os.close(r)
        self.display = ":" + got.decode().strip()
        return self.display

    def start_bus(self):
        """A private session bus with no activatable services."""
        config = self.tmp / "bus.conf"
        config.write_text(DBUS_CONFIG.format(socket=self.tmp / "bus"))
        p = self.start("dbus-daemon", ["dbus-daemon", "--config-file", config, "--nofork",
                                       "--print-address=1"])
        _, m = p.wait_line(r"^(unix:\S+)$", 10, "stdout")
        self.bus_address = m.group(1)
        return self.bus_address

    def bus(self):
        import dbus
        return dbus.bus.BusConnection(self.bus_address)

    def name_owner(self, name):
        import dbus
        try:
            return str(self.bus().get_name_owner(name))
        except dbus.DBusException:
            return None

    def wait_name(self, name, timeout=10):
        return wait_for(lambda: self.name_owner(name), timeout, f"{name} on the bus")

    def start_desktop(self, notifications="dunst", tray=True):
        """X, bus, the Notify recorder, a notification server and a tray host."""
        self.start_x()
        self.start_bus()
        mon = self.start("busd-monitor", [PYTHON, HERE / "busd.py", "monitor", self.monitor_file])
        mon.wait_line(r"^ready$", 10)
        if notifications == "dunst":
            rc = self.tmp / "dunstrc"
            rc.write_text(DUNSTRC)
            self.start("dunst", ["dunst", "-config", rc])
            self.wait_name("org.freedesktop.Notifications")
        if tray:
            w = self.start("busd-watcher", [PYTHON, HERE / "busd.py", "watcher", self.watcher_file])
            w.wait_line(r"^ready$", 10)
            self.wait_name("org.kde.StatusNotifierWatcher")

    # ------------------------------------------------------------------ the app
    def write_settings(self, text):
        self.config_dir.mkdir(parents=True, exist_ok=True)
        path = self.config_dir / "settings.toml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def start_app(self, *args, name="onshi-watch", env=None):
        if not APP.exists():
            raise AssertionError(f"{APP} is missing: run `cargo build -p onshi-watch` first")
        return App(self.start(name, [APP, *args], env=env))

    def fake_clock(self, at):
        """Env for a process whose wall clock libfaketime moves (set_clock), starting at
        `at` (aware datetime); the monotonic clock stays real."""
        self.clock_file = self.tmp / "faketime"
        self.set_clock(at)
        return self.env(LD_PRELOAD=FAKETIME_LIB, FAKETIME_TIMESTAMP_FILE=self.clock_file,
                        FAKETIME_NO_CACHE=1, FAKETIME_DONT_FAKE_MONOTONIC=1)

    def set_clock(self, at):
        """Moves the faked wall clock to `at` now; it runs on from there in real time."""
        offset = round((at - datetime.now(timezone.utc)).total_seconds())
        tmp = self.clock_file.with_suffix(".tmp")
        tmp.write_text(f"{offset:+d}\n")
        tmp.replace(self.clock_file)

    def webdriver(self, *args, name="webdriver"):
        """The app started by WebKitWebDriver, with a WebDriver session on its window."""
        env = self.env(TAURI_WEBVIEW_AUTOMATION="true")
        last = None
        for _ in range(3):  # a free port can be taken between the probe and the bind
            port = free_port()
            drv = self.start(name, ["WebKitWebDriver", f"--port={port}"], env=env)
            try:
                wait_for(lambda: _status_ok(port) or not drv.alive(), 10,
                         "WebKitWebDriver to listen")
            except AssertionError as e:
                last = e
                self.forget(drv)
                continue
            if not drv.alive():
                last = AssertionError(f"WebKitWebDriver exited: {drv.text()}")
                self.forget(drv)
                continue
            wd = WebDriver(port, drv, self)
            wd.new_session(str(APP), [str(a) for a in args])
            return wd
        raise last

    # ------------------------------------------------------------------ what was shown
    def notifications(self):
        """Notify calls seen on the bus, oldest first, each with the server's reply."""
        if not self.monitor_file.exists():
            return []
        calls, replies = [], {}
        for line in self.monitor_file.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            if r["event"] == "notify":
                calls.append(r)
            else:
                replies[(r["sender"], r["serial"])] = r
        for c in calls:
            c["reply"] = replies.get((c["sender"], c["serial"]))
        return calls

    def wait_notifications(self, n, timeout):
        return wait_for(lambda: (lambda ns: ns if len(ns) >= n else None)(self.notifications()),
                        timeout, f"{n} notification(s); got {len(self.notifications())}")

    def dunst_count(self, which):
        """`dunstctl count displayed|history|waiting` on this test's bus."""
        out = subprocess.run(["dunstctl", "count", which], env=self.env(), capture_output=True,
                             text=True, timeout=10)
        return int(out.stdout.strip() or 0)

    def tray_items(self):
        if not self.watcher_file.exists():
            return []
        return [json.loads(l) for l in self.watcher_file.read_text(encoding="utf-8").splitlines()
                if l.strip()]

    def wait_tray_item(self, timeout=15):
        """The app's StatusNotifierItem once it has registered: (bus name, object path)."""
        item = wait_for(lambda: (self.tray_items() or [None])[-1], timeout,
                        "the app's tray item to register with the StatusNotifierWatcher")
        return item["name"], item["path"]

    def screenshot_root(self, label):
        """The whole X screen (window, notification pop-ups) as a PNG under target/."""
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.shot_count += 1
        path = SHOTS / f"{self.name}-{self.shot_count:02d}-{label}.png"
        subprocess.run(["import", "-display", self.display, "-window", "root", str(path)],
                       check=True, timeout=30, env=self.env(), stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        return path

    def screenshot_window(self, label, title="オン資ウォッチ"):
        """The app's window (the whole screen if it has none) as a PNG under target/."""
        out = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", title],
                             env=self.env(), capture_output=True, text=True, timeout=10)
        ids = out.stdout.split()
        if not ids:
            return self.screenshot_root(label)
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.shot_count += 1
        path = SHOTS / f"{self.name}-{self.shot_count:02d}-{label}.png"
        subprocess.run(["import", "-window", ids[-1], str(path)], check=True, timeout=30,
                       env=self.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return path

    def windows(self):
        """Titles of the mapped top-level windows on this test's display."""
        out = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "."],
                             env=self.env(), capture_output=True, text=True, timeout=10)
        titles = []
        for wid in out.stdout.split():
            name = subprocess.run(["xdotool", "getwindowname", wid], env=self.env(),
                                  capture_output=True, text=True, timeout=10)
            titles.append(name.stdout.strip())
        return titles


def _status_ok(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/status", timeout=1) as r:
            return r.status == 200
    except (OSError, urllib.error.URLError):
        return False


class App:
    """The app's process and what it printed."""

    READY = r"^onshi-watch: ready state=(\S+) at=(\S+)$"
    NOTIFY = r'^onshi-watch: notify at=(\S+) due=(\S+) kind=(?:"([^"]*)"|(\S+)) title=(.*)$'

    def __init__(self, proc):
        self.proc = proc

    def ready(self, timeout=30):
        """Waits for the first state; returns (wall time read, look, simulated instant)."""
        when, m = self.proc.wait_line(self.READY, timeout, "stdout")
        return when, m.group(1), parse_time(m.group(2))

    def notify_lines(self):
        out = []
        for when, m in self.proc.matches(self.NOTIFY, "stdout"):
            out.append({"read": when, "at": parse_time(m.group(1)), "due": parse_time(m.group(2)),
                        "kind": m.group(3) or m.group(4), "title": m.group(5)})
        return out

    def stderr(self):
        return self.proc.text("stderr")


ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


class WebDriverError(AssertionError):
    pass


class WebDriver:
    """The few W3C WebDriver commands the tests use, over plain HTTP."""

    def __init__(self, port, proc, session):
        self.base = f"http://127.0.0.1:{port}"
        self.proc = proc
        self.app = App(proc)  # the app's output comes through WebKitWebDriver's
        self.session = session
        self.id = None

    def _call(self, method, path, body=None, timeout=30):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                payload = json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace")
            raise WebDriverError(f"{method} {path}: HTTP {e.code}: {detail}") from None
        return payload.get("value")

    def new_session(self, binary, args):
        caps = {"capabilities": {"alwaysMatch": {
            "webkitgtk:browserOptions": {"binary": binary, "args": args}}}}
        value = self._call("POST", "/session", caps, timeout=90)
        self.id = value["sessionId"]
        self.wait("the page to load", lambda: self.js(
            "return document.readyState === 'complete' && !!document.getElementById('banner')"))
        # WebKitGTK's WebDriver waits for the page's next repaint in element clicks (and
        # screenshots); a page where nothing changes (the not-set-up screen) would stall
        # them for up to 30 s. A 1-pixel, invisible heartbeat keeps frames coming.
        self.js("""const d = document.createElement('div');
            d.id = 'e2e-heartbeat';
            d.setAttribute('aria-hidden', 'true');
            d.style.cssText = 'position:fixed;left:0;bottom:0;width:1px;height:1px;'
                + 'pointer-events:none;opacity:0.01';
            document.documentElement.appendChild(d);
            setInterval(() => { d.style.opacity = d.style.opacity === '0.01' ? '0.02' : '0.01'; }, 50);
            return true;""")

    def cmd(self, method, path, body=None, timeout=30):
        return self._call(method, f"/session/{self.id}{path}", body, timeout)

    def quit(self):
        if self.id:
            try:
                self.cmd("DELETE", "", timeout=30)
            finally:
                self.id = None

    def js(self, script, *args):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css):
        return self.cmd("POST", "/element", {"using": "css selector", "value": css})[ELEMENT]

    def find_all(self, css):
        return [e[ELEMENT] for e in
                self.cmd("POST", "/elements", {"using": "css selector", "value": css})]

    def text(self, css):
        return self.cmd("GET", f"/element/{self.find(css)}/text")

    def attr(self, css, name):
        return self.cmd("GET", f"/element/{self.find(css)}/attribute/{name}")

    def prop(self, css, name):
        return self.cmd("GET", f"/element/{self.find(css)}/property/{name}")

    def displayed(self, css):
        return self.cmd("GET", f"/element/{self.find(css)}/displayed")

    def click(self, css):
        return self.cmd("POST", f"/element/{self.find(css)}/click", {})

    def type(self, css, text):
        """Empties a text field and types `text` into it, key by key, as staff do."""
        element = self.find(css)
        self.cmd("POST", f"/element/{element}/clear", {})
        return self.cmd("POST", f"/element/{element}/value", {"text": text})

    def title(self):
        return self.cmd("GET", "/title")

    def wait(self, what, condition, timeout=15):
        return wait_for(condition, timeout, what, interval=0.05)

    def wait_text(self, css, predicate, timeout=15):
        """Waits until the element's visible text satisfies `predicate`; returns it."""
        last = [None]

        def check():
            try:
                last[0] = self.text(css)
            except WebDriverError:
                return None
            return last[0] if predicate(last[0]) else None
        try:
            return wait_for(check, timeout, css, interval=0.05)
        except AssertionError:
            raise AssertionError(f"{css}: text {last[0]!r} never matched in {timeout} s") from None

    def screenshot(self, label):
        """The app's window as an X capture. (WebDriver's own screenshot command can wait
        30 s in WebKitGTK when the page does not repaint, so it is not used.)"""
        return self.session.screenshot_window(label)

    def select(self, css, value):
        """Chooses an <option> of a <select> and tells the page, as choosing it does.
        (Clicking the option through WebDriver opens WebKitGTK's native pop-up menu,
        which then blocks every later command.)"""
        got = self.js("""const s = document.querySelector(arguments[0]);
            s.value = arguments[1];
            s.dispatchEvent(new Event('input', {bubbles: true}));
            s.dispatchEvent(new Event('change', {bubbles: true}));
            return s.value;""", css, value)
        assert got == value, f"{css} has no option {value!r}"


# ---------------------------------------------------------------------- notifications
def full_body(lead, phase):
    """A notification body: what the app says first, then the guidance phase's summary."""
    return lead + guidance_summary(phase)


def check_notifications(session, app, expected, speed, timeout, test, quiet=0.5,
                        max_late_sim=None):
    """Waits for exactly the `expected` notifications, in order, and checks what the
    notification server received and the app's own log of them.

    `expected`: (kind, due "YYYY-MM-DDTHH:MM" JST or None, summary, body, urgency) each.
    After the last one, waits `quiet` s of real time and checks nothing else came.
    Records how late each start/end/change/already_down arrived, in real milliseconds.
    Start/end/change must arrive within 1.5 s of real time and, if `max_late_sim` is
    given, within that many seconds of the training clock (a fast clock makes a timer
    that wakes a minute late look punctual in real time).
    """
    got = session.wait_notifications(len(expected), timeout)
    # Nothing more: the app must not say anything that was not expected.
    time.sleep(quiet)
    got = session.notifications()
    lines = app.notify_lines()
    shown = [(n["summary"], n["body"]) for n in got]
    want = [(e[2], e[3]) for e in expected]
    assert shown == want, "notifications differ:\n got: " + "\n      ".join(map(repr, shown)) \
        + "\nwant: " + "\n      ".join(map(repr, want))
    assert [l["kind"] for l in lines] == [e[0] for e in expected], lines
    assert [l["title"] for l in lines] == [e[2] for e in expected]
    for n, (kind, due, summary, _body, urgency), line in zip(got, expected, lines):
        assert n["app_name"] == "オン資ウォッチ", n
        assert n["urgency"] == urgency, (summary, n["urgency"], urgency)
        assert n["hints"].get("desktop-entry") == APP_ID, n["hints"]
        # The server answered with a notification id: it was shown, not refused.
        assert n["reply"] and n["reply"]["event"] == "reply" and n["reply"]["id"] > 0, n
        if due is not None:
            assert line["due"] == jst(due), (kind, line["due"], due)
            assert line["at"] >= line["due"], f"{kind} shown before its time: {line}"
        if kind in ("start", "end", "change", "already_down"):
            app_ms = (line["at"] - line["due"]).total_seconds() / speed * 1000
            # The app printed the line when it handled the event; the bus saw the call later.
            bus_ms = app_ms + (n["t"] - line["read"]) * 1000
            TIMINGS.append({"test": test, "kind": kind,
                            "due": line["due"].astimezone(JST).strftime("%m-%d %H:%M:%S"),
                            "app_ms": app_ms, "bus_ms": bus_ms})
            print(f"{kind} due {line['due']}: app {app_ms:.1f} ms, on the bus {bus_ms:.1f} ms "
                  "after the boundary (real time)")
            if kind != "already_down":
                assert bus_ms < 1500, f"{kind} at {due} arrived {bus_ms:.0f} ms late"
                late_sim = (line["at"] - line["due"]).total_seconds()
                assert max_late_sim is None or late_sim <= max_late_sim, \
                    f"{kind} at {due} handled {late_sim:.1f} s late on the training clock"
    return got


# ---------------------------------------------------------------------- the tray
def png_rgba(data):
    """(width, height, RGBA bytes) of an 8-bit RGB/RGBA non-interlaced PNG."""
    import struct
    import zlib
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", None
    while pos < len(data):
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if ctype == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and color in (2, 6) and interlace == 0, (depth, color, interlace)
            bpp = 4 if color == 6 else 3
        elif ctype == b"IDAT":
            idat += chunk
        elif ctype == b"IEND":
            break
    raw = zlib.decompress(idat)
    stride = width * bpp
    out, prev = bytearray(), bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += line if bpp == 4 else b"".join(bytes(line[i:i + 3]) + b"\xff"
                                              for i in range(0, stride, 3))
        prev = line
    return width, height, bytes(out)


def asset_icon(look):
    """The tray icon the app embeds for a look (normal, upcoming, intermittent, full, unset)."""
    return png_rgba((ROOT / "assets" / "icons" / f"tray-{look}.png").read_bytes())


class Tray:
    """The app's StatusNotifierItem and its com.canonical.dbusmenu menu, read over D-Bus."""

    ITEM = "org.kde.StatusNotifierItem"
    MENU = "com.canonical.dbusmenu"

    def __init__(self, session, name, path):
        import dbus
        self.dbus = dbus
        self.bus = session.bus()
        self.name, self.path = name, path
        self.item = self.bus.get_object(name, path, introspect=False)

    def props(self):
        return self.item.GetAll(self.ITEM, dbus_interface=self.dbus.PROPERTIES_IFACE)

    def menu(self):
        return self.bus.get_object(self.name, str(self.props()["Menu"]), introspect=False)

    def entries(self):
        """The menu's items, in order: (id, label, enabled, type) each."""
        _rev, layout = self.menu().GetLayout(0, -1, self.dbus.Array([], signature="s"),
                                              dbus_interface=self.MENU)
        out = []
        for child in layout[2]:
            cid, props, _ = child
            out.append((int(cid), str(props.get("label", "")), bool(props.get("enabled", True)),
                        str(props.get("type", "standard"))))
        return out

    def labels(self):
        return [label for _, label, _, kind in self.entries() if kind != "separator"]

    def layout(self):
        _rev, layout = self.menu().GetLayout(0, -1, self.dbus.Array([], signature="s"),
                                              dbus_interface=self.MENU)
        return layout

    def submenu(self, label):
        """The labels and enabled flags under the top-level item `label`: [(label, enabled)]."""
        for child in self.layout()[2]:
            _cid, props, children = child
            if str(props.get("label", "")) == label:
                return [(str(p.get("label", "")), bool(p.get("enabled", True)))
                        for _, p, _ in children if str(p.get("type", "standard")) != "separator"]
        raise AssertionError(f"no tray menu item {label!r} in {self.labels()}")

    def labels_when_ready(self):
        """The labels, or None while the item or its menu is not exported yet."""
        try:
            return self.labels()
        except self.dbus.DBusException:
            return None

    def click(self, label):
        """Chooses the menu item with this label (in a submenu too), as a person does from
        the panel."""
        def find(children):
            for cid, props, sub in children:
                if str(props.get("label", "")) == label:
                    return int(cid)
                found = find(sub)
                if found is not None:
                    return found
            return None
        cid = find(self.layout()[2])
        if cid is None:
            raise AssertionError(f"no tray menu item {label!r} in {self.labels()}")
        self.menu().Event(cid, "clicked", self.dbus.String("", variant_level=1),
                          self.dbus.UInt32(0), dbus_interface=self.MENU)

    def icon(self):
        """(width, height, RGBA) of the icon shown now: a file named by IconName (in
        IconThemePath when not absolute) or the largest IconPixmap."""
        p = self.props()
        name = str(p.get("IconName", ""))
        if name:
            path = Path(name)
            if not path.is_absolute():
                path = Path(str(p.get("IconThemePath", ""))) / (name + ".png")
            return png_rgba(path.read_bytes())
        pix = max(p.get("IconPixmap", []), key=lambda x: int(x[0]) * int(x[1]))
        w, h, argb = int(pix[0]), int(pix[1]), bytes(pix[2])
        rgba = b"".join(argb[i + 1:i + 4] + argb[i:i + 1] for i in range(0, len(argb), 4))
        return w, h, rgba
