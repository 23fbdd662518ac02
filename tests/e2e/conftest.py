"""Fixtures for the end-to-end tests: one private desktop session per test, always torn
down, with the logs of everything it ran kept under target/e2e-logs/<test>/."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, "rep_" + rep.when, rep)


@pytest.fixture
def session(request):
    """A private X display, D-Bus session and config folders; the test starts the rest
    with `session.start_desktop(...)` and `session.start_app(...)`/`session.webdriver(...)`."""
    s = harness.Session(request.node.name)
    try:
        yield s
    finally:
        failed = any(getattr(request.node, f"rep_{w}", None) is not None
                     and getattr(request.node, f"rep_{w}").failed for w in ("setup", "call"))
        s.close()
        if failed:
            print(f"\nlogs of {request.node.name}: {s.log_dir}")
            for log in sorted(s.log_dir.glob("*.log")):
                lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
                print(f"--- {log.name} (last 40 lines)")
                print("\n".join(lines[-40:]))


def pytest_terminal_summary(terminalreporter):
    if harness.TIMINGS:
        tr = terminalreporter
        tr.section("notification timing (real ms after the boundary)")
        tr.write_line(f"{'test':<52} {'kind':<13} {'boundary (JST)':<17} {'app':>8} {'on bus':>8}")
        for t in harness.TIMINGS:
            tr.write_line(f"{t['test']:<52} {t['kind']:<13} {t['due']:<17} "
                          f"{t['app_ms']:>8.1f} {t['bus_ms']:>8.1f}")
        tr.write_line("app: when the app's timer handled it (its own clock, sim offset / speed); "
                      "on bus: when the Notify call was seen on the session bus")
