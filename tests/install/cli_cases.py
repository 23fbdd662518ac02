"""The installed Windows `onshi.exe` (under Wine) against the Linux `onshi`: for each case
of the table, the same exit code and the same bytes on stdout and stderr, file paths aside.

    cli_cases.py WINE ONSHI_EXE_WINDOWS_PATH LINUX_ONSHI DRIVE_C

Notice files are written into DRIVE_C (the Wine prefix's C:), so Linux reads them at
DRIVE_C/… and Windows at C:\\…: the same file, with CRLF line ends as Windows editors save.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def crlf(src, dst):
    text = src.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\n", "\r\n")
    dst.write_bytes(text.encode("utf-8"))
    assert b"\r\n" in dst.read_bytes()


def main():
    wine, exe, linux, drive_c = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4])
    notices = drive_c / "onshi-notices"
    notices.mkdir(exist_ok=True)
    crlf(ROOT / "tests/fixtures/extra/2025-02-15-test-maintenance.toml",
         notices / "2025-02-15-test-maintenance.toml")
    broken = drive_c / "onshi-broken"
    broken.mkdir(exist_ok=True)
    crlf(ROOT / "tests/fixtures/broken/bad-syntax.toml", broken / "bad-syntax.toml")
    crlf(ROOT / "tests/fixtures/broken/unknown-prefecture.toml", broken / "unknown-prefecture.toml")

    # {D} is the Wine C: drive: C:\ for Windows, DRIVE_C/ for Linux.
    cases = [
        ["status", "--prefecture", "福岡", "--at", "2024-12-31T03:30+09:00", "--json"],
        ["status", "-p", "13", "--at", "2024-12-31T12:00:00+09:00", "--json"],
        ["status", "-p", "hokkaido", "--at", "2024-12-31T02:59:59+09:00", "--json"],
        ["status", "-p", "沖縄県", "--at", "2024-12-31T04:00+09:00", "--json", "--lang", "en"],
        ["windows", "-p", "福岡県", "--json"],
        ["status", "-p", "fukuoka", "--at", "2024-12-31T03:30+09:00"],
        ["status", "-p", "40", "--at", "2025-02-15T23:00+09:00", "--notices", "{D}onshi-notices",
         "--json"],
        ["windows", "-p", "tokyo", "--notices", "{D}onshi-notices", "--json"],
        ["check", "{D}onshi-notices/2025-02-15-test-maintenance.toml"],
        ["check", "{D}onshi-broken/bad-syntax.toml"],
        ["check", "{D}onshi-broken/unknown-prefecture.toml"],
        ["status", "-p", "40", "--notices", "{D}onshi-broken", "--json"],
        ["status", "-p", "ネバーランド", "--json"],
        ["status", "-p", "40", "--at", "yesterday", "--json"],
    ]
    win_d, linux_d = "C:\\", str(drive_c) + "/"

    def run(argv):
        p = subprocess.run(argv, capture_output=True, timeout=120)
        return p.returncode, p.stdout, p.stderr

    def as_path(arg, d, sep):
        return arg.replace("{D}", d).replace("/", sep) if "{D}" in arg else arg

    failed = 0
    for case in cases:
        lin = run([linux] + [as_path(a, linux_d, "/") for a in case])
        win = run([wine, exe] + [as_path(a, win_d, "\\") for a in case])
        # Paths in messages are the only expected difference: name each by a placeholder.
        def norm(b, d, sep):
            text = b.decode("utf-8", "replace")
            for a in case:
                if "{D}" in a:
                    # A file inside a given folder: Windows joins it with a backslash.
                    text = text.replace(as_path(a, d, sep), a).replace(a + sep, a + "/")
            return text
        same = (lin[0] == win[0]
                and norm(lin[1], linux_d, "/") == norm(win[1], win_d, "\\")
                and norm(lin[2], linux_d, "/") == norm(win[2], win_d, "\\"))
        # Errors: one line on stderr, never a panic.
        if lin[0] != 0:
            same = same and win[2].count(b"\n") <= 2 and b"panicked" not in win[2]
        print(f"{'same' if same else 'DIFFERENT'}  exit {win[0]}  {len(win[1]):>5} B  onshi {' '.join(case)}")
        if not same:
            failed += 1
            print(f"  linux:   exit {lin[0]}\n{lin[1].decode(errors='replace')}{lin[2].decode(errors='replace')}")
            print(f"  windows: exit {win[0]}\n{win[1].decode(errors='replace')}{win[2].decode(errors='replace')}")
    if failed:
        sys.exit(f"{failed} of {len(cases)} cases differ between Windows (Wine) and Linux")
    print(f"all {len(cases)} cases: Windows (Wine) and Linux print the same")


if __name__ == "__main__":
    main()
