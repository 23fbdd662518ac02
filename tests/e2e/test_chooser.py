"""「患者さんが持ってきたもの」 in the real window (WebDriver): shown only while オン資 has a
window in force, its answers those of the day (no スマホ in 2024), a click giving exactly
the steps written out by hand, each with its source; with マイナポータル down as well, no
screen step; and the emergency lookup's own hours beside the step that enables it."""

import shutil

from harness import ROOT

ANSWERS_JS = """return [...document.querySelectorAll('#chooser-answers .chooser-answer')].map(b => ({
    id: b.dataset.answer, label: b.textContent, pressed: b.getAttribute('aria-pressed')}));"""
STEPS_JS = """return [...document.querySelectorAll('#chooser-steps li')].map(li => [
    li.querySelector('.step-text').textContent,
    li.querySelector('.source').textContent]);"""

PORTAL = "マイナポータルの資格情報画面を、マイナンバーカードと一緒に確認してください。"
NOTICE = "資格情報のお知らせ（紙・PDF）とマイナンバーカードを一緒に確認してください。"
PHONE = "スマホのマイナ保険証の方も、マイナンバーカード本体を見せてもらってください。"
RETURNING = "再来の方は、過去の受診記録と本人への確認で資格を確認できます。"
FORM = "それでも確認できない方には、被保険者資格申立書を書いてもらってください。"
NOTE = "確認できなかった方の4情報（氏名・性別・生年月日・住所）を控えてください。"
COPAY = "通常の自己負担割合（一般3割・未就学児2割・70歳以上1〜3割）で受け取ります。"
NEVER = "マイナ保険証の方も、10割にはしないでください。"


def choose(wd, answer):
    """Clicks one answer; its steps as (text, sources)."""
    wd.click(f"#chooser-answers [data-answer='{answer}']")
    wd.wait(f"{answer} to be chosen", lambda: any(
        a["id"] == answer and a["pressed"] == "true" for a in wd.js(ANSWERS_JS)))
    steps = wd.js(STEPS_JS)
    for text, source in steps:
        assert source.strip(), f"a step without its source: {text}"
    return [text for text, _ in steps]


def test_the_chooser_in_2024_during_the_long_outage(session):
    session.start_desktop()
    session.write_settings('prefecture = 40\nfacility = "clinic"\n')
    wd = session.webdriver("--at", "2024-12-31T03:30:00+09:00")
    wd.wait("the chooser", lambda: wd.displayed("#chooser-section"))
    assert wd.text("#chooser-heading") == "患者さんが持ってきたもの"
    answers = wd.js(ANSWERS_JS)
    assert [a["label"] for a in answers] == [
        "マイナンバーカード", "資格確認書", "資格情報のお知らせ（カードあり）",
        "資格情報のお知らせ（カードなし）", "古い保険証（健康保険証）", "何もない"], answers
    assert "いまできることだけ" in wd.text("#chooser-hint")
    assert choose(wd, "certificate") == ["健康保険証・資格確認書の方は、券面で確認してください。"]
    assert choose(wd, "card") == [PORTAL, NOTICE, RETURNING, FORM, NOTE, COPAY, NEVER]
    assert choose(wd, "nothing") == [
        "マイナ保険証・健康保険証・資格確認書のどれかをお持ちでないか、聞いてください。",
        "何もない方への特別な扱いは案内にありません。いつもの決まりで対応します。"]
    # The list of steps is still the whole list, below.
    assert wd.js("return document.querySelectorAll('#step-groups li').length") >= 10
    wd.screenshot("chooser-2024")
    # English: the same answers, in English; the choice kept.
    wd.click("#lang-en")
    wd.wait("the English heading", lambda: wd.js(
        "return document.getElementById('chooser-heading').textContent") == "What the patient brought")
    assert wd.js(ANSWERS_JS)[0]["label"] == "My Number card"
    assert [a["id"] for a in wd.js(ANSWERS_JS) if a["pressed"] == "true"] == ["nothing"]


def test_the_chooser_in_2026_with_mynaportal_down_too_then_alone(session):
    notices = session.tmp / "notices"
    notices.mkdir()
    for src in ("docs/examples/2025-12-31-mynaportal-year-end.toml",
                "tests/fixtures/desk/2026-01-02-oqs-full.toml"):
        shutil.copy(ROOT / src, notices)
    session.start_desktop()
    session.write_settings('prefecture = 40\nfacility = "clinic"\n')
    # 2:55 at 20×: マイナポータル ends at 3:00, 15 s from the start — room for a slow start
    # beside another test (CI's first, two at a time, once took more than 3 s); オン資 stays
    # down until 5:00.
    wd = session.webdriver("--notices", notices, "--at", "2026-01-02T02:55:00+09:00", "--speed", 20)
    wd.wait("the chooser", lambda: wd.displayed("#chooser-section"))
    ids = [a["id"] for a in wd.js(ANSWERS_JS)]
    assert ids == ["card", "smartphone", "certificate", "notice-with-card", "notice-only",
                   "health-card", "nothing"], ids
    # Both down: no マイナポータル screen.
    assert choose(wd, "smartphone") == [PHONE, NOTICE, RETURNING, FORM, NOTE, COPAY, NEVER]
    assert choose(wd, "health-card")[0] == "古い健康保険証は、2025年12月2日から使えません。"
    choose(wd, "card")
    wd.screenshot("chooser-both-down")
    # After 3:00 マイナポータル is back: the screen step returns, the choice kept.
    wd.wait("the screen step to come back", lambda: PORTAL in [t for t, _ in wd.js(STEPS_JS)], 30)
    assert [t for t, _ in wd.js(STEPS_JS)] == [PORTAL, NOTICE, RETURNING, FORM, NOTE, COPAY, NEVER]


def test_no_chooser_outside_a_window_and_the_lookup_hours_beside_its_step(session):
    session.start_desktop()
    session.write_settings('prefecture = 40\nfacility = "clinic"\n')
    # 05:30: the long outage's planned end has passed; the after steps show.
    wd = session.webdriver("--at", "2024-12-31T05:30:00+09:00")
    wd.wait("the after steps", lambda: wd.js(
        "return document.querySelectorAll('#step-groups .phase-after li').length") > 0)
    assert not wd.displayed("#chooser-section")
    lines = wd.js("""return [...document.querySelectorAll('#step-groups li')]
        .filter(li => li.querySelector('.step-contact'))
        .map(li => [li.querySelector('.step-text').textContent,
                    li.querySelector('.step-contact-hours').textContent,
                    li.querySelector('.step-contact-now').textContent]);""")
    assert len(lines) == 1, lines
    step, hours, now = lines[0]
    assert step.startswith("その都度コールセンターに電話し"), lines
    assert hours.endswith("平日 9:00〜17:00（土日・祝日は休み）"), hours
    assert "確認できていません" in now and "次の受付" not in now, now
    # The call center's own card keeps its own hours.
    assert "土曜 8:00〜16:00" in wd.text("#contact-hours")
