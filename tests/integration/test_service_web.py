"""newsloom serve's web app, in process: pages, names for people, CSRF, escaping, the token CLI."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from fictional_news import fictional_articles
from test_service_api import Client, _finish
from typer.testing import CliRunner

from newsloom.cli import app as cli
from newsloom.storage import Store

HOSTILE = [
    {
        "id": "hostile-1",
        "title": "<script>window.pwned=1</script>Harbour <img src=x onerror=alert(1)> closed",
        "site": "<b onmouseover=alert(2)>Quay Post</b>",
        "url": "javascript:alert(3)",
        "text": (
            "The harbour at Lirrel was closed on Tuesday <script>alert(4)</script> after a crane fell, "
            'the port office said. <a href="javascript:alert(5)">Click</a> '
            "Officials said <svg onload=alert(6)> the quay would reopen on Friday."
        ),
    },
    {
        "id": "hostile-2",
        "title": 'Crane falls into Lirrel harbour "><script>alert(7)</script>',
        "url": "https://quay.example/news/<script>alert(8)</script>",
        "text": (
            "A crane fell into the harbour at Lirrel on Tuesday, the port office said. "
            '"><img src=x onerror=alert(9)> The quay would reopen on Friday, officials said.'
        ),
    },
]


def _add(client: Client, token: str, records: list[dict[str, str]]) -> dict[str, object]:
    body = "".join(json.dumps(r) + "\n" for r in records).encode()
    answer = client.post(
        "/articles", headers={"Authorization": f"Bearer {token}"}, files={"file": ("x.jsonl", body)}
    )
    return _finish(client, answer.json())


def _pages(client: Client) -> list[str]:
    """Every page of the app for what the store holds."""
    stories = client.get("/stories", params={"limit": 100}).json()["items"]
    urls = ["/", "/web/search?q=harbour", "/web/add"]
    for st in stories:
        urls.append(f"/web/stories/{st['id']}")
        urls += [f"/web/articles/{a}?start=0&end=10" for a in st["article_ids"]]
    return urls


def test_pages_name_articles_for_people(service: tuple[Client, str]) -> None:
    client, token = service
    records = [{**r, "site": "Vellmar Courier"} for r in fictional_articles(4)]
    _add(client, token, records)
    home = client.get("/").text
    story_id = client.get("/stories").json()["items"][0]["id"]
    assert f'href="/web/stories/{story_id}"' in home
    assert "independent origin" in home and "single-source" in home
    article = client.get(f"/web/articles/{records[0]['id']}", params={"start": 0, "end": 12}).text
    assert f"<h1>Vellmar Courier: {records[0]['title']}</h1>" in article
    assert '<mark class="cited" id="cited">' + records[0]["text"][:12] + "</mark>" in article
    search = client.get("/web/search", params={"q": "council"}).text
    assert "Vellmar Courier: " in search
    story = client.get(f"/web/stories/{story_id}")
    assert story.status_code == 200 and "Briefing" in story.text
    chip = (
        f'<a class="chip" href="#art-0" title="{records[0]["id"]}">Vellmar Courier: {records[0]["title"]}</a>'
    )
    assert chip in story.text
    statuses = {c["status"] for c in client.get(f"/stories/{story_id}").json()["claims"]}
    for status in ("corroborated", "single_source", "conflicting"):
        shown = client.get(f"/web/stories/{story_id}", params={"claims": status}).text
        for other in {"corroborated", "single_source", "conflicting"} - {status}:
            assert f'class="badge status-{other}"' not in shown
        assert (f'class="badge status-{status}"' in shown) == (status in statuses)
    assert client.get("/web/stories/nope").status_code == 404
    assert client.get("/web/articles/nope").status_code == 404


def test_add_form_needs_its_csrf_token_and_an_api_token(service: tuple[Client, str]) -> None:
    client, token = service
    form = client.get("/web/add")
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    assert csrf and client.http.cookies.get("newsloom_csrf") == csrf.group(1)
    text = fictional_articles(1)[0]["text"]
    forged = client.post("/web/add", data={"csrf": "guess", "token": token, "text": text})
    assert forged.status_code == 403
    csrf = re.search(r'name="csrf" value="([^"]+)"', forged.text)
    assert csrf is not None
    bad_token = client.post("/web/add", data={"csrf": csrf.group(1), "token": "nope", "text": text})
    assert bad_token.status_code == 401
    csrf = re.search(r'name="csrf" value="([^"]+)"', bad_token.text)
    assert csrf is not None
    sent = client.post("/web/add", data={"csrf": csrf.group(1), "token": token, "text": text})
    assert sent.status_code == 303 and sent.headers["location"].startswith("/web/jobs/")
    client.app.state.jobs.wait_idle()
    job = client.get(sent.headers["location"]).text
    assert "Stories changed" in job and "/web/stories/" in job


def test_hostile_content_is_escaped_on_every_page(service: tuple[Client, str]) -> None:
    client, token = service
    job = _add(client, token, HOSTILE)
    assert len(job["added"]) == 2  # type: ignore[arg-type]
    for url in _pages(client):
        answer = client.get(url)
        assert answer.status_code == 200, url
        tree = lxml.html.fromstring(answer.content)
        for script in tree.iter("script"):
            # Only the app's own script files and the report's JSON data blocks: nothing inline.
            if script.get("type") != "application/json":
                assert script.get("src", "").startswith("/static/") and not (script.text or "").strip(), url
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            assert not [k for k in element.attrib if k.lower().startswith("on")], (url, element.attrib)
            for attr in ("href", "src", "action"):
                assert not element.get(attr, "").strip().lower().startswith("javascript:"), url
            assert element.tag not in ("img", "iframe", "object", "embed"), url
            if element.tag == "svg":  # the derivation graph the report draws, nothing from a text
                assert element.get("class") == "graph", url
        policy = answer.headers["content-security-policy"]
        assert "script-src 'self';" in policy and "https:" not in policy, url


def test_token_create_prints_the_token_last_and_serve_is_a_command(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    result = runner.invoke(cli, ["token", "create", "--db", db])
    assert result.exit_code == 0, result.output
    token = result.output.split()[-1]
    with Store(db) as store:
        assert store.check_token(token)
    assert "--port" in runner.invoke(cli, ["serve", "--help"]).output


def test_a_story_page_is_rendered_once_and_again_when_the_story_or_its_thread_changes(
    service: tuple[Client, str],
) -> None:
    client, token = service
    records = [{**r, "site": "Vellmar Courier"} for r in fictional_articles(8)]
    _add(client, token, records)
    stories = client.get("/stories").json()["items"]
    assert len(stories) == 2
    first, second = stories[0]["id"], stories[1]["id"]
    pages = client.app.state.page_cache
    page = client.get(f"/web/stories/{first}").text
    rendered = pages.misses
    assert client.get(f"/web/stories/{first}").text == page
    assert pages.misses == rendered and pages.hits >= 1
    # A new report of the first event joins its story: the page shows it at once.
    member = next(r for r in records if r["id"] == stories[0]["article_ids"][0])
    late = {
        **member,
        "id": "late-report",
        "site": "Harbour Gazette",
        "url": "https://harbour-gazette.example/news/late",
        "text": member["text"] + " The council will meet again on Monday.",
    }
    job = _add(client, token, [late])
    assert first in job["changed_stories"]  # type: ignore[operator]
    changed = client.get(f"/web/stories/{first}").text
    assert "Harbour Gazette: " in changed and "Harbour Gazette: " not in page
    # A thread joining the two stories (threads are stored apart from stories) shows as well.
    from newsloom.model import Thread

    store = client.app.state.store
    with store.write() as conn:
        store.save_threads(conn, [Thread(id="thread-1", story_ids=[first, second], title="Quay troubles")])
    assert "Quay troubles" in client.get(f"/web/stories/{first}").text
    assert "Quay troubles" not in changed


def test_an_unchanged_story_is_answered_not_modified_and_a_changed_one_gets_a_new_tag(
    service: tuple[Client, str],
) -> None:
    """A story page and the story's JSON carry an entity tag; sent back in If-None-Match it is
    answered 304 with no body while the story is unchanged, and a full answer under a new tag
    once an add changed the story (never the page or JSON kept from before)."""
    client, token = service
    records = [{**r, "site": "Vellmar Courier"} for r in fictional_articles(8)]
    _add(client, token, records)
    story = client.get("/stories").json()["items"][0]
    urls = [f"/web/stories/{story['id']}", f"/stories/{story['id']}"]
    first = {url: client.get(url) for url in urls}
    for url, answer in first.items():
        tag = answer.headers["etag"]
        assert answer.status_code == 200 and tag.startswith('"') and answer.content
        assert answer.headers["cache-control"] == "no-cache"
        again = client.get(url, headers={"If-None-Match": tag})
        assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
        # Weak comparison, a list of tags and "*" as RFC 9110 has them; another tag is not it.
        assert client.get(url, headers={"If-None-Match": f'"other", W/{tag}'}).status_code == 304
        assert client.get(url, headers={"If-None-Match": "*"}).status_code == 304
        assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    # The claims filter is another page of the same story: another tag.
    filtered = client.get(urls[0], params={"claims": "corroborated"}).headers["etag"]
    assert filtered != first[urls[0]].headers["etag"]
    # Another story has other tags.
    other = client.get("/stories").json()["items"][1]["id"]
    assert client.get(f"/web/stories/{other}").headers["etag"] != first[urls[0]].headers["etag"]
    # A new report joins the story: the old tags bring the changed story, under new tags.
    member = next(r for r in records if r["id"] == story["article_ids"][0])
    late = {
        **member,
        "id": "late-report",
        "site": "Harbour Gazette",
        "url": "https://harbour-gazette.example/news/late",
        "text": member["text"] + " The council will meet again on Monday.",
    }
    assert story["id"] in _add(client, token, [late])["changed_stories"]  # type: ignore[operator]
    for url, before in first.items():
        changed = client.get(url, headers={"If-None-Match": before.headers["etag"]})
        assert changed.status_code == 200 and changed.headers["etag"] != before.headers["etag"]
    assert "Harbour Gazette: " in client.get(urls[0]).text
    assert "late-report" in client.get(urls[1]).json()["article_ids"]
    assert "late-report" not in first[urls[1]].json()["article_ids"]
    # An unknown story is still not found, whatever tag is sent.
    for url in ("/web/stories/story-none", "/stories/story-none"):
        assert client.get(url, headers={"If-None-Match": "*"}).status_code == 404


def test_every_link_on_a_story_page_leads_to_a_page_and_anchor_that_exist(
    service: tuple[Client, str],
) -> None:
    from urllib.parse import urljoin, urlsplit

    from newsloom.model import Thread

    client, token = service
    _add(client, token, [{**r, "site": "Vellmar Courier"} for r in fictional_articles(8)])
    first, second = (s["id"] for s in client.get("/stories").json()["items"])
    store = client.app.state.store
    with store.write() as conn:
        store.save_threads(conn, [Thread(id="thread-1", story_ids=[first, second], title="Quay troubles")])
    page_url = f"http://test/web/stories/{first}"
    page = client.get(page_url)
    tree = lxml.html.fromstring(page.content)
    thread_links = tree.xpath('//section[contains(@class, "thread")]//a/@href')
    assert f"/web/stories/{second}" in thread_links
    checked: dict[str, Any] = {page_url.split("#")[0]: tree}
    for link in tree.iter("a"):
        href = link.get("href")
        if href is None or (href.startswith(("http://", "https://")) and not href.startswith("http://test/")):
            continue  # an article's original page, elsewhere
        target = urljoin(page_url, href)
        where, fragment = target.split("#")[0], urlsplit(target).fragment
        if where not in checked:
            answer = client.get(where)
            assert answer.status_code == 200, (href, answer.status_code)
            checked[where] = lxml.html.fromstring(answer.content)
        if fragment:
            assert checked[where].get_element_by_id(fragment, None) is not None, href


def _home_story_ids(client: Client, url: str = "/") -> list[str]:
    page = lxml.html.fromstring(client.get(url).text)
    return [h.rsplit("/", 1)[-1] for h in page.xpath("//section[contains(@class,'story-card')]//h3/a/@href")]


def test_the_home_page_lists_the_newest_stories_first(service: tuple[Client, str]) -> None:
    client, token = service
    records = fictional_articles(12, per_event=4)
    first, second, third = records[0:4], records[4:8], records[8:12]
    _add(client, token, first[:3])
    _add(client, token, second)
    _add(client, token, third)
    started = [s["id"] for s in client.get("/stories", params={"limit": 100}).json()["items"]]
    assert len(started) == 3
    story_of = {s: client.get(f"/articles/{s}").json()["story_id"] for s in (first[0]["id"], third[0]["id"])}
    # The newest story first, the oldest last.
    assert _home_story_ids(client) == started[::-1]
    # A new article in the oldest story makes it the most recently updated: it comes first.
    _add(client, token, first[3:])
    assert client.get(f"/articles/{first[3]['id']}").json()["story_id"] == story_of[first[0]["id"]]
    home = _home_story_ids(client)
    assert home[0] == story_of[first[0]["id"]] and home[1] == story_of[third[0]["id"]]
    # The API keeps the order stories were started in unless asked for the newest first.
    assert [s["id"] for s in client.get("/stories", params={"limit": 100}).json()["items"]] == started
    newest = client.get("/stories", params={"limit": 100, "order": "updated"}).json()["items"]
    assert [s["id"] for s in newest] == home
    paged: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 1, "order": "updated", **({"cursor": cursor} if cursor else {})}
        page = client.get("/stories", params=params).json()
        paged += [s["id"] for s in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert paged == home
    described = client.get("/openapi.json").json()["paths"]["/stories"]["get"]
    assert "newest first" in described["description"]
    order = next(p for p in described["parameters"] if p["name"] == "order")
    assert order["schema"]["default"] == "started" and "oldest first" in order["description"]


def test_the_home_page_is_rendered_once_until_a_story_changes(
    service: tuple[Client, str], monkeypatch: Any
) -> None:
    from newsloom.model import Thread
    from newsloom.service import web

    client, token = service
    records = fictional_articles(8, per_event=4)
    _add(client, token, records[:4])
    pages = client.app.state.page_cache
    home = client.get("/").text
    rendered = pages.misses
    assert client.get("/").text == home
    assert pages.misses == rendered
    # An add that changes a story shows at once.
    _add(client, token, records[4:])
    assert len(_home_story_ids(client)) == 2
    # A change no story's update time shows (a thread stored apart) shows once the page is old.
    first, second = (s["id"] for s in client.get("/stories").json()["items"])
    store = client.app.state.store
    with store.write() as conn:
        store.save_threads(conn, [Thread(id="thread-9", story_ids=[first, second], title="Canal week")])
    assert "Canal week" not in client.get("/").text
    monkeypatch.setattr(web, "HOME_MAX_AGE", 0.0)
    assert "Canal week" in client.get("/").text


def test_the_home_page_lists_the_newest_running_stories_and_pages_the_rest(
    service: tuple[Client, str], monkeypatch: Any
) -> None:
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import update

    from newsloom.model import Thread
    from newsloom.service import web
    from newsloom.storage.tables import ThreadRow

    client, token = service
    _add(client, token, fictional_articles(8, per_event=4))
    first, second = (s["id"] for s in client.get("/stories").json()["items"])
    store = client.app.state.store
    weeks = [Thread(id=f"thread-{k}", story_ids=[first, second], title=f"Quay week {k}") for k in range(7)]
    lonely = Thread(id="thread-lonely", story_ids=[first], title="Lonely quay")
    start = datetime(2031, 3, 1, tzinfo=UTC)
    with store.write() as conn:
        store.save_threads(conn, [*weeks, lonely])
        # Week k was last built k hours after week 0.
        for k in range(7):
            conn.execute(
                update(ThreadRow)
                .where(ThreadRow.thread_key == f"thread-{k}")
                .values(built_at=start + timedelta(hours=k))
            )
    monkeypatch.setattr(web, "HOME_THREADS", 3)
    monkeypatch.setattr(web, "THREADS_PAGE", 2)
    monkeypatch.setattr(web, "HOME_MAX_AGE", 0.0)

    def titles(tree: Any) -> list[str]:
        return [t.strip() for t in tree.xpath("//section[contains(@class,'thread')]/h3/text()")]

    home = lxml.html.fromstring(client.get("/").text)
    assert titles(home) == ["Quay week 6", "Quay week 5", "Quay week 4"]
    # Each event is named as the home page names stories, and links to its page.
    events = home.xpath("//section[contains(@class,'thread')][1]//a")
    assert [a.get("href") for a in events] == [f"/web/stories/{first}", f"/web/stories/{second}"]
    assert all(a.text_content().strip() != "another event" for a in events)
    assert home.xpath("//a[@href='/web/threads']")
    listed: list[str] = []
    url: str | None = "/web/threads"
    while url is not None:
        answer = client.get(url)
        assert answer.status_code == 200
        tree = lxml.html.fromstring(answer.text)
        listed += titles(tree)
        more = tree.xpath("//a[starts-with(@href, '/web/threads?cursor=')]/@href")
        url = more[0] if more else None
    assert listed == [f"Quay week {k}" for k in range(6, -1, -1)]
    assert client.get("/web/threads", params={"cursor": "no-such-thread"}).status_code == 404


def test_a_home_page_with_few_running_stories_links_to_no_more(service: tuple[Client, str]) -> None:
    from newsloom.model import Thread

    client, token = service
    _add(client, token, fictional_articles(8, per_event=4))
    first, second = (s["id"] for s in client.get("/stories").json()["items"])
    store = client.app.state.store
    with store.write() as conn:
        store.save_threads(conn, [Thread(id="thread-1", story_ids=[first, second], title="Quay week")])
    home = lxml.html.fromstring(client.get("/").text)
    assert [t.strip() for t in home.xpath("//section[contains(@class,'thread')]/h3/text()")] == ["Quay week"]
    assert not home.xpath("//a[@href='/web/threads']")


@pytest.fixture
def closed(tmp_path: Path) -> Iterator[tuple[Client, str]]:
    """A service that asks for a token to read (``--read-token``), on a fresh store, and a token."""
    from newsloom.service import ServiceConfig, create_app

    store = Store(str(tmp_path / "closed.db"))
    token = store.create_token("reader")
    app = create_app(ServiceConfig(read_token_required=True), store=store)
    client = Client(app)
    yield client, token
    client.close()
    app.state.jobs.close()
    store.close()


def test_pages_of_a_closed_service_ask_to_sign_in_and_bring_the_reader_back(
    closed: tuple[Client, str],
) -> None:
    client, token = closed
    body = "".join(json.dumps(r) + "\n" for r in fictional_articles(2)).encode()
    auth = {"Authorization": f"Bearer {token}"}
    assert client.post("/articles", headers=auth, files={"file": ("x.jsonl", body)}).status_code == 202
    client.app.state.jobs.wait_idle()
    story_id = client.get("/stories", headers=auth).json()["items"][0]["id"]
    page = f"/web/stories/{story_id}?claims=corroborated"
    # Without a token every page sends the reader to sign in, naming the page to come back to.
    for path in ("/", "/web/threads", page, "/web/search?q=council", "/web/jobs/nope"):
        answer = client.get(path)
        assert answer.status_code == 303, path
        assert answer.headers["location"].startswith("/web/signin?next=%2F"), path
    assert "Briefing" not in client.get(page).text
    form = client.get(client.get(page).headers["location"])
    assert form.status_code == 200 and 'name="token"' in form.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
    back = re.search(r'name="next" value="([^"]+)"', form.text)
    assert csrf and back and lxml.html.fromstring(f"<p>{back.group(1)}</p>").text_content() == page
    # A wrong token and a forged form are refused; the right one sets the cookie and goes back.
    wrong = client.post("/web/signin", data={"csrf": csrf.group(1), "token": "nope", "next": page})
    assert wrong.status_code == 401 and "newsloom_token" not in client.http.cookies
    forged = client.post("/web/signin", data={"csrf": "guess", "token": token, "next": page})
    assert forged.status_code == 403 and "newsloom_token" not in client.http.cookies
    csrf = re.search(r'name="csrf" value="([^"]+)"', forged.text)
    assert csrf
    signed = client.post("/web/signin", data={"csrf": csrf.group(1), "token": token, "next": page})
    assert signed.status_code == 303 and signed.headers["location"] == page
    assert "httponly" in signed.headers["set-cookie"].lower()
    assert "Briefing" in client.get(page).text
    assert client.get("/").status_code == 200
    # The API still wants its Bearer header: the cookie opens pages, not the API.
    assert client.get("/stories").status_code == 401


def test_sign_in_never_sends_a_reader_to_another_site(closed: tuple[Client, str]) -> None:
    from newsloom.service import ServiceConfig, create_app

    client, token = closed
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example", "evil", "/ok\r\nX: y"):
        form = client.get("/web/signin", params={"next": target})
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert csrf
        signed = client.post("/web/signin", data={"csrf": csrf.group(1), "token": token, "next": target})
        assert signed.status_code == 303 and signed.headers["location"] == "/", target
    # An open service needs no sign-in: its pages answer at once.
    open_app = create_app(ServiceConfig(), store=client.app.state.store)
    open_client = Client(open_app)
    try:
        assert open_client.get("/").status_code == 200
    finally:
        open_client.close()
        open_app.state.jobs.close()
