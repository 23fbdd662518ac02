"""The printed sheet on A4 paper: the sheets that fill it most — two windows of one day,
the 2026 rules (more steps), the interim period, English (longer lines), no facility type
chosen (both sides of the e-prescription) — printed by headless Chromium and by
WebKitGTK (the app's webview engine), are exactly two A4 pages each, and the second page
starts with the chooser."""

import shutil
import subprocess

import pytest

from harness import HERE, PYTHON, ROOT

ONSHI = ROOT / "target" / "debug" / "onshi"
DATED = ROOT / "tests" / "fixtures" / "dated"

# (name, the arguments of `onshi sheet`, a folder of extra notices written by the test)
CASES = [
    ("fukuoka-2024", ["-p", "福岡", "--at", "2024-12-29T10:00+09:00"]),
    ("fukuoka-2024-en", ["-p", "福岡", "--at", "2024-12-29T10:00+09:00", "--lang", "en"]),
    ("tokyo-2024-pharmacy", ["-p", "東京", "--at", "2024-12-29T10:00+09:00",
                             "--facility", "pharmacy"]),
    ("fukuoka-2026", ["-p", "福岡", "--at", "2026-12-29T10:00+09:00", "--notices", str(DATED)]),
    ("fukuoka-2026-en", ["-p", "福岡", "--at", "2026-12-29T10:00+09:00", "--notices", str(DATED),
                         "--lang", "en"]),
    ("fukuoka-interim-en", ["-p", "福岡", "--at", "2026-02-08T10:00+09:00", "--notices", "{interim}",
                            "--lang", "en"]),
    ("hokkaido-none", ["-p", "北海道", "--at", "2024-12-29T10:00+09:00"]),
]


def interim_notices(folder):
    """The 2026-12-31 test notice moved to 2026-02-10/11, inside the interim period."""
    folder.mkdir()
    text = (DATED / "2026-12-31-network-upgrade.toml").read_text(encoding="utf-8")
    text = (text.replace("2026-12-31T", "2026-02-10T").replace("2027-01-01T03", "2026-02-11T03")
            .replace("test-2026-12-31", "test-2026-02-10"))
    (folder / "interim.toml").write_text(text, encoding="utf-8")
    return folder


def sheets(tmp_path):
    assert ONSHI.exists(), f"{ONSHI} is missing: run `cargo build --bin onshi` first"
    interim = interim_notices(tmp_path / "interim")
    out = []
    for name, args in CASES:
        args = [a.replace("{interim}", str(interim)) for a in args]
        html = subprocess.run([str(ONSHI), "sheet", *args], check=True, capture_output=True).stdout
        path = tmp_path / f"{name}.html"
        path.write_bytes(html)
        out.append((name, path))
    return out


def pdf_pages(pdf):
    """(pages, page size) as pdfinfo (poppler-utils) reads them."""
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    return int(fields["Pages"]), fields["Page size"].strip()


def second_page_text(pdf):
    return subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def check(pdf, name):
    pages, size = pdf_pages(pdf)
    assert pages == 2, f"{name}: {pages} pages"
    assert size.endswith("(A4)"), f"{name}: {size}"
    second = second_page_text(pdf).strip()
    assert second.startswith(("患者さんが持ってきたもの", "What the patient brought")), (name, second[:80])


def test_headless_chromium_prints_each_sheet_on_two_a4_pages(tmp_path):
    chromium = shutil.which("chromium")
    assert chromium, "chromium is missing (Debian package chromium; scripts/setup.sh test)"
    for name, html in sheets(tmp_path):
        pdf = tmp_path / f"{name}.chromium.pdf"
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri()],
                       check=True, capture_output=True, timeout=120)
        check(pdf, name)


def test_webkitgtk_prints_each_sheet_on_two_a4_pages(session, tmp_path):
    session.start_x()
    for name, html in sheets(tmp_path):
        pdf = tmp_path / f"{name}.webkit.pdf"
        p = subprocess.run([PYTHON, str(HERE / "print_webkit.py"), str(html), str(pdf)],
                           env=session.env(), capture_output=True, text=True, timeout=120)
        assert p.returncode == 0, p.stderr
        check(pdf, name)
