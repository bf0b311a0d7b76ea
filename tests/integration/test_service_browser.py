"""newsloom serve in real headless Chromium: home -> story -> citation -> highlighted sentence;
an upload that changes a story; hostile articles whose scripts never run.

The server runs with uvicorn on 127.0.0.1 (a free port) in a thread. A page hook installed
before any page script (Chrome DevTools ``Page.addScriptToEvaluateOnNewDocument``) records
any call of alert/confirm/prompt; scripts smuggled in article text must never call it.
Leaves a screenshot of a story page in tests/artifacts/serve_story.png for the README.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fictional_news import fictional_articles
from test_html_browser import ARTIFACTS, driver  # noqa: F401  (the headless Chromium fixture)
from test_service_web import HOSTILE

from newsloom.runners.incremental import add_to_store
from newsloom.service import ServiceConfig, create_app
from newsloom.service.app import AnalyzeConfig
from newsloom.storage import Store

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HOOK = """
window.__fired = [];
['alert', 'confirm', 'prompt'].forEach(function (name) {
  window[name] = function (x) { window.__fired.push(name + ':' + x); };
});
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Store, str]]:
    import uvicorn

    folder = tmp_path_factory.mktemp("serve")
    store = Store(str(folder / "browser.db"))
    token = store.create_token()
    seed = folder / "seed.jsonl"
    records = [{**r, "site": "Vellmar Courier"} for r in fictional_articles(8)] + HOSTILE
    seed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    add_to_store(store, [str(seed)], AnalyzeConfig(workers=1, nlp="rules", embeddings="lexical"))
    port = _free_port()
    config = uvicorn.Config(
        create_app(ServiceConfig(), store=store), host="127.0.0.1", port=port, log_level="warning"
    )
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert uv.started
    try:
        yield f"http://127.0.0.1:{port}", store, token
    finally:
        uv.should_exit = True
        thread.join(10)
        store.close()


@pytest.fixture(scope="module")
def hooked(driver: Any) -> Any:  # noqa: F811
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK})
    return driver


def test_home_story_citation_opens_the_sentence_highlighted(
    hooked: Any, server: tuple[str, Store, str]
) -> None:
    from selenium.webdriver.common.by import By

    base, _store, _ = server
    hooked.get(base + "/")
    # A story of the fictional news (the hostile one is for the other test), for the screenshot.
    link = next(a for a in hooked.find_elements(By.CSS_SELECTOR, ".story-card h3 a") if "<" not in a.text)
    headline = link.text
    link.click()
    assert "/web/stories/" in hooked.current_url
    assert headline in hooked.find_element(By.TAG_NAME, "h2").text or headline in hooked.page_source
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    hooked.save_screenshot(str(ARTIFACTS / "serve_story.png"))
    marker = hooked.find_element(By.CSS_SELECTOR, ".brief .cite")
    # mid-window, as a reader scrolls to it: at the top edge the sticky header covers it
    hooked.execute_script("arguments[0].scrollIntoView({block: 'center'})", marker)
    marker.click()
    popover = hooked.find_element(By.ID, marker.get_attribute("aria-controls"))
    assert popover.is_displayed()
    cited = popover.find_element(By.CSS_SELECTOR, ".pop-text").text
    popover.find_element(By.CSS_SELECTOR, ".pop-head a").click()
    assert "/web/articles/" in hooked.current_url
    mark = hooked.find_element(By.CSS_SELECTOR, "mark.cited")
    assert mark.is_displayed() and " ".join(mark.text.split()) == " ".join(cited.split())
    background = mark.value_of_css_property("background-color")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert hooked.execute_script("return window.__fired") == []


def test_upload_a_file_and_see_the_story_change(
    hooked: Any, server: tuple[str, Store, str], tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    base, store, token = server
    story = store.stories()[0]
    first = store.articles([story.article_ids[0]])[0]
    follow_up = {
        "id": "follow-up-1",
        "title": first.title,
        "site": "Northmoor Post",
        "text": (first.text or "")
        + " Council staff said a full account of the night would follow next week.",
    }
    path = tmp_path / "follow-up.jsonl"
    path.write_text(json.dumps(follow_up) + "\n", encoding="utf-8")
    hooked.get(base + "/web/add")
    hooked.find_element(By.ID, "token").send_keys(token)
    hooked.find_element(By.ID, "file").send_keys(str(path))
    hooked.find_element(By.CSS_SELECTOR, "form.add button[type=submit]").click()
    deadline = time.monotonic() + 60
    status = None
    while time.monotonic() < deadline:
        # the job page reloads itself while the job runs: between two loads it has no #job yet
        jobs = hooked.find_elements(By.ID, "job")
        status = jobs[0].get_attribute("data-status") if jobs else None
        if status in ("done", "failed"):
            break
        time.sleep(0.5)
    assert status == "done", hooked.page_source[:2000]
    changed = hooked.find_elements(By.CSS_SELECTOR, ".story-card h3 a")
    assert any(a.get_attribute("href").endswith("/web/stories/" + story.id) for a in changed)
    assert "follow-up-1" in store.story(story.id).article_ids
    hooked.get(base + "/web/stories/" + story.id)
    assert "Northmoor Post" in hooked.page_source


def test_hostile_articles_never_run_a_script(hooked: Any, server: tuple[str, Store, str]) -> None:
    base, store, _ = server
    urls = ["/", "/web/search?q=harbour", "/web/add"]
    for st in store.stories():
        urls.append(f"/web/stories/{st.id}")
        urls += [f"/web/articles/{a}?start=0&end=10" for a in st.article_ids]
    for url in urls:
        hooked.get(base + url)
        assert hooked.execute_script("return window.__fired") == [], url
        assert hooked.execute_script("return typeof window.pwned") == "undefined", url
    assert any("hostile" in u for u in urls)


def test_reading_works_without_javascript(hooked: Any, server: tuple[str, Store, str]) -> None:
    """Script off: home, story and search render, and a citation marker is a link that opens
    the cited sentence highlighted in its article."""
    from selenium.webdriver.common.by import By

    base, _store, _ = server
    hooked.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        hooked.get(base + "/")
        link = next(a for a in hooked.find_elements(By.CSS_SELECTOR, ".story-card h3 a") if "<" not in a.text)
        link.click()
        assert "/web/stories/" in hooked.current_url
        marker = hooked.find_element(By.CSS_SELECTOR, ".brief .cite")
        assert marker.get_attribute("role") is None, "no script ran to make it a button"
        popover = hooked.find_element(By.ID, marker.get_attribute("aria-controls"))
        cited = popover.find_element(By.CSS_SELECTOR, ".pop-text").get_attribute("textContent")
        # mid-window, as a reader scrolls to it: at the top edge the sticky header covers it
        hooked.execute_script("arguments[0].scrollIntoView({block: 'center'})", marker)
        marker.click()
        assert "/web/articles/" in hooked.current_url
        mark = hooked.find_element(By.CSS_SELECTOR, "mark.cited")
        assert mark.is_displayed() and " ".join(mark.text.split()) == " ".join(cited.split())
        hooked.get(base + "/web/search?q=harbour")
        assert hooked.find_elements(By.CSS_SELECTOR, "a[href*='/web/']")
    finally:
        hooked.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
