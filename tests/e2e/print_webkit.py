"""Prints an HTML file to PDF with WebKitGTK — the engine of the app's webview and of
GNOME's browser — as a person would with 印刷 → ファイルへ出力, on A4.

    print_webkit.py SHEET.html OUT.pdf    (needs DISPLAY: an X server, e.g. Xvfb)
"""

import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402

source, out = sys.argv[1], sys.argv[2]
PENDING = "the page or its printing did not finish in 60 s"
problem = [PENDING]


def print_page(view, event):
    if event != WebKit2.LoadEvent.FINISHED:
        return
    settings = Gtk.PrintSettings()
    settings.set(Gtk.PRINT_SETTINGS_PRINTER, "Print to File")
    settings.set(Gtk.PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf")
    settings.set(Gtk.PRINT_SETTINGS_OUTPUT_URI, GLib.filename_to_uri(out, None))
    setup = Gtk.PageSetup()
    setup.set_paper_size(Gtk.PaperSize.new(Gtk.PAPER_NAME_A4))
    op = WebKit2.PrintOperation.new(view)
    op.set_print_settings(settings)
    op.set_page_setup(setup)
    def finished(_op):
        # "failed", when printing fails, comes before "finished".
        if problem[0] == PENDING:
            problem[0] = None
        Gtk.main_quit()

    op.connect("failed", lambda _op, error: problem.__setitem__(0, error.message))
    op.connect("finished", finished)
    op.print_()


view = WebKit2.WebView()
window = Gtk.OffscreenWindow()
window.add(view)
window.show_all()
view.connect("load-changed", print_page)
view.load_uri(GLib.filename_to_uri(source, None))
GLib.timeout_add_seconds(60, Gtk.main_quit)
Gtk.main()
if problem[0]:
    sys.exit(f"print_webkit: {problem[0]}")
