"""Story pages rendered ahead by the add worker and served by any server process (SQLite stores)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fictional_news import fictional_articles, write_jsonl
from test_service_api import Client

from newsloom.config import AnalyzeConfig
from newsloom.runners.incremental import add_to_store
from newsloom.service import ServiceConfig, create_app
from newsloom.service.pages import PageShelf, shelf_path
from newsloom.storage import Store


def _post(client: Client, token: str, n: int, seed: int) -> list[str]:
    body = "".join(json.dumps(r) + "\n" for r in fictional_articles(n, seed=seed)).encode()
    answer = client.post(
        "/articles", headers={"Authorization": f"Bearer {token}"}, files={"file": ("a.jsonl", body)}
    )
    assert answer.status_code == 202
    client.app.state.jobs.wait_idle()
    job = client.get(f"/jobs/{answer.json()['id']}").json()
    assert job["status"] == "done", job
    changed: list[str] = job["changed_stories"]
    return changed


@contextmanager
def _another_process(store: Store) -> Iterator[Client]:
    """A fresh app over ``store``, as another server process has it: nothing in its memory."""
    client = Client(create_app(ServiceConfig(), store=store))
    try:
        yield client
    finally:
        client.close()
        client.app.state.jobs.close()


def _no_render(*_args: object, **_kw: object) -> str:
    raise AssertionError("rendered a page that was rendered ahead")


def test_a_job_renders_its_stories_pages_ahead_for_every_server_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(str(tmp_path / "news.db"))
    token = store.create_token()
    app = create_app(ServiceConfig(), store=store)
    client = Client(app)
    try:
        changed = _post(client, token, 6, seed=3)
        assert changed
        path = shelf_path(store.url)
        assert path is not None and Path(path).exists()
        shelf = PageShelf(path)
        for sid in changed:
            revision = store.story_revision(sid)
            assert revision is not None
            kept = shelf.get(sid, revision)
            assert kept is not None and "Briefing" in kept
        # Another server process over the same store (a fresh app: nothing in its memory)
        # answers a first view from the kept page, without rendering.
        with _another_process(store) as other:
            import newsloom.service.web as web

            monkeypatch.setattr(web, "render_story_page", _no_render)
            for sid in changed:
                answer = other.get(f"/web/stories/{sid}")
                assert answer.status_code == 200 and "Briefing" in answer.text
            # A filtered view is not kept ahead: it is rendered (here: refused by the stub).
            with pytest.raises(AssertionError):
                other.get(f"/web/stories/{changed[0]}", params={"claims": "corroborated"})
    finally:
        client.close()
        app.state.jobs.close()
        store.close()


def test_a_page_kept_from_an_older_revision_is_never_served(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "news.db"))
    token = store.create_token()
    app = create_app(ServiceConfig(), store=store)
    client = Client(app)
    try:
        sid = _post(client, token, 4, seed=5)[0]
        path = shelf_path(store.url)
        assert path is not None
        shelf = PageShelf(path)
        revision = store.story_revision(sid)
        assert revision is not None
        # A page of another revision of the story: never served, the story is rendered instead.
        shelf.put([(sid, "an-older-revision", "<p>stale page</p>")])
        with _another_process(store) as fresh:
            page = fresh.get(f"/web/stories/{sid}").text
            assert "stale page" not in page and "Briefing" in page
        # The same page kept under the story's current revision is what a first view shows.
        shelf.put([(sid, revision, "<p>kept page</p>")])
        with _another_process(store) as fresh:
            assert fresh.get(f"/web/stories/{sid}").text == "<p>kept page</p>"
    finally:
        client.close()
        app.state.jobs.close()
        store.close()


def test_serve_renders_the_pages_a_store_lacks_between_jobs(tmp_path: Path) -> None:
    db = str(tmp_path / "news.db")
    with Store(db) as built:  # built by `newsloom add`: no page kept
        add_to_store(
            built,
            [str(write_jsonl(tmp_path / "a.jsonl", fictional_articles(12, seed=9)))],
            AnalyzeConfig(workers=1, nlp="rules", embeddings="lexical"),
        )
    path = shelf_path(f"sqlite:///{db}")
    assert path is not None and not Path(path).exists()
    store = Store(db)
    token = store.create_token()
    app = create_app(ServiceConfig(render_ahead=True), store=store)
    client = Client(app)
    try:
        stories = [s["id"] for s in client.get("/stories", params={"limit": 100}).json()["items"]]
        # A job posted meanwhile runs (between shares of pages) and renders its own stories.
        changed = _post(client, token, 4, seed=21)
        shelf = PageShelf(path)
        deadline = time.monotonic() + 120
        while not set(stories + changed) <= shelf.story_ids() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert set(stories + changed) <= shelf.story_ids()
        for sid in stories + changed:
            revision = store.story_revision(sid)
            assert revision is not None and shelf.get(sid, revision) is not None
    finally:
        client.close()
        app.state.jobs.close()
        store.close()
