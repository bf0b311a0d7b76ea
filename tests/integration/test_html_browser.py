"""report.html in a real browser: a citation marker reveals its source text on click and on keyboard focus.

Needs headless Chromium and its driver (Debian: ``apt-get install chromium chromium-driver``) and
selenium; skipped with the reason when they are missing. Leaves a screenshot in tests/artifacts/.
"""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsloom.model import Report
from newsloom.pipeline.report import write_report
from newsloom.pipeline.report.sources import article_name

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def _sample() -> Report:
    spec = importlib.util.spec_from_file_location(
        "newsloom_browser_sample", ROOT / "tests" / "golden" / "sample_report.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    report: Report = module.build_sample_report()
    return report


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    webdriver = pytest.importorskip(
        "selenium.webdriver", reason="selenium is not installed (pip install selenium)"
    )
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not Path(binary).exists():
            pytest.skip(f"{binary} not found: apt-get install -y chromium chromium-driver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
        "--window-size=1280,1000",
    ):
        options.add_argument(flag)
    browser = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def page(driver: Any, tmp_path_factory: pytest.TempPathFactory) -> Report:
    report = _sample()
    (html,) = write_report(report, tmp_path_factory.mktemp("report"), ["html"])
    driver.get(html.resolve().as_uri())
    return report


def _popover_of(driver: Any, marker: Any) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, marker.get_attribute("aria-controls"))


def _move_mouse_away(driver: Any) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    ActionChains(driver).move_to_element(driver.find_element(By.TAG_NAME, "h1")).perform()


def test_clicking_a_citation_reveals_its_source_text(driver: Any, page: Report) -> None:
    from selenium.webdriver.common.by import By

    cited = page.stories[0].briefing[0].citations[1]  # type: ignore[index]
    markers = driver.find_elements(By.CSS_SELECTOR, "ol.brief .cite")
    marker = markers[1]
    popover = _popover_of(driver, marker)
    assert not popover.is_displayed()

    marker.click()
    assert popover.is_displayed()
    # The source is named for people ("Site: Title"); its id is only the link's tooltip.
    link = popover.find_element(By.CSS_SELECTOR, ".pop-head a")
    assert cited.text in popover.text and link.get_attribute("title") == cited.article_id
    assert cited.article_id not in popover.text
    assert marker.get_attribute("aria-expanded") == "true"

    _move_mouse_away(driver)
    assert popover.is_displayed(), "a clicked marker stays open when the mouse leaves"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(ARTIFACTS / "report.png"))

    driver.find_element(By.TAG_NAME, "h1").click()
    assert not popover.is_displayed(), "a click elsewhere closes it"


def test_keyboard_focus_reveals_the_source_text(driver: Any, page: Report) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    _move_mouse_away(driver)
    driver.find_element(By.TAG_NAME, "h1").click()
    first = driver.find_elements(By.CSS_SELECTOR, "ol.brief .cite")[0]
    for _ in range(40):  # tab through the header links to the first marker
        ActionChains(driver).send_keys(Keys.TAB).perform()
        if driver.switch_to.active_element == first:
            break
    assert driver.switch_to.active_element == first
    popover = _popover_of(driver, first)
    assert popover.is_displayed()
    assert page.stories[0].briefing[0].citations[0].text in popover.text  # type: ignore[index]


def test_side_by_side_highlights_aligned_sentences(driver: Any, page: Report) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    section = driver.find_element(By.CSS_SELECTOR, "section.compare")
    left = section.find_elements(By.CSS_SELECTOR, ".col-left .seg.al")
    right = section.find_elements(By.CSS_SELECTOR, ".col-right .seg.al")
    assert len(left) == 2 and len(right) == 2
    assert "edited copy" in section.find_element(By.CSS_SELECTOR, ".pair-info").text

    # Articles are offered by name ("Site: Title"), not by id.
    herald = next(a for a in page.articles if a.id == "harwick-herald")
    Select(section.find_element(By.CSS_SELECTOR, ".pick-right")).select_by_visible_text(article_name(herald))
    assert "independent" in section.find_element(By.CSS_SELECTOR, ".pair-info").text
    assert not section.find_elements(By.CSS_SELECTOR, ".seg.al")
    assert "crack like a gunshot" in section.find_element(By.CSS_SELECTOR, ".col-right").text


# Hostile strings in every place article data reaches the page: each would run script, or load
# something, if it were written into the page unescaped.
PAYLOAD = "window.__newsloom_pwned = (window.__newsloom_pwned || 0) + 1"
HOSTILE = [
    f"<script>{PAYLOAD}</script>",
    f'<img src="http://127.0.0.1:9/x.png" onerror="{PAYLOAD}">',
    f'"><svg onload="{PAYLOAD}">',
    f"</script><script>{PAYLOAD}</script>",
    '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
    '<iframe src="http://127.0.0.1:9/"></iframe>',
    f"javascript:{PAYLOAD}",
]
# Runs before the page's own script: counts script that runs and anything the page loads or
# the Content-Security-Policy blocks.
HOOK = """
window.__newsloom_pwned = 0;
window.__newsloom_blocked = [];
document.addEventListener('securitypolicyviolation', e => window.__newsloom_blocked.push(e.blockedURI));
"""


def _hostile_report(tmp_path: Path) -> Path:
    import json

    import newsloom
    from newsloom.config import AnalyzeConfig

    lines = []
    for i, bad in enumerate(HOSTILE):
        body = (
            f"The harbour ferry returned on Tuesday, the port said {bad}.\n\n"
            f"“We are back {bad},” the captain, Mara Lindqvist, said. About 1,200 people use it.\n"
        )
        lines.append(
            json.dumps({"id": f"h{i}", "title": f"Ferry {bad}", "url": bad, "site": bad, "text": body})
        )
    corpus = tmp_path / "hostile.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = AnalyzeConfig(formats=("html",), nlp="rules", embeddings="lexical", workers=1)
    (html,) = write_report(newsloom.analyze([corpus], config), tmp_path / "out", ["html"])
    return html


def test_hostile_article_data_never_runs_or_loads_anything(driver: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    html = _hostile_report(tmp_path)
    assert '<meta http-equiv="Content-Security-Policy"' in html.read_text(encoding="utf-8")
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK})
    driver.get(html.resolve().as_uri())
    for button in driver.find_elements(By.CSS_SELECTOR, ".cite")[:10]:
        button.click()  # the page's own script still works under the policy
    assert driver.execute_script("return window.__newsloom_pwned") == 0
    assert driver.execute_script("return window.__newsloom_blocked") == []
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources == []
    body = driver.find_element(By.TAG_NAME, "body").text
    assert HOSTILE[0] in body and HOSTILE[6] in body  # shown as text, not run


def test_without_javascript_a_citation_is_a_link_to_its_source(
    driver: Any, page: Report, tmp_path: Path
) -> None:
    """A reader with script turned off: each [n] marker still leads to the cited text."""
    from selenium.webdriver.common.by import By

    (html,) = write_report(page, tmp_path, ["html"])
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        driver.get(html.resolve().as_uri())
        marker = driver.find_elements(By.CSS_SELECTOR, "ol.brief .cite")[1]
        assert marker.get_attribute("role") is None, "no script ran to make it a button"
        href = marker.get_attribute("href")
        target = href.rsplit("#", 1)[1]
        marker.click()
        assert driver.current_url.endswith("#" + target)
        section = driver.find_element(By.ID, target)
        cited = page.stories[0].briefing[0].citations[1]  # type: ignore[index]
        assert cited.text in section.get_attribute("textContent")
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
