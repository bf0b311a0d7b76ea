"""Rebuild docs/serve_story.png, the README's picture of a story in ``newsloom serve``.

    python docs/make_serve_screenshot.py [--out docs/serve_story.png]

Adds examples/ to a fresh store in a temporary folder, serves it with uvicorn on 127.0.0.1 (a
free port, in a thread), opens the home page in headless Chromium (the Debian ``chromium`` and
``chromium-driver`` packages, driven by selenium as the browser tests are), follows the story
with the most articles and saves the visible part of its page. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
# The browser window: wide enough for the report's two-column layout, as the browser tests use.
WINDOW = "1280,1000"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "serve_story.png")
    parser.add_argument("--examples", type=Path, default=ROOT / "examples")
    args = parser.parse_args()

    import uvicorn
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    from newsloom.config import AnalyzeConfig
    from newsloom.runners.incremental import add_to_store
    from newsloom.service import ServiceConfig, create_app
    from newsloom.storage import Store

    for binary in (CHROMIUM, CHROMEDRIVER):
        if not Path(binary).exists():
            raise SystemExit(f"{binary} not found: apt-get install -y chromium chromium-driver")
    with tempfile.TemporaryDirectory(prefix="newsloom-screenshot-") as folder:
        store = Store(str(Path(folder) / "examples.db"))
        inputs = sorted(str(p) for p in args.examples.iterdir() if p.suffix in (".txt", ".html", ".jsonl"))
        add_to_store(store, inputs, AnalyzeConfig(workers=1, nlp="rules", embeddings="lexical"))
        biggest = max(store.stories(), key=lambda st: (len(st.article_ids), st.id))
        port = _free_port()
        server = uvicorn.Server(
            uvicorn.Config(
                create_app(ServiceConfig(), store=store), host="127.0.0.1", port=port, log_level="warning"
            )
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     f"--user-data-dir={Path(folder) / 'profile'}", f"--window-size={WINDOW}"):  # fmt: skip
            options.add_argument(flag)
        browser = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        try:
            # As a reader gets there: the home page, then the story's card.
            browser.get(f"http://127.0.0.1:{port}/")
            browser.find_element(
                By.CSS_SELECTOR, f'.story-card h3 a[href="/web/stories/{biggest.id}"]'
            ).click()
            browser.find_element(By.CSS_SELECTOR, ".brief")
            args.out.parent.mkdir(parents=True, exist_ok=True)
            browser.save_screenshot(str(args.out))
        finally:
            browser.quit()
            server.should_exit = True
            thread.join(10)
            store.close()
    print(f"wrote {args.out} (story {biggest.id}, {len(biggest.article_ids)} articles)")


if __name__ == "__main__":
    main()
