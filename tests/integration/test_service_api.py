"""newsloom serve's HTTP API, in process (httpx's ASGI transport): every route and its errors."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

import httpx
from fictional_news import fictional_articles

from newsloom.service import ServiceConfig, create_app
from newsloom.service.app import MAX_BODY
from newsloom.storage import Store

PROBLEM = "application/problem+json"


class Client:
    """A synchronous face over an httpx.AsyncClient on the app (one event loop per test)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.loop = asyncio.new_event_loop()
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")

    def request(self, method: str, url: str, **kw: Any) -> httpx.Response:
        return self.loop.run_until_complete(self.http.request(method, url, **kw))

    def get(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("POST", url, **kw)

    def close(self) -> None:
        self.loop.run_until_complete(self.http.aclose())
        self.loop.close()


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _finish(client: Client, job: dict[str, Any]) -> dict[str, Any]:
    client.app.state.jobs.wait_idle()
    answer = client.get(f"/jobs/{job['id']}")
    assert answer.status_code == 200
    done: dict[str, Any] = answer.json()
    assert done["status"] == "done", done
    return done


def _upload(client: Client, token: str, records: list[dict[str, str]]) -> dict[str, Any]:
    body = "".join(json.dumps(r) + "\n" for r in records).encode()
    answer = client.post(
        "/articles", headers=_auth(token), files={"file": ("today.jsonl", body, "application/x-ndjson")}
    )
    assert answer.status_code == 202, answer.text
    assert answer.headers["location"] == f"/jobs/{answer.json()['id']}"
    return _finish(client, answer.json())


def _is_problem(answer: httpx.Response, status: int) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = answer.json()
    assert body["status"] == status and body["title"]
    return body


def test_openapi_and_docs_are_served(service: tuple[Client, str]) -> None:
    client, _ = service
    spec = client.get("/openapi.json").json()
    for path in (
        "/articles",
        "/articles/{article_id}",
        "/stories",
        "/stories/{story_id}",
        "/threads",
        "/search",
        "/jobs/{job_id}",
        "/export",
    ):
        assert path in spec["paths"]
    docs = client.get("/docs")
    assert "swagger" in docs.text.lower() and "cdn" not in docs.text.lower()
    assert "https:" not in docs.headers["content-security-policy"]
    for url in re.findall(r'(?:src|href)="([^"]+)"', docs.text):
        assert url.startswith("/") and client.get(url).status_code == 200, url


def test_upload_adds_articles_and_the_stories_answer(service: tuple[Client, str]) -> None:
    client, token = service
    records = fictional_articles(8, per_event=4)
    job = _upload(client, token, records)
    assert sorted(job["added"]) == sorted(r["id"] for r in records)
    assert job["changed_stories"]

    page = client.get("/stories").json()
    assert {s["id"] for s in page["items"]} == set(job["changed_stories"])
    story = page["items"][0]
    assert client.get(f"/stories/{story['id']}").json()["article_ids"] == story["article_ids"]

    article = client.get(f"/articles/{story['article_ids'][0]}").json()
    assert article["story_id"] == story["id"]
    assert article["article"]["text"] and "removed" in article["article"]
    assert article["name"].endswith(article["article"]["title"])

    again = _upload(client, token, records)
    assert again["added"] == [] and len(again["duplicates"]) == len(records)


def test_json_text_and_html_are_added(service: tuple[Client, str]) -> None:
    client, token = service
    text = fictional_articles(1)[0]
    answer = client.post(
        "/articles",
        headers=_auth(token),
        json={"text": text["text"], "title": text["title"], "site": "Vellmar Courier"},
    )
    assert answer.status_code == 202
    job = _finish(client, answer.json())
    assert len(job["added"]) == 1
    html = (
        "<html><head><title>Quay closed in Pannow</title></head><body><article><p>"
        + "The quay at Pannow was closed on Monday after a crane fell into the harbour, the port authority said. "
        * 3
        + "</p></article></body></html>"
    )
    job = _finish(client, client.post("/articles", headers=_auth(token), json={"html": html}).json())
    assert len(job["added"]) == 1
    assert client.get(f"/articles/{job['added'][0]}").json()["article"]["title"] == "Quay closed in Pannow"


def test_story_filters_and_cursor_pagination(service: tuple[Client, str]) -> None:
    client, token = service
    _upload(client, token, fictional_articles(24, per_event=4))
    everything = client.get("/stories", params={"limit": 100}).json()["items"]
    assert len(everything) >= 3
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = client.get("/stories", params=params).json()
        seen += [s["id"] for s in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [s["id"] for s in everything]

    with_disc = client.get("/stories", params={"discrepancies": True, "limit": 100}).json()["items"]
    assert {s["id"] for s in with_disc} == {s["id"] for s in everything if s.get("discrepancies")}
    many = client.get("/stories", params={"min_origins": 2, "limit": 100}).json()["items"]
    assert {s["id"] for s in many} == {s["id"] for s in everything if len(s.get("origin_groups") or []) >= 2}
    town = everything[0]["article_ids"][0]
    word = client.get(f"/articles/{town}").json()["article"]["text"].split()[5].strip(",.")
    found = client.get("/stories", params={"q": word, "limit": 100}).json()["items"]
    assert everything[0]["id"] in {s["id"] for s in found}
    assert client.get("/stories", params={"since": "2999-01-01"}).json()["items"] == []
    _is_problem(client.get("/stories", params={"cursor": "no-such-story"}), 400)
    _is_problem(client.get("/stories", params={"limit": 0}), 422)
    _is_problem(client.get("/stories", params={"since": "yesterday"}), 422)


def test_threads_come_a_page_at_a_time_following_the_next_link(service: tuple[Client, str]) -> None:
    from newsloom.model import Thread

    client, token = service
    _upload(client, token, fictional_articles(8, per_event=4))
    first, second = (s["id"] for s in client.get("/stories").json()["items"])
    store = client.app.state.store
    weeks = [
        Thread(id=f"thread-{k:02d}", story_ids=[first, second], title=f"Quay week {k}") for k in range(5)
    ]
    with store.write() as conn:
        store.save_threads(
            conn, [*weeks[::-1], Thread(id="thread-lone", story_ids=[first], title="Lone quay")]
        )
    every = [t.model_dump(mode="json") for t in store.threads()]
    assert len(every) == 6
    # One page holds them all by default: no next link, the same list as before paging.
    whole = client.get("/threads")
    assert whole.json() == every and "link" not in whole.headers
    paged: list[dict[str, Any]] = []
    url: str | None = "/threads?limit=2"
    while url is not None:
        answer = client.get(url)
        assert answer.status_code == 200
        assert len(answer.json()) <= 2
        paged += answer.json()
        found = re.fullmatch(r'<([^>]+)>; rel="next"', answer.headers.get("link", ""))
        url = found.group(1) if found else None
    assert paged == every
    _is_problem(client.get("/threads", params={"cursor": "no-such-thread"}), 400)
    _is_problem(client.get("/threads", params={"limit": 0}), 422)
    described = client.get("/openapi.json").json()["paths"]["/threads"]["get"]
    assert "Link" in described["responses"]["200"]["headers"]
    assert {p["name"] for p in described["parameters"]} == {"cursor", "limit"}


def test_threads_search_and_export(service: tuple[Client, str]) -> None:
    client, token = service
    records = fictional_articles(8, per_event=4)
    _upload(client, token, records)
    assert isinstance(client.get("/threads").json(), list)
    hits = client.get("/search", params={"q": "council"}).json()
    assert hits and all(h["story_id"] for h in hits)
    assert client.get("/search", params={"q": "zzzznothing"}).json() == []
    _is_problem(client.get("/search"), 422)
    report = client.get("/export").json()
    assert len(report["articles"]) == 8
    story = report["stories"][0]["id"]
    one = client.get("/export", params={"story": story}).json()
    assert [s["id"] for s in one["stories"]] == [story]
    assert client.get("/export", params={"format": "md"}).headers["content-type"].startswith("text/markdown")
    page = client.get("/export", params={"format": "html"})
    assert page.headers["content-type"].startswith("text/html")
    assert "script-src 'sha256-" in page.headers["content-security-policy"]
    _is_problem(client.get("/export", params={"story": "nope"}), 404)


def test_errors_are_problem_details(service: tuple[Client, str]) -> None:
    client, token = service
    _is_problem(client.get("/stories/nope"), 404)
    _is_problem(client.get("/articles/nope"), 404)
    _is_problem(client.get("/jobs/nope"), 404)
    _is_problem(
        client.post("/articles", headers={**_auth(token), "content-type": "application/json"}, content=b"{"),
        400,
    )
    _is_problem(client.post("/articles", headers=_auth(token), json={"title": "nothing else"}), 422)
    _is_problem(
        client.post("/articles", headers=_auth(token), json={"text": "x", "url": "javascript:alert(1)"}), 422
    )
    _is_problem(
        client.post("/articles", headers={**_auth(token), "content-type": "text/plain"}, content=b"hello"),
        415,
    )
    _is_problem(
        client.post(
            "/articles", headers=_auth(token), files={"file": ("x.exe", b"MZ", "application/octet-stream")}
        ),
        415,
    )
    _is_problem(
        client.post("/articles", headers=_auth(token), files={"other": ("x.txt", b"hi", "text/plain")}), 422
    )
    _is_problem(client.request("DELETE", "/stories"), 405)


def test_writes_need_a_valid_token_and_only_its_hash_is_stored(
    service: tuple[Client, str], tmp_path: Path
) -> None:
    client, token = service
    body = {"text": fictional_articles(1)[0]["text"]}
    answer = _is_problem(client.post("/articles", json=body), 401)
    assert "Bearer" in answer["detail"]
    _is_problem(client.post("/articles", json=body, headers=_auth(token + "x")), 401)
    _is_problem(client.post("/articles", json=body, headers={"Authorization": f"Basic {token}"}), 401)
    store: Store = client.app.state.store
    from sqlalchemy import text

    with store.engine.connect() as conn:
        stored = [r[0] for r in conn.execute(text("SELECT token_hash FROM api_tokens"))]
    assert stored and token not in stored


def test_reads_can_require_a_token(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "closed.db"))
    token = store.create_token()
    app = create_app(ServiceConfig(read_token_required=True), store=store)
    client = Client(app)
    try:
        for path in ("/stories", "/threads", "/search?q=council", "/stories/nope", "/jobs/nope", "/export"):
            _is_problem(client.get(path), 401)
        assert client.get("/stories", headers=_auth(token)).status_code == 200
        assert client.get("/search?q=council", headers=_auth(token)).status_code == 200
        assert client.get("/export", headers=_auth(token)).status_code == 200
    finally:
        client.close()
        store.close()


def test_bodies_over_the_limit_are_refused(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "small.db"))
    token = store.create_token()
    app = create_app(ServiceConfig(max_body=1000), store=store)
    client = Client(app)
    try:
        _is_problem(client.post("/articles", headers=_auth(token), json={"text": "word " * 1000}), 413)

        async def chunks() -> Any:  # no Content-Length: counted as it streams
            for _ in range(10):
                yield b"x" * 500

        answer = client.post(
            "/articles", headers={**_auth(token), "content-type": "application/json"}, content=chunks()
        )
        _is_problem(answer, 413)
    finally:
        client.close()
        store.close()
    assert MAX_BODY >= 1_000_000


def test_add_url_refuses_loopback_and_private_addresses(service: tuple[Client, str]) -> None:
    client, token = service
    for url in (
        "http://127.0.0.1:8000/news",
        "http://localhost/news",
        "http://10.1.2.3/page",
        "http://192.168.0.10/page",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/page",
        "ftp://example.org/file",
        "file:///etc/passwd",
    ):
        _is_problem(client.post("/articles", headers=_auth(token), json={"url": url}), 422)


def test_security_headers_on_every_answer(service: tuple[Client, str]) -> None:
    client, _ = service
    for path in ("/stories", "/", "/stories/nope"):
        answer = client.get(path)
        policy = answer.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "default-src 'none'" in policy
        # The app's own time, for load measurements (bench/serve.py).
        assert re.match(r"app;dur=\d+\.\d(, |$)", answer.headers["server-timing"])


def test_jobs_still_run_after_the_app_lifespan_ended_once(service: tuple[Client, str]) -> None:
    client, token = service
    client.app.state.jobs.shutdown()  # what the lifespan's end does
    answer = client.post("/articles", headers=_auth(token), json={"text": fictional_articles(1)[0]["text"]})
    assert answer.status_code == 202
    assert len(_finish(client, answer.json())["added"]) == 1


def _timing_spans(answer: httpx.Response) -> dict[str, float]:
    spans = {}
    for metric in answer.headers["server-timing"].split(", "):
        name, _, dur = metric.partition(";dur=")
        spans[name] = float(dur)
    return spans


def test_server_timing_tells_where_a_story_page_and_a_post_spent_their_time(
    service: tuple[Client, str],
) -> None:
    client, token = service
    posted = client.post("/articles", headers=_auth(token), json={"text": fictional_articles(1)[0]["text"]})
    post_spans = _timing_spans(posted)
    # The POST's parts: checking the token, writing the upload, recording the job (and the CPU
    # each used), each no longer than the whole.
    assert {"app", "queue", "token", "token-cpu", "spool", "record", "record-cpu"} <= set(post_spans)
    assert all(value <= post_spans["app"] + 0.1 for value in post_spans.values())
    story_id = _finish(client, posted.json())["changed_stories"][0]
    # A first view of a story the add worker rendered ahead (SQLite): read from the kept pages.
    first = _timing_spans(client.get(f"/web/stories/{story_id}"))
    assert {"queue", "revision"} <= set(first)
    if client.app.state.page_shelf is not None:
        assert "shelf" in first and "render" not in first
    # A view rendered here (claims filtered: never kept ahead) times its parts.
    filtered = f"/web/stories/{story_id}?claims=single_source"
    rendered = _timing_spans(client.get(filtered))
    assert {"queue", "revision", "load", "load-cpu", "render", "render-cpu"} <= set(rendered)
    # Seen before: answered from the page cache, nothing loaded or rendered.
    again = _timing_spans(client.get(filtered))
    assert "revision" in again and "load" not in again and "render" not in again
    searched = _timing_spans(client.get("/search", params={"q": "council"}))
    assert "search" in searched and "search-cpu" in searched
