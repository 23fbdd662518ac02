"""The installers' policy writer (onshi-policy.dll, taken out of the MSI) against the app's
own rules, for a table of values an administrator might pass: a PREFECTURE is accepted
exactly when the Linux `onshi` accepts it; what is written is TOML that reads back to the
values given (quotes, backslashes and Japanese included) with no other key; a bad value
gives one message, Japanese first, naming the property.

    policy_cases.py WINE DRIVER_EXE DLL LINUX_ONSHI DRIVE_C

DRIVER_EXE (tests/install/policy_driver.c, built by tests/install/run) and DLL are Linux
paths; they are copied into DRIVE_C, the Wine prefix's C:, with the cases.
"""

import shutil
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

WHITE = " \t\u00a0\u3000"  # what Rust's trim() and the DLL take off, ASCII and not

PREFECTURES = [
    "40", "01", "1", "047", "00040", "47", "0", "48", "255", "256", "+40", "-40", "40a", "４０",
    "福岡", "福岡県", "東京", "東京都", "京都", "京都府", "大阪府", "北海道", "北海", "沖縄",
    "fukuoka", "Fukuoka", "FUKUOKA", "Fukuoka-ken", "fukuoka ken", "fukuoka-shi", "tokyo-to",
    "Tokyo To", "kyoto-fu", "osaka fu", "hokkaido", "hokkaido-ken", "ネバーランド", "福",
    " 40 ", "\u3000福岡\u3000", "\u00a0fukuoka\t", "福岡\n県",
]


def run_driver(wine, driver, dll, drive_c, cases):
    """Each case's (code, text) from OnshiPolicyCompose under Wine."""
    work = drive_c / "onshi-policy-test"
    shutil.rmtree(work, ignore_errors=True)
    (work / "out").mkdir(parents=True)
    shutil.copy(driver, work / "policy_driver.exe")
    shutil.copy(dll, work / "onshi-policy.dll")
    text = "\x1e".join("\x1f".join(c) for c in cases)
    (work / "cases.txt").write_bytes(text.encode("utf-8"))
    w = "C:\\onshi-policy-test\\"
    done = subprocess.run([wine, w + "policy_driver.exe", w + "onshi-policy.dll", w + "cases.txt",
                           w + "out"], capture_output=True, timeout=120)
    assert done.returncode == 0, done
    results = []
    for i in range(len(cases)):
        code, _, body = (work / "out" / f"{i}.txt").read_bytes().decode("utf-8").partition("\n")
        results.append((int(code), body))
    shutil.rmtree(work)
    return results


def main():
    wine, driver, dll, linux, drive_c = sys.argv[1:6]
    drive_c = Path(drive_c)
    keydir = Path(tempfile.mkdtemp())
    subprocess.run([linux, "feed", "keygen", "--out", str(keydir)], check=True, capture_output=True)
    key = (keydir / "feed.pub").read_text().splitlines()[1].strip()
    subprocess.run([linux, "feed", "keygen", "--out", str(keydir / "2")], check=True,
                   capture_output=True)
    key2 = (keydir / "2" / "feed.pub").read_text().splitlines()[1].strip()
    shutil.rmtree(keydir)
    assert key.startswith("RW") and len(key) == 56, key

    # (values, expected): a dict the file must read back to, or the property a message names.
    cases = [((p, "", "", ""), "prefecture") for p in PREFECTURES]
    cases += [
        (("", "", "", ""), None),
        ((WHITE, WHITE, WHITE, WHITE), None),
        (("", "pharmacy", "", ""), {"facility": "pharmacy"}),
        (("", "Clinic", "", ""), {"facility": "clinic"}),
        (("", "DENTAL", "", ""), {"facility": "dental"}),
        (("", "hospital", "", ""), "FACILITY="),
        (("", "薬局", "", ""), "FACILITY="),
        (("40", "pharmacy", "http://intranet.example/onshi/feed.toml", key),
         {"prefecture": "40", "facility": "pharmacy",
          "feed": {"url": "http://intranet.example/onshi/feed.toml", "keys": [key]}}),
        (("", "", 'C:\\共有\\"オン資"\\feed', f" {key} , {key2};"),
         {"feed": {"url": 'C:\\共有\\"オン資"\\feed', "keys": [key, key2]}}),
        (("", "", "\\\\fileserver\\onshi\\", key),
         {"feed": {"url": "\\\\fileserver\\onshi\\", "keys": [key]}}),
        (("", "", "http://intranet.example/feed.toml", ""), "FEED_URL には FEED_KEY"),
        (("", "", "", key), "FEED_KEY には FEED_URL"),
        (("", "", "http://a\tb/feed.toml", key), "FEED_URL:"),
        (("", "", "http://a/feed.toml", key[:-1]), "FEED_KEY="),
        (("", "", "http://a/feed.toml", key + "A"), "FEED_KEY="),
        # Base64 of the right length, but not an Ed25519 ("Ed") minisign key.
        (("", "", "http://a/feed.toml", "RX" + key[2:]), "FEED_KEY="),
        (("", "", "http://a/feed.toml", key.replace(key[10], "*", 1)), "FEED_KEY="),
    ]
    results = run_driver(wine, driver, dll, drive_c, [c for c, _ in cases])

    failed = 0
    for (values, expected), (code, text) in zip(cases, results):
        problem = None
        if expected == "prefecture":
            given = values[0].strip(WHITE + "\n")
            cli = subprocess.run([linux, "windows", "-p", values[0], "--json"], capture_output=True)
            if cli.returncode == 0:
                expected = {"prefecture": given}
            else:
                expected = "PREFECTURE="
        if expected is None:
            ok = code == 0 and text == ""
        elif isinstance(expected, dict):
            try:
                got = tomllib.loads(text)
            except tomllib.TOMLDecodeError as e:
                got, problem = None, f"not TOML: {e}"
            ok = code == 1 and got == expected and text.startswith("# 管理者ポリシー")
            ok = ok and "\r\n" in text and "\n" not in text.replace("\r\n", "")
        else:
            # One message, Japanese first then English, naming what is wrong; nothing written.
            ok = (code == 2 and text.startswith(expected) and " / " in text
                  and "\n" not in text and any("\u3040" <= ch <= "\u30ff" for ch in text))
        shown = " | ".join(repr(v) for v in values if v)
        print(f"{'ok' if ok else 'WRONG'}  {code}  {shown or '(nothing given)'}")
        if not ok:
            failed += 1
            print(f"  expected {expected!r}\n  got {code}: {text!r} {problem or ''}")
    if failed:
        sys.exit(f"{failed} of {len(cases)} policy cases went wrong")
    print(f"all {len(cases)} policy cases: as the app reads them")


if __name__ == "__main__":
    main()
