#!/usr/bin/env python3
"""The measuring half of bench/run (stdlib only).

Starts a private desktop session (Xvfb on a free display, a private D-Bus session bus,
dunst as the notification server, dbus-monitor on Notify), then per round runs
onshi-watch and the bare Tauri baseline side by side and measures:

  start-up       exec -> the app's "ready" line
  PSS            whole process tree (/proc/*/smaps_rollup): idle in the tray, window
                 open, some seconds after the window was closed
  wake-ups       voluntary context switches of every thread of the tree while idle in
                 the tray, and again once the window has been opened and closed
  latency        (onshi-watch only) a notice window starting a few seconds after
                 launch: boundary -> Notify call seen by dbus-monitor, start and end;
                 the banner: boundary -> its window shown, and PSS while it shows
  CLI            `onshi bench`: all 47 prefectures x every minute of one year

and writes a Markdown report. Exits non-zero only when a measurement could not be
taken (the script or the environment broke), never because a target was missed.
"""

import argparse
import ctypes
import datetime as dt
import glob
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from smaps import breakdown as smaps_breakdown

JST = dt.timezone(dt.timedelta(hours=9))
APP_TITLE = "オン資ウォッチ"
BASE_TITLE = "Baseline window"


class BenchError(Exception):
    """A measurement could not be taken: the bench (or its environment) is broken."""


def log(msg):
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def wait_for(pred, timeout, what, step=0.05):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = pred()
        if v:
            return v
        time.sleep(step)
    raise BenchError(f"timed out after {timeout:.0f} s waiting for {what}")


# --------------------------------------------------------------------------- /proc

def children_map():
    kids = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                s = f.read()
        except OSError:
            continue
        ppid = int(s[s.rindex(")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(d))
    return kids


def tree(pid):
    """pid and all its descendants."""
    kids = children_map()
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def comm(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except OSError:
        return "?"


def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def uss_kb(pid):
    """Private (unshared) memory: what would be freed if the process went away."""
    total = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    total += int(line.split()[1])
    except OSError:
        pass
    return total


def tree_pss(pid):
    """(total PSS in kB, {comm: kB}, total USS in kB) of the process tree."""
    parts, uss = {}, 0
    for p in tree(pid):
        k = pss_kb(p)
        uss += uss_kb(p)
        name = comm(p)
        parts[name] = parts.get(name, 0) + k
    return sum(parts.values()), parts, uss


def thread_switches(pid):
    """{(pid, tid, name): voluntary context switches} over every thread of the tree."""
    out = {}
    for p in tree(pid):
        try:
            tids = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for t in tids:
            try:
                with open(f"/proc/{p}/task/{t}/status") as f:
                    text = f.read()
            except OSError:
                continue
            name = re.search(r"^Name:\s*(.*)$", text, re.M).group(1)
            v = int(re.search(r"^voluntary_ctxt_switches:\s*(\d+)", text, re.M).group(1))
            out[(int(p), int(t), f"{comm(p)}/{name}")] = v
    return out


# --------------------------------------------------------------------------- X11

class XClientMessageEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    ]


class XEvent(ctypes.Union):
    _fields_ = [("xclient", XClientMessageEvent), ("pad", ctypes.c_long * 24)]


def x_close(display, window_ids):
    """Sends WM_DELETE_WINDOW to each window: what a window manager does when the
    user clicks the close button. (There is no window manager under Xvfb, so
    `xdotool key alt+F4` or `wmctrl -c` would do nothing.)"""
    x = ctypes.CDLL("libX11.so.6")
    x.XOpenDisplay.restype = ctypes.c_void_p
    x.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x.XInternAtom.restype = ctypes.c_ulong
    x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long,
                             ctypes.POINTER(XEvent)]
    x.XFlush.argtypes = [ctypes.c_void_p]
    x.XCloseDisplay.argtypes = [ctypes.c_void_p]
    d = x.XOpenDisplay(display.encode())
    if not d:
        raise BenchError(f"cannot open X display {display}")
    try:
        protocols = x.XInternAtom(d, b"WM_PROTOCOLS", 0)
        delete = x.XInternAtom(d, b"WM_DELETE_WINDOW", 0)
        for w in window_ids:
            ev = XEvent()
            ev.xclient.type = 33  # ClientMessage
            ev.xclient.window = w
            ev.xclient.message_type = protocols
            ev.xclient.format = 32
            ev.xclient.data[0] = delete
            ev.xclient.data[1] = 0  # CurrentTime
            x.XSendEvent(d, w, 0, 0, ctypes.byref(ev))
        x.XFlush(d)
    finally:
        x.XCloseDisplay(d)


# --------------------------------------------------------------------------- session

class Session:
    """Xvfb + private D-Bus session + dunst + dbus-monitor. Only what it started is stopped."""

    def __init__(self, workdir, root):
        self.workdir, self.root = workdir, root
        self.procs = []
        self.env = dict(os.environ)
        for k in ("WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "DISPLAY"):
            self.env.pop(k, None)

    def start(self):
        n = next(n for n in range(140, 400)
                 if not os.path.exists(f"/tmp/.X{n}-lock")
                 and not os.path.exists(f"/tmp/.X11-unix/X{n}"))
        self.display = f":{n}"
        self.xvfb = self._spawn(["Xvfb", self.display, "-screen", "0", "1280x1024x24",
                                 "-nolisten", "tcp", "-noreset"], "xvfb")
        wait_for(lambda: os.path.exists(f"/tmp/.X11-unix/X{n}"), 15, "Xvfb")
        self.env["DISPLAY"] = self.display
        runtime = os.path.join(self.workdir, "runtime")
        os.makedirs(runtime, mode=0o700, exist_ok=True)
        self.env["XDG_RUNTIME_DIR"] = runtime
        self.env["NO_AT_BRIDGE"] = "1"
        self.env["GDK_BACKEND"] = "x11"
        bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               env=self.env, text=True)
        self.procs.append(bus)
        self.env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().strip()
        if not self.env["DBUS_SESSION_BUS_ADDRESS"]:
            raise BenchError("dbus-daemon did not print an address")
        self.monitor_file = os.path.join(self.workdir, "dbus-monitor.log")
        self.monitor = self._spawn(
            ["dbus-monitor", "--session",
             "type='method_call',interface='org.freedesktop.Notifications',member='Notify'"],
            "dbus-monitor", stdout=self.monitor_file)
        self._spawn(["dunst"], "dunst")
        wait_for(lambda: self.has_owner("org.freedesktop.Notifications"), 15,
                 "dunst on the session bus", step=0.2)
        # A tray host: onshi-watch opens its window when no StatusNotifierWatcher owns its
        # name (nowhere to show the icon). The e2e tests' minimal watcher stands in for a
        # desktop panel; it needs /usr/bin/python3 with python3-dbus and python3-gi.
        self.watcher_file = os.path.join(self.workdir, "watcher.jsonl")
        self._spawn(["/usr/bin/python3", os.path.join(self.root, "tests", "e2e", "busd.py"),
                     "watcher", self.watcher_file], "watcher")
        wait_for(lambda: self.has_owner("org.kde.StatusNotifierWatcher"), 15,
                 "the StatusNotifierWatcher (tests/e2e/busd.py watcher) on the session bus",
                 step=0.2)
        log(f"session: DISPLAY={self.display}, private D-Bus, dunst, StatusNotifierWatcher")

    def has_owner(self, name):
        r = subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
                            "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner",
                            f"string:{name}"],
                           env=self.env, capture_output=True, text=True)
        return "boolean true" in r.stdout

    def tray_items(self):
        """The D-Bus senders that registered a tray item so far."""
        try:
            with open(self.watcher_file) as f:
                return [json.loads(l)["sender"] for l in f if l.strip()]
        except OSError:
            return []

    def _spawn(self, argv, name, stdout=None):
        out = open(stdout or os.path.join(self.workdir, f"{name}.log"), "w")
        p = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=self.env)
        self.procs.append(p)
        return p

    def notify_calls(self):
        """[(epoch seconds, app_name, summary)] of every Notify call seen so far."""
        calls = []
        with open(self.monitor_file, errors="replace") as f:
            text = f.read()
        for block in re.split(r"\n(?=\S)", text):
            m = re.match(r"method call time=([\d.]+) .*member=Notify", block)
            if not m:
                continue
            strings = re.findall(r'^\s+string "(.*)"$', block, re.M)
            calls.append((float(m.group(1)), strings[0] if strings else "",
                          strings[2] if len(strings) > 2 else ""))
        return calls

    def stop(self):
        for p in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(5)
                except subprocess.TimeoutExpired:
                    p.kill()


# --------------------------------------------------------------------------- apps

class App:
    """One launch of a tray app with its own config/data/cache folders."""

    def __init__(self, name, binary, title, session, workdir, args=(), settings=None,
                 identifier=None):
        self.name, self.binary, self.title = name, binary, title
        self.session = session
        self.args = list(args)
        self.dir = tempfile.mkdtemp(prefix=f"{name}-", dir=workdir)
        self.env = dict(session.env)
        for k in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
            self.env[k] = os.path.join(self.dir, k.split("_")[1].lower())
            os.makedirs(self.env[k])
        if settings is not None:
            cfg = os.path.join(self.env["XDG_CONFIG_HOME"], identifier)
            os.makedirs(cfg)
            with open(os.path.join(cfg, "settings.toml"), "w") as f:
                f.write(settings)
        self.lines = []  # (monotonic, epoch, line)
        self.proc = None
        self.pids = set()

    def launch(self):
        self.t_exec = time.monotonic()
        self.proc = subprocess.Popen([self.binary] + self.args, env=self.env,
                                     stdout=subprocess.PIPE,
                                     stderr=open(os.path.join(self.dir, "stderr.log"), "w"),
                                     text=True, bufsize=1)
        self.pids.add(self.proc.pid)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.append((time.monotonic(), time.time(), line.rstrip("\n")))

    def wait_ready(self, timeout):
        def ready():
            if self.proc.poll() is not None:
                raise BenchError(f"{self.name} exited ({self.proc.returncode}) before it was "
                                 f"ready; see {self.dir}/stderr.log")
            return next((t for t, _, l in self.lines if " ready" in l), None)
        t = wait_for(ready, timeout, f"{self.name}'s ready line")
        return t - self.t_exec

    def remember_tree(self):
        self.pids.update(tree(self.proc.pid))

    def pss(self):
        """(PSS kB, {process name: PSS kB}, USS kB) of the tree."""
        self.remember_tree()
        return tree_pss(self.proc.pid)

    def web_process(self):
        return any(comm(p).startswith("WebKitWebProc") for p in tree(self.proc.pid))

    def web_kinds(self):
        """{kind of mapping: PSS kB} of the WebKit web process (bench/smaps.py)."""
        web = [p for p in tree(self.proc.pid) if comm(p).startswith("WebKitWebProc")]
        return smaps_breakdown(web[0])[0] if web else {}

    def switches(self):
        return thread_switches(self.proc.pid)

    def windows(self):
        """The app's top-level windows with its window title (mapped or not)."""
        for _ in range(20):
            r = subprocess.run(["xdotool", "search", "--all", "--pid", str(self.proc.pid),
                                "--name", "^" + re.escape(self.title) + "$"],
                               env=self.env, capture_output=True, text=True)
            # xdotool walks every window on the display; one destroyed meanwhile (the
            # other app's, just closed) makes it fail with BadWindow: ask again.
            if "X Error" not in r.stderr:
                return [int(w) for w in r.stdout.split()]
            time.sleep(0.05)
        raise BenchError(f"xdotool search keeps failing: {r.stderr.strip()[-300:]}")

    def open_window(self, timeout):
        """A second launch: the single-instance plugin opens the running one's window."""
        second = subprocess.run([self.binary] + self.args, env=self.env, timeout=timeout,
                                capture_output=True, text=True)
        if second.returncode != 0:
            raise BenchError(f"second launch of {self.name} failed: {second.stderr[-500:]}")
        wait_for(self.windows, timeout, f"{self.name}'s window")

    def close_window(self, timeout):
        ws = wait_for(self.windows, 3, f"{self.name}'s window (gone before it was closed?)")
        x_close(self.session.display, ws)
        wait_for(lambda: not self.windows(), timeout,
                 f"{self.name}'s window to close after WM_DELETE_WINDOW")

    def stop(self):
        if self.proc is None:
            return
        self.remember_tree() if self.proc.poll() is None else None
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        for p in self.pids - {self.proc.pid}:  # WebKit helpers we saw, if any outlived it
            try:
                os.kill(p, signal.SIGKILL) if comm(p).startswith("WebKit") else None
            except OSError:
                pass


# --------------------------------------------------------------------------- measuring

def rate_per_min(before, after, seconds):
    total = sum(after.get(k, v) - v for k, v in before.items())
    total += sum(v for k, v in after.items() if k not in before)
    return total * 60.0 / seconds


def top_threads(before, after, seconds, n=6):
    d = {}
    for k, v in after.items():
        name = k[2]
        d[name] = d.get(name, 0) + v - before.get(k, 0)
    return sorted(((name, round(c * 60.0 / seconds, 1)) for name, c in d.items() if c),
                  key=lambda x: -x[1])[:n]


def wakeups(o, res, app, base, prefix):
    """Voluntary context switches of both trees over the same o.wake seconds."""
    b0 = {k: a.switches() for k, a in (("app", app), ("base", base))}
    t0 = time.monotonic()
    time.sleep(o.wake)
    secs = time.monotonic() - t0
    for k, a in (("app", app), ("base", base)):
        after = a.switches()
        res[k][prefix + "wakeups_per_min"] = rate_per_min(b0[k], after, secs)
        res[k][prefix + "wakeup_threads"] = top_threads(b0[k], after, secs)


def warm_up(o, session, workdir):
    """Starts each app once, unmeasured. The first GTK client on a fresh X server probes
    OpenGL (Mesa's llvmpipe, ~20 MB of libLLVM kept mapped) and leaves the answer on the
    root window (GDK_VISUALS) for the rest; on a real desktop some earlier client has
    always done it. This also warms the page cache for both binaries."""
    for name, binary, title, settings, ident in (
            ("baseline", o.baseline, BASE_TITLE, None, None),
            ("onshi-watch", o.app, APP_TITLE, "prefecture = 40\n", "jp.onshiwatch.desktop")):
        a = App(name, binary, title, session, workdir, settings=settings, identifier=ident)
        try:
            a.launch()
            a.wait_ready(o.ready_timeout)
        finally:
            a.stop()


def round_side_by_side(o, session, app_bin, base_bin, workdir, r):
    """Both apps live at once, each phase measured on both at the same moment."""
    app = App("onshi-watch", app_bin, APP_TITLE, session, workdir,
              settings="prefecture = 40\n", identifier="jp.onshiwatch.desktop")
    app.env.update(o.app_env)
    base = App("baseline", base_bin, BASE_TITLE, session, workdir)
    res = {"app": {}, "base": {}}
    # Alternate who starts first, so neither always starts on a busier machine.
    order = ((app, "app"), (base, "base")) if r % 2 else ((base, "base"), (app, "app"))
    try:
        for a, key in order:
            items = len(session.tray_items())
            a.launch()
            res[key]["startup_s"] = a.wait_ready(o.ready_timeout)
            wait_for(lambda: len(session.tray_items()) > items, 10,
                     f"{a.name}'s tray item to register with the StatusNotifierWatcher")
            if a.windows():
                raise BenchError(f"{a.name} opened a window at start (not configured? no tray?)")
        # Idle in the tray: o.idle seconds after each one's start.
        for a, key in ((app, "app"), (base, "base")):
            time.sleep(max(0.0, a.t_exec + o.idle - time.monotonic()))
            res[key]["idle_pss_kb"], res[key]["idle_parts"], res[key]["idle_uss_kb"] = a.pss()
        # Wake-ups while idle, both over the same interval.
        wakeups(o, res, app, base, "")
        # Window open.
        for a in (app, base):
            a.open_window(o.ready_timeout)
        time.sleep(o.settle)
        for a, key in ((app, "app"), (base, "base")):
            res[key]["open_pss_kb"], res[key]["open_parts"], res[key]["open_uss_kb"] = a.pss()
            res[key]["open_web_kinds"] = a.web_kinds()
        # Closed again (as a user closes it), then o.after_close seconds.
        for a in (app, base):
            a.close_window(o.ready_timeout)
        t_closed = time.monotonic()
        # How long WebKit's web process outlives the window (the rest of the wait).
        while time.monotonic() - t_closed < o.after_close:
            for a, key in ((app, "app"), (base, "base")):
                if "web_exit_s" not in res[key] and not a.web_process():
                    res[key]["web_exit_s"] = time.monotonic() - t_closed
            time.sleep(0.1)
        for key in ("app", "base"):
            res[key].setdefault("web_exit_s", float("inf"))
        for a, key in ((app, "app"), (base, "base")):
            res[key]["closed_pss_kb"], res[key]["closed_parts"], res[key]["closed_uss_kb"] = a.pss()
        res["closed_after_s"] = time.monotonic() - t_closed
        # Idle again, now that a webview has existed: what a tray app costs for the rest
        # of the day once staff have looked at it.
        wakeups(o, res, app, base, "closed_")
        for a, key in ((app, "app"), (base, "base")):
            if a.proc.poll() is not None:
                raise BenchError(f"{a.name} exited during the round (code {a.proc.returncode})")
    finally:
        app.stop()
        base.stop()
    log(f"round {r}: " + ", ".join(
        f"{k} start {res[k]['startup_s']*1000:.0f} ms idle {res[k]['idle_pss_kb']/1024:.1f} MiB "
        f"open {res[k]['open_pss_kb']/1024:.1f} closed {res[k]['closed_pss_kb']/1024:.1f} "
        f"wake {res[k]['wakeups_per_min']:.1f}/min" for k in ("app", "base")))
    return res


def notice_toml(start, end):
    fmt = lambda t: dt.datetime.fromtimestamp(t, JST).strftime("%Y-%m-%dT%H:%M:%S+09:00")
    return f"""id = "bench-latency"
title = "ベンチマーク用の停止"
title_en = "Benchmark outage"
issuer = "bench/run"
issued = {dt.datetime.fromtimestamp(start, JST).strftime('%Y-%m-%d')}

[[window]]
id = "bench-full"
kind = "full"
start = {fmt(start)}
end = {fmt(end)}
prefectures = ["福岡県"]
"""


def round_latency(o, session, app_bin, workdir, r):
    """onshi-watch in normal mode (real clock), a full window for its prefecture
    starting o.lead seconds after launch: boundary -> Notify on the bus."""
    notices = tempfile.mkdtemp(prefix="notices-", dir=workdir)
    start = float(int(time.time()) + o.lead)
    end = start + o.span
    with open(os.path.join(notices, "bench.toml"), "w") as f:
        f.write(notice_toml(start, end))
    app = App("onshi-watch", app_bin, APP_TITLE, session, workdir, args=["--notices", notices],
              settings="prefecture = 40\n", identifier="jp.onshiwatch.desktop")
    app.env.update(o.app_env)
    try:
        app.launch()
        app.wait_ready(o.ready_timeout)
        if time.time() > start - 0.5:
            raise BenchError("the app was ready too late for the latency window; raise --lead")
        # The banner's cost: the app's own PSS just before the boundary and while it shows.
        wait_for(lambda: time.time() > start - 0.6, o.lead + 5, "just before the boundary")
        pss_before = app.pss()[0]
        banner = lambda: next((e for _, e, l in app.lines if "banner-window label=" in l), None)
        shown = wait_for(banner, o.span + 5, "the banner window")
        time.sleep(min(1.0, max(0.0, end - time.time() - 0.5)))
        pss_banner = app.pss()[0]
        wait_for(lambda: time.time() > end + 2.0, o.lead + o.span + 10, "the window's end")
        time.sleep(0.5)
    finally:
        app.stop()
    calls = [c for c in session.notify_calls() if c[1] == APP_TITLE and c[0] >= start - 1.0]
    out = {}
    for key, boundary in (("start", start), ("end", end)):
        after = [c for c in calls if c[0] >= boundary - 0.5 and
                 (key == "end" or c[0] < end - 0.5)]
        if not after:
            raise BenchError(f"no Notify for the window's {key} on the bus "
                             f"(calls seen: {calls}; app stdout: {[l for _, _, l in app.lines]})")
        out[key + "_ms"] = (after[0][0] - boundary) * 1000.0
        out[key + "_title"] = after[0][2]
    out["banner_ms"] = (shown - start) * 1000.0
    out["before_pss_kb"], out["banner_pss_kb"] = pss_before, pss_banner
    out["calls"] = len(calls)
    out["app_lines"] = [l for _, _, l in app.lines if "notify" in l]
    log(f"round {r}: banner up {out['banner_ms']:.0f} ms after the boundary, PSS "
        f"{pss_before / 1024:.1f} → {pss_banner / 1024:.1f} MiB while shown")
    log(f"round {r}: latency start {out['start_ms']:.1f} ms, end {out['end_ms']:.1f} ms "
        f"({len(calls)} Notify calls)")
    return out


def cli_eval(o):
    """`onshi bench` over a year: every minute, or — when a sample (every `stride`-th
    minute) already projects to more than o.cli_max seconds — the projection."""
    def run(stride):
        r = subprocess.run([o.cli, "--stride", str(stride)], capture_output=True,
                           text=True, timeout=3600)
        if r.returncode != 0:
            raise BenchError(f"onshi bench failed: {r.stderr.strip()}")
        kv = dict(re.findall(r"(\w+)=([\d.]+)", r.stdout))
        return float(kv["elapsed_ms"]) / 1000.0 * stride, r.stdout.strip()
    stride = o.cli_stride or 360
    projected, line = run(stride)
    if o.cli_stride or projected > o.cli_max:
        return {"seconds": projected, "all": [projected], "stride": stride, "line": line}
    # A year takes about a second: once per round, the median.
    runs = [run(1) for _ in range(o.rounds)]
    secs = sorted(r[0] for r in runs)
    return {"seconds": statistics.median(secs), "all": secs, "stride": 1,
            "line": runs[len(runs) // 2][1]}


# --------------------------------------------------------------------------- report

def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem = int(re.search(r"MemTotal:\s+(\d+)", f.read()).group(1))
    return {"nproc": os.cpu_count(), "cpu": cpu, "mem_gib": mem / 1024 / 1024,
            "kernel": os.uname().release}


def tauri_version(root):
    with open(os.path.join(root, "Cargo.lock")) as f:
        m = re.search(r'name = "tauri"\nversion = "([^"]+)"', f.read())
    return m.group(1) if m else "?"


def cmd_out(argv, cwd=None):
    try:
        return subprocess.run(argv, capture_output=True, text=True, cwd=cwd).stdout.strip()
    except OSError:
        return "?"


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def span(xs, fmt):
    return f"{fmt(min(xs))}–{fmt(max(xs))}" if len(xs) > 1 else ""


def report(o, results, lat, cli, sizes, elapsed):
    mib = lambda kb: f"{kb / 1024:.1f} MiB"
    mb = lambda b: f"{b / 1e6:.2f} MB"
    rows, checks = [], []

    def mark(ok):
        return "✓" if ok else "✗"

    def row(label, a_vals, b_vals, fmt, target=None, ok=None, ratio="ratio"):
        a, b = med(a_vals), med(b_vals) if b_vals else None
        if b is None:
            rel = "—"
        elif ratio == "none":
            rel = "—"
        elif ratio == "ratio":
            rel = f"{a / b:.2f}×" if b else "—"
        else:
            rel = f"{a - b:+.1f}/min"
        rng = lambda xs: f" ({span(xs, fmt)})" if len(xs) > 1 else ""
        rows.append(f"| {label} | {fmt(a)}{rng(a_vals)} | "
                    f"{(fmt(b) + rng(b_vals)) if b is not None else '—'} | {rel} | "
                    f"{target or ''} | {mark(ok) if ok is not None else ''} |")
        if ok is not None:
            checks.append((label, ok))

    A = lambda k: [r["app"][k] for r in results]
    B = lambda k: [r["base"][k] for r in results]
    row("Start-up: exec → first state computed, tray set", [x * 1000 for x in A("startup_s")],
        [x * 1000 for x in B("startup_s")], lambda v: f"{v:.0f} ms", "≤ 1 s (app)",
        med(A("startup_s")) <= 1.0)
    row(f"PSS idle in the tray ({o.idle:.0f} s after start)", A("idle_pss_kb"), B("idle_pss_kb"),
        mib, "≤ 1.10 × baseline", med(A("idle_pss_kb")) <= 1.10 * med(B("idle_pss_kb")))
    row(f"PSS window open ({o.settle:.0f} s after opening)", A("open_pss_kb"), B("open_pss_kb"),
        mib, "≤ 1.25 × baseline", med(A("open_pss_kb")) <= 1.25 * med(B("open_pss_kb")))
    row(f"PSS {o.after_close:.0f} s after closing the window", A("closed_pss_kb"),
        B("closed_pss_kb"), mib, "≤ 1.15 × baseline",
        med(A("closed_pss_kb")) <= 1.15 * med(B("closed_pss_kb")))
    row("USS idle (private memory, whole tree)", A("idle_uss_kb"), B("idle_uss_kb"), mib)
    row(f"USS {o.after_close:.0f} s after closing the window", A("closed_uss_kb"),
        B("closed_uss_kb"), mib)
    sec = lambda v: f"{v:.1f} s" if v != float("inf") else f"> {o.after_close:.0f} s"
    row("WebKit web process gone after the window closed", A("web_exit_s"), B("web_exit_s"),
        sec, ratio="none")
    row(f"Idle wake-ups in the tray (voluntary ctx switches, all threads, over {o.wake:.0f} s)",
        A("wakeups_per_min"), B("wakeups_per_min"), lambda v: f"{v:.1f}/min",
        "≤ 20/min (app)", med(A("wakeups_per_min")) <= 20.0, ratio="diff")
    row(f"Idle wake-ups after the window was opened and closed (over {o.wake:.0f} s)",
        A("closed_wakeups_per_min"), B("closed_wakeups_per_min"), lambda v: f"{v:.1f}/min",
        ratio="diff")
    if lat:
        s = [x["start_ms"] for x in lat]
        e = [x["end_ms"] for x in lat]
        both = s + e
        row("Notification latency, window start (boundary → Notify on the bus)", s, [],
            lambda v: f"{v:.1f} ms")
        row("Notification latency, window end", e, [], lambda v: f"{v:.1f} ms")
        rows.append(f"| Notification latency, all {len(both)}: median / max | "
                    f"{med(both):.1f} ms / {max(both):.1f} ms | — | — | "
                    f"median ≤ 50 ms, max ≤ 250 ms | "
                    f"{mark(med(both) <= 50 and max(both) <= 250)} |")
        checks.append(("notification latency", med(both) <= 50 and max(both) <= 250))
    if lat and all("banner_ms" in x for x in lat):
        bl = [x["banner_ms"] for x in lat]
        row("Banner visible (boundary → its window shown, real clock)", bl, [],
            lambda v: f"{v:.0f} ms", "≤ 1 s (median)", med(bl) <= 1000)
        row("PSS while the banner is shown (vs the same app just before the boundary)",
            [x["banner_pss_kb"] for x in lat], [x["before_pss_kb"] for x in lat], mib)
    row("Binary size (stripped)" if o.profile == "release" else "Binary size (debug, unstripped)",
        [sizes["app_bin"]], [sizes["base_bin"]], mb,
        "≤ 12 MB" if o.profile == "release" else None,
        sizes["app_bin"] <= 12e6 if o.profile == "release" else None)
    if sizes.get("app_deb") and sizes.get("base_deb"):
        row(".deb size", [sizes["app_deb"]], [sizes["base_deb"]], mb)
    elif o.profile == "release":
        rows.append("| .deb size | not built (bench/run --no-deb, or the bundler failed) | | | | |")
    if cli:
        how = (f"projected from every {cli['stride']}th minute" if cli["stride"] > 1
               else "measured")
        target_ok = cli["seconds"] <= 1.0 if o.profile == "release" else None
        rng = (f" ({min(cli['all']):.2f} s–{max(cli['all']):.2f} s)"
               if len(cli["all"]) > 1 else "")
        rows.append(f"| `onshi bench`: 47 prefectures × every minute of a year, embedded + 50 "
                    f"synthetic notices ({how}) | {cli['seconds']:.2f} s{rng} | — | — | ≤ 1 s | "
                    f"{mark(target_ok) if target_ok is not None else ''} |")
        if target_ok is not None:
            checks.append(("year × 47 evaluation", target_ok))

    m = machine()
    now = dt.datetime.now(JST)
    head, dirty = o.commit
    met = sum(1 for _, ok in checks if ok)
    lines = [
        "# Benchmark results" + (" (quick mode: debug builds, short phases — not a result)"
                                 if o.quick else ""),
        "",
        f"Written by `bench/run{' --quick' if o.quick else ''}` — do not edit by hand; "
        "see [bench/README.md](README.md) for what each figure means and what limits it.",
        "",
        f"- Date: {now:%Y-%m-%d %H:%M} JST; commit {head}{dirty}",
        f"- Machine: {m['nproc']} × {m['cpu']}, {m['mem_gib']:.1f} GiB RAM, Linux {m['kernel']} "
        f"(shared: other builds may run at the same time)",
        f"- Tauri {tauri_version(o.root)} (Cargo.lock); {cmd_out(['rustc', '--version'])}; "
        f"{o.profile} builds" + (" (strip, lto, codegen-units=1, opt-level=s)"
                                 if o.profile == "release" else ""),
        "- Session: Xvfb, private D-Bus session bus, dunst, a minimal StatusNotifierWatcher "
        "(tests/e2e/busd.py); no window manager, no panel drawing the icons; no GPU (WebKit "
        "composites with Mesa's llvmpipe, so GL textures are process memory)",
        *([f"- onshi-watch ran with {' '.join(f'{k}={v}' for k, v in o.app_env.items())} "
           "(bench/run --app-env)"] if o.app_env else []),
        f"- {len(results)} round(s), median (min–max); both apps run side by side in each "
        f"round; run took {elapsed / 60:.1f} min",
        "",
        "| Figure | onshi-watch | baseline | app / baseline | target | met |",
        "| --- | --- | --- | --- | --- | --- |",
        *rows,
        "",
        f"Targets met: {met} of {len(checks)}" + (
            "" if met == len(checks) else
            " — missed: " + ", ".join(l for l, ok in checks if not ok)),
        "",
        "## Where the memory is (median round, PSS by process name)",
        "",
        "| Phase | onshi-watch | baseline |",
        "| --- | --- | --- |",
    ]
    mid = sorted(results, key=lambda r: r["app"]["idle_pss_kb"])[len(results) // 2]
    for phase in ("idle", "open", "closed"):
        fmtp = lambda parts: ", ".join(f"{k} {v / 1024:.1f}" for k, v in
                                       sorted(parts.items(), key=lambda x: -x[1]))
        lines.append(f"| {phase} | {fmtp(mid['app'][phase + '_parts'])} | "
                     f"{fmtp(mid['base'][phase + '_parts'])} |")
    kinds = sorted(mid["app"]["open_web_kinds"],
                   key=lambda k: -mid["app"]["open_web_kinds"][k])
    lines += ["", "## The web process with the window open (median round, PSS in MiB by kind "
              "of mapping, bench/smaps.py)", "",
              "| Kind | onshi-watch | baseline | difference |", "| --- | --- | --- | --- |"]
    for k in kinds:
        a, b = mid["app"]["open_web_kinds"].get(k, 0), mid["base"]["open_web_kinds"].get(k, 0)
        if a or b:
            lines.append(f"| {k} | {a / 1024:.1f} | {b / 1024:.1f} | {(a - b) / 1024:+.1f} |")
    threads = lambda key, prefix: ", ".join(f"{n} {c}" for n, c in mid[key][prefix + "wakeup_threads"])
    lines += ["", "## Wake-ups by thread (median round, per minute)", "",
              f"- onshi-watch, idle in the tray: {threads('app', '')}",
              f"- baseline, idle in the tray: {threads('base', '')}",
              f"- onshi-watch, after the window was closed: {threads('app', 'closed_')}",
              f"- baseline, after the window was closed: {threads('base', 'closed_')}",
              ""]
    if cli:
        lines += ["## `onshi bench` output", "", "```", cli["line"], "```", ""]
    return "\n".join(lines), checks


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--app", required=True)
    ap.add_argument("--baseline", required=True)
    ap.add_argument("--cli", required=True)
    ap.add_argument("--profile", default="release")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--out", required=True)
    ap.add_argument("--app-deb")
    ap.add_argument("--base-deb")
    ap.add_argument("--cli-stride", type=int, default=0,
                    help="evaluate every Nth minute only and project to the year")
    ap.add_argument("--cli-max", type=float, default=120.0,
                    help="project from a sample when the whole year would take longer (s)")
    ap.add_argument("--app-env", action="append", default=[], metavar="NAME=VALUE",
                    help="set in onshi-watch's environment only (to try a WebKit setting)")
    o = ap.parse_args()
    o.app_env = dict(kv.split("=", 1) for kv in o.app_env)
    # Phase lengths (s): the figures, or short ones for --quick.
    o.idle, o.wake, o.settle, o.after_close = (4, 5, 3, 4) if o.quick else (20, 60, 5, 10)
    o.lead, o.span = (6, 3) if o.quick else (8, 5)
    o.ready_timeout = 30 if o.quick else 20
    # The commit the binaries were just built from (bench/run builds right before this).
    changed = [l for l in cmd_out(["git", "status", "--porcelain", "--untracked-files=no"],
                                  o.root).splitlines() if "bench/RESULTS" not in l]
    o.commit = (cmd_out(["git", "rev-parse", "--short", "HEAD"], o.root),
                " (with uncommitted changes)" if changed else "")

    t0 = time.monotonic()
    workdir = tempfile.mkdtemp(prefix="onshi-bench-")
    session = Session(workdir, o.root)
    results, lat = [], []
    try:
        session.start()
        warm_up(o, session, workdir)
        for r in range(1, o.rounds + 1):
            results.append(round_side_by_side(o, session, o.app, o.baseline, workdir, r))
            lat.append(round_latency(o, session, o.app, workdir, r))
        cli = cli_eval(o)
        log(f"cli: {cli['line']}")
    except BenchError as e:
        log(f"FAILED: {e} (logs in {workdir})")
        return 2
    finally:
        session.stop()
    sizes = {"app_bin": os.path.getsize(o.app), "base_bin": os.path.getsize(o.baseline)}
    if o.app_deb and o.base_deb:
        sizes["app_deb"], sizes["base_deb"] = os.path.getsize(o.app_deb), os.path.getsize(o.base_deb)
    text, checks = report(o, results, lat, cli, sizes, time.monotonic() - t0)
    with open(o.out, "w") as f:
        f.write(text)
    with open(os.path.splitext(o.out)[0] + ".json", "w") as f:
        json.dump({"rounds": results, "latency": lat, "cli": cli, "sizes": sizes}, f, indent=1,
                  default=str)
    print(text)
    shutil.rmtree(workdir, ignore_errors=True)
    log(f"wrote {o.out} ({time.monotonic() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
