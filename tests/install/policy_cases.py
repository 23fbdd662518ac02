"""The installed `onshi.exe policy write` (under Wine) against the Linux `onshi`, for a table
of values an administrator might give, both ways the installers hand them over:

  setup  the NSIS setup's parameters (/PREFECTURE=… /FEED_URL=…) in an environment variable
         (`--setup-args-env`), split by onshi as Windows splits a command line;
  msi    a command line built as the MSI's WritePolicy builds it from the properties: each
         value in quotes with a space before the closing one, split by Windows itself.

For each case: the same exit code, the same message and the same file, byte for byte (or
none), paths aside; a file there before (hand-written, or broken) is laid in first, and the
one kept aside compared too. All cases run in one Windows command interpreter (a Wine
process start is slow); the values travel in environment variables or in ASCII, so no
quoting of the interpreter's own is in the way.

    policy_cases.py WINE ONSHI_EXE_WINDOWS_PATH LINUX_ONSHI DRIVE_C
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def keys(linux):
    out = []
    with tempfile.TemporaryDirectory() as d:
        for name in ("a", "b"):
            subprocess.run([linux, "feed", "keygen", "--out", f"{d}/{name}"], check=True,
                           capture_output=True)
            out.append(Path(f"{d}/{name}/feed.pub").read_text().splitlines()[1].strip())
    return out


def cases(k1, k2):
    """(kind, values, the file there before or None)."""
    hand = ("# 本部が書いた / written by hand\nprefecture = \"沖縄\"\nservices = [\"oqs\"]\n"
            "locked = [\"prefecture\"]\n")
    setup = [
        "/S /PREFECTURE=40", "/S /PREFECTURE=福岡", "/PREFECTURE=福岡県", "/prefecture=Fukuoka-ken",
        "/PREFECTURE=TOKYO TO", '"/PREFECTURE=tokyo to"', '"/PREFECTURE=\u3000福岡\u3000"',
        "/PREFECTURE=01", "/PREFECTURE=hokkaido", "/PREFECTURE=沖縄",
        "/PREFECTURE=ネバーランド", "/PREFECTURE=48", "/PREFECTURE=０４０", "/PREFECTURE=fukuoka-shi",
        "/PREFECTURE=", "/S", "/S /NCRC /D=C:\\Program Files\\Onshi Watch /PREFECTURE=13",
        "/FACILITY=Pharmacy", "/FACILITY=薬局", "/FACILITY=hospital",
        f"/S /PREFECTURE=福岡 /FACILITY=pharmacy /FEED_URL=http://intranet.example/onshi/feed.toml /FEED_KEY={k1},{k2}",
        f'"/FEED_URL=\\\\file server\\オン資\\\\" /FEED_KEY={k1} /FEED_KEY={k2}',
        f'/FEED_URL="C:\\共有\\\\\\"オン資\\"\\feed" "/FEED_KEY= {k1} ; {k2} "',
        "/FEED_URL=http://intranet.example/feed.toml", f"/FEED_KEY={k1}",
        f"/FEED_URL=http://a.example/feed.toml /FEED_KEY={k1[:-1]}",
        f"/FEED_URL=http://a.example/feed.toml /FEED_KEY=RX{k1[2:]}",
        "/PREFECTUR=40",
        "/S /PREFECTURE=40 /RELAY_FOLDER=\\\\nas\\オン資\\feed", "/RELAY_FOLDER=feed",
    ]
    out = [("setup", p, None) for p in setup]
    out += [
        ("setup", "/FACILITY=dental", hand),
        ("setup", "/PREFECTURE=40", "prefecture = \"福岡\"\nfacility = \"hospital\"\n"),
        ("setup", "/S", "prefecture = 99\n"),
    ]
    # The MSI's properties: (PREFECTURE, FACILITY, FEED_URL, FEED_KEY), ASCII (the command
    # interpreter reads its script in the OEM code page).
    msi = [
        ("40", "", "", ""), ("tokyo-to", "CLINIC", "", ""), ("", "", "", ""),
        ("", "", "\\\\fileserver\\onshi\\", k1),
        ("", "", "http://intranet.example/a b/feed.toml", f"{k1},{k2}"),
        ("nowhere", "", "", ""), ("", "hospital", "", ""), ("", "", "http://a.example/f", ""),
        ("40", "", "", "", "\\\\nas\\onshi-feed\\"), ("", "", "", "", "onshi-feed"),
    ]
    out += [("msi", v, None) for v in msi]
    out += [("msi", ("13", "", "", ""), hand)]
    return out


MSI_OPTIONS = ["prefecture", "facility", "feed-url", "feed-key", "relay-folder"]


def msi_values(values):
    """The five properties; a case without RELAY_FOLDER leaves it blank, as msiexec does."""
    return tuple(values) + ("",) * (len(MSI_OPTIONS) - len(values))


def msi_args(values):
    """The arguments WritePolicy's command line splits into (the same on Linux)."""
    args = ["policy", "write"]
    for opt, v in zip(MSI_OPTIONS, msi_values(values)):
        args += [f"--{opt}", v + " "]
    return args


def msi_line(values):
    """WritePolicy's command line, as Windows Installer formats its ExeCommand."""
    return " ".join(f'--{o} "{v} "' for o, v in zip(MSI_OPTIONS, msi_values(values)))


def main():
    wine, exe, linux, drive_c = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4])
    k1, k2 = keys(linux)
    table = cases(k1, k2)
    win_root = drive_c / "onshi-policy-test"
    lin_root = Path(tempfile.mkdtemp())
    shutil.rmtree(win_root, ignore_errors=True)
    env = dict(os.environ, LC_ALL="C.UTF-8")
    script = ["@echo off"]
    for i, (kind, values, before) in enumerate(table):
        for root in (win_root, lin_root):
            (root / str(i)).mkdir(parents=True)
            if before is not None:
                (root / str(i) / "policy.toml").write_text(before, encoding="utf-8")
        d = f"C:\\onshi-policy-test\\{i}"
        if kind == "setup":
            env[f"ONSHI_CASE_{i}"] = values
            args = f"policy write --setup-args-env ONSHI_CASE_{i}"
        else:
            assert all(v.isascii() and not set(v) & set('%^&|<>"') for v in values), values
            args = f"policy write {msi_line(values)}"
        script.append(f'"{exe}" {args} --path {d}\\policy.toml >{d}\\out 2>{d}\\err')
        script.append(f"echo rc=%ERRORLEVEL% >{d}\\rc")
    (win_root / "cases.cmd").write_bytes(("\r\n".join(script) + "\r\n").encode("ascii"))
    done = subprocess.run([wine, "cmd", "/c", "C:\\onshi-policy-test\\cases.cmd"], env=env,
                          capture_output=True, timeout=600)
    assert done.returncode == 0, done

    failed = 0
    for i, (kind, values, before) in enumerate(table):
        lin_dir, win_dir = lin_root / str(i), win_root / str(i)
        args = (["policy", "write", "--setup-args", values] if kind == "setup"
                else msi_args(values))
        lin = subprocess.run([linux] + args + ["--path", str(lin_dir / "policy.toml")],
                             capture_output=True, timeout=60)
        win_rc = int((win_dir / "rc").read_text().strip().removeprefix("rc="))

        def norm(text, d, sep):
            return text.replace(d + sep + "policy.toml", "{P}").replace("\r\n", "\n")

        def files(d):
            return {n: (d / n).read_bytes() for n in ("policy.toml", "policy.toml.old")
                    if (d / n).exists()}
        lin_out = norm(lin.stdout.decode() + lin.stderr.decode(), str(lin_dir), "/")
        win_out = norm((win_dir / "out").read_bytes().decode("utf-8", "replace")
                       + (win_dir / "err").read_bytes().decode("utf-8", "replace"),
                       f"C:\\onshi-policy-test\\{i}", "\\")
        same = (lin.returncode == win_rc and lin_out == win_out
                and files(lin_dir) == files(win_dir))
        # A refused value: one line, and the file there as it was.
        if lin.returncode != 0:
            same = same and win_out.count("\n") == 1 and "panicked" not in win_out
            was = {} if before is None else {"policy.toml": before.encode()}
            same = same and files(win_dir) == was
        shown = values if kind == "setup" else " | ".join(repr(v) for v in values)
        print(f"{'same' if same else 'DIFFERENT'}  {kind:5}  exit {win_rc}  "
              f"{'(file there) ' if before else ''}{shown}")
        if not same:
            failed += 1
            print(f"  linux:   exit {lin.returncode}: {lin_out!r} {files(lin_dir)}")
            print(f"  windows: exit {win_rc}: {win_out!r} {files(win_dir)}")
    written = sum(1 for i in range(len(table)) if (win_root / str(i) / "policy.toml").exists())
    refused = sum(1 for i in range(len(table))
                  if (win_root / str(i) / "rc").read_text().strip() != "rc=0")
    shutil.rmtree(win_root)
    shutil.rmtree(lin_root)
    if failed:
        sys.exit(f"{failed} of {len(table)} policy cases differ between Windows (Wine) and Linux")
    assert written >= 20 and refused >= 10, (written, refused)
    print(f"all {len(table)} policy cases: Windows (Wine) and Linux write the same "
          f"({refused} refused)")


if __name__ == "__main__":
    main()
