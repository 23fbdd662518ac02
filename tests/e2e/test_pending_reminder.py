"""確認待ちの患者's reminder: a drill at 福岡県's full stop, a patient added before its planned
end, one toast once the end has passed (and the line above the list); no name in it."""

import json
import time

from harness import wait_for
from test_pending import add, names
from test_window import wait_state


def test_one_reminder_after_the_planned_end_while_someone_waits(session):
    session.start_desktop()
    session.write_settings('prefecture = 40\nfacility = "clinic"\nlang = "ja"\n')
    # 5:20 is the planned end; at ten times the speed it comes in 6 s.
    wd = session.webdriver("--at", "2024-12-31T05:19:00+09:00", "--speed", 10)
    wait_state(wd, "full_outage")
    wd.wait("the list to show during the window", lambda: wd.displayed("#pending-section"))
    add(wd, "山田 花子", "女", "1948-07-15", "福岡県福岡市中央区天神")
    wd.wait("the patient to be listed", lambda: names(wd) == ["山田 花子"])
    assert not session.config_dir.joinpath("pending.enc").exists(), "a drill keeps its own list"
    assert session.config_dir.joinpath("drill", "pending.enc").exists()

    line, m = wd.app.proc.wait_line(r'kind="pending" title=(.*)$', 30, "stdout")
    assert m.group(1) == "【訓練】確認待ちの患者さんがいます", m.group(1)
    wd.wait_text("#pending-note", lambda t: t.startswith("停止は12月31日(火) 5:20に終わる予定でした。"), 30)
    def pending_calls():
        return [n for n in session.notifications() if "確認待ち" in json.dumps(n, ensure_ascii=False)]
    calls = wait_for(pending_calls, 10, "the reminder on the bus")
    assert len(calls) == 1, calls
    assert "山田" not in str(calls) and "天神" not in str(calls)
    # Once: a minute on (6 s at ten times), still one.
    time.sleep(6)
    lines = [l for l in wd.app.notify_lines() if l["kind"] == "pending"]
    assert len(lines) == 1, lines
    assert len(pending_calls()) == 1
