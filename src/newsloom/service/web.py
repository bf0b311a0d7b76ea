"""The web app: server-rendered pages (Jinja2, autoescaped) over the same store as the API.

Pages read without JavaScript. A story page is the HTML report of that story (the same
components and look as ``report.html``); the other pages use the report's stylesheet, served
from the package. Articles are named for people ("Site: Title"); ids appear only in links and
tooltips. Forms carry a CSRF token (double submit: a cookie and a hidden field that must match).
When the service asks for a token to read (``--read-token``), every page but the sign-in page
asks for it too: the sign-in form checks the token and keeps it in an HttpOnly, SameSite=Strict
cookie, which each page checks against the store again.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from newsloom.model import Article, Report, Story, Thread
from newsloom.model.story import BriefingSentence
from newsloom.pipeline.report.sources import language_label, published_label, story_headline
from newsloom.service.cache import PageCache, entity_tag, not_modified
from newsloom.service.pages import PageShelf
from newsloom.service.security import CONTENT_SECURITY_POLICY, csrf_ok, is_http_url, new_csrf_token
from newsloom.service.timing import mark_queue, span
from newsloom.storage import Store, StorySummary

_HERE = Path(__file__).parent
_REPORT_TEMPLATES = _HERE.parent / "pipeline" / "report" / "templates"
CSRF_COOKIE = "newsloom_csrf"
# The API token a reader signed in with (only when the service asks for one to read).
TOKEN_COOKIE = "newsloom_token"
# A story page is the report's page: scripts still only from the app itself, but the report
# colours origin groups with style attributes (inline style, never script).
STORY_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
HOME_STORIES = 50
# Running stories (threads of several events) on the home page, the most recently built first;
# the rest are on /web/threads, THREADS_PAGE at a time.
HOME_THREADS = 10
THREADS_PAGE = 50
# The oldest a cached home page may be (seconds): what it shows changes with every add (its key
# holds the last story update), and a story's analysis lands a moment after its articles.
HOME_MAX_AGE = 5.0


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("newsloom.service", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, **context: Any) -> str:
    """A page from ``service/templates`` (autoescaped: article text is data, never markup)."""
    return _environment().get_template(template).render(**context)


_META_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def report_policy(page: str) -> str:
    """The Content-Security-Policy a report page declares for itself (its one script's hash)."""
    found = _META_POLICY.search(page)
    return found.group(1) if found else "default-src 'none'"


def article_name(article: Article) -> str:
    """How people call an article: "Site: Title" (the id when it has neither)."""
    if article.title and article.site:
        return f"{article.site}: {article.title}"
    return article.title or article.site or article.id


@dataclass
class StoryCard:
    """What the home page shows of a story."""

    id: str
    headline: str
    articles: int
    origins: int | None
    corroborated: int
    single_source: int
    discrepancies: int
    updated: str


def story_cards(store: Store, stories: list[StorySummary]) -> list[StoryCard]:
    """The cards of these stories: their articles' titles are read, not their texts, and the
    counts of what was found, not the findings."""
    labels = store.article_labels(a for st in stories for a in st.article_ids)
    by_id = {aid: Article(id=aid, source="", title=title, site=site) for aid, (title, site) in labels.items()}
    report = Report(newsloom_version="")
    cards = []
    for st in stories:
        # The story's headline as the report writes it: a title, else its briefing's lead.
        lead = [BriefingSentence(text=st.lead, citations=[])] if st.lead is not None else None
        outline = Story(id=st.id, article_ids=st.article_ids, briefing=lead)
        claims = st.claims or {}
        cards.append(
            StoryCard(
                id=st.id,
                headline=story_headline(report, outline, by_id) or "(untitled story)",
                articles=len(st.article_ids),
                origins=st.origins,
                corroborated=claims.get("corroborated", 0),
                single_source=claims.get("single_source", 0),
                discrepancies=st.discrepancies,
                updated=st.updated_at.strftime("%Y-%m-%d %H:%M UTC"),
            )
        )
    return cards


def thread_views(store: Store, threads: list[Thread]) -> list[dict[str, Any]]:
    """What a list of running stories shows of each: its title and its events' headlines."""
    events = [sid for th in threads for sid in th.story_ids]
    headlines = {card.id: card.headline for card in story_cards(store, store.story_summaries(events))}
    return [
        {"title": th.title, "events": [(sid, headlines.get(sid)) for sid in th.story_ids]} for th in threads
    ]


def _text_with_mark(text: str, start: int | None, end: int | None) -> list[tuple[str, bool]]:
    """The clean text cut around the cited stretch: (piece, highlighted)."""
    if start is None or end is None or not 0 <= start < end <= len(text):
        return [(text, False)]
    return [(text[:start], False), (text[start:end], True), (text[end:], False)]


NAV = (
    '<nav class="appnav wrap"><a href="/">newsloom</a> · <a href="/web/search">search</a>'
    ' · <a href="/web/add">add</a></nav>'
)


def render_story_page(store: Store, story_id: str, claims: str = "") -> str:
    """A story's page: its HTML report (claims of one status only, when ``claims`` names one),
    with the app's navigation. KeyError when the store has no such story."""
    from newsloom.pipeline.report import render_html

    with span("load"):
        report = store.report(story_id)
    if claims:
        story = report.stories[0]
        kept = [c for c in story.claims or [] if c.status == claims] if story.claims is not None else None
        report = report.model_copy(update={"stories": [story.model_copy(update={"claims": kept})]})
    # The thread's other events link to their own pages, named as the home page names them.
    others = [sid for th in report.threads for sid in th.story_ids if sid != story_id]
    with span("thread"):
        headlines = (
            {card.id: card.headline for card in story_cards(store, store.story_summaries(others))}
            if others
            else {}
        )
    with span("render"):
        html = render_html(
            report,
            article_pages="/web/articles/",
            claim_filter=claims,
            story_pages="/web/stories/",
            story_headlines=headlines,
        )
    return html.replace("<body>", "<body>\n" + NAV, 1)


class _SignIn(Exception):
    """A page asked for by a reader who must sign in first (``next``: the page, to return to)."""

    def __init__(self, next_page: str) -> None:
        super().__init__(next_page)
        self.next = next_page


def _local_path(target: str) -> str:
    """``target`` if it is a path on this site, else "/": the sign-in page never sends a reader
    to another site ("//host", "/\\host", "https://host" and control characters are refused)."""
    if not target.startswith("/") or target.startswith(("//", "/\\")) or any(c < " " for c in target):
        return "/"
    return target


def mount_web(app: FastAPI) -> None:
    """Add the web pages and the static files to the service."""

    @app.get("/static/report.css", include_in_schema=False)
    def report_css() -> Response:
        # The HTML report's own stylesheet, so that the app and the report look the same.
        return Response((_REPORT_TEMPLATES / "report.css").read_bytes(), media_type="text/css")

    @app.get("/static/report.js", include_in_schema=False)
    def report_js() -> Response:
        # The report's own script (citation popovers, side-by-side view), served as a file so
        # that no page of the app runs an inline script.
        return Response((_REPORT_TEMPLATES / "report.js").read_bytes(), media_type="text/javascript")

    app.mount("/static", StaticFiles(directory=_HERE / "static"), name="static")

    def store() -> Store:
        return app.state.store

    def signed_in(request: Request) -> bool:
        token = request.cookies.get(TOKEN_COOKIE) or app.state.bearer(request)
        return bool(token) and store().check_token(str(token))

    async def may_read_page(request: Request) -> None:
        # Open unless the service asks for a token to read; then a reader who has not signed in
        # (or whose token was revoked) is sent to the sign-in page, which brings them back.
        if app.state.config.read_token_required and not await run_in_threadpool(signed_in, request):
            raise _SignIn(request.url.path + (f"?{request.url.query}" if request.url.query else ""))

    readers = [Depends(may_read_page)]

    @app.exception_handler(_SignIn)
    async def _to_sign_in(request: Request, exc: _SignIn) -> Response:
        return RedirectResponse(f"/web/signin?{urlencode({'next': exc.next})}", status_code=303)

    def form_page(template: str, status: int = 200, **context: Any) -> HTMLResponse:
        # A page with a form: a fresh CSRF token, as the form's field and as a cookie.
        token = new_csrf_token()
        response = page(render(template, csrf=token, **context), status)
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict")
        return response

    def signin_form(next_page: str, message: str | None = None, status: int = 200) -> HTMLResponse:
        return form_page("signin.html.j2", status, next=_local_path(next_page), message=message)

    @app.get("/web/signin", response_class=HTMLResponse, include_in_schema=False)
    def signin_page(next: str = "/") -> HTMLResponse:
        return signin_form(next)

    @app.post("/web/signin", include_in_schema=False)
    async def signin_submit(request: Request) -> Response:
        async with request.form() as form:
            next_page = _local_path(str(form.get("next") or "/"))
            if not csrf_ok(request.cookies.get(CSRF_COOKIE), str(form.get("csrf") or "")):
                return signin_form(next_page, "The form expired; please send it again.", 403)
            token = str(form.get("token") or "")
        if not await run_in_threadpool(store().check_token, token):
            return signin_form(next_page, "That API token is not valid (see `newsloom token create`).", 401)
        response = RedirectResponse(next_page, status_code=303)
        secure = request.url.scheme == "https"
        response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", secure=secure)
        return response

    def page(html: str, status: int = 200) -> HTMLResponse:
        return HTMLResponse(html, status_code=status)

    def not_found(what: str) -> HTMLResponse:
        return page(render("message.html.j2", title="Not found", message=what), 404)

    pages: PageCache = app.state.page_cache

    @app.get("/", response_class=HTMLResponse, include_in_schema=False, dependencies=readers)
    def home(cursor: str | None = None) -> HTMLResponse:
        mark_queue()
        # Kept until a story changes (every add that stores an article changes one), and at
        # most HOME_MAX_AGE seconds: a story's analysis is stored a moment after its articles.
        key = ("home", cursor, store().last_story_update())
        html = pages.get(key, max_age=HOME_MAX_AGE)
        if html is None:
            html = render_home(cursor)
            if html is None:
                return not_found("That page of stories does not exist.")
            pages.put(key, html)
        return page(html)

    def render_home(cursor: str | None) -> str | None:
        try:
            # The newest first: the most recently updated story, then the most recently started.
            stories, nxt = store().story_summary_page(after=cursor, limit=HOME_STORIES, order="updated")
        except KeyError:
            return None
        cards = story_cards(store(), stories)
        threads, more = store().thread_page(limit=HOME_THREADS)
        return render(
            "home.html.j2",
            cards=cards,
            threads=thread_views(store(), threads),
            more_threads=more is not None,
            next_cursor=nxt,
            total=store().count_articles(),
        )

    @app.get("/web/threads", response_class=HTMLResponse, include_in_schema=False, dependencies=readers)
    def threads_page(cursor: str | None = None) -> HTMLResponse:
        try:
            threads, nxt = store().thread_page(after=cursor, limit=THREADS_PAGE)
        except KeyError:
            return not_found("That page of running stories does not exist.")
        return page(render("threads.html.j2", threads=thread_views(store(), threads), next_cursor=nxt))

    @app.get(
        "/web/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False, dependencies=readers
    )
    def story_page(request: Request, story_id: str, claims: str = "") -> Response:
        mark_queue()
        if claims not in ("corroborated", "single_source", "conflicting"):
            claims = ""
        with span("revision"):
            revision = store().story_revision(story_id)
        if revision is None:
            return not_found(f"No story {story_id}.")
        key = ("story", story_id, revision, claims)
        # A browser keeps the page and asks again with its tag ("no-cache": it always asks, so
        # a changed story shows at once); an unchanged story is answered 304, nothing rendered.
        headers = {
            "Content-Security-Policy": STORY_POLICY,
            "ETag": entity_tag(*key),
            "Cache-Control": "no-cache",
        }
        if not_modified(request.headers.get("if-none-match"), headers["ETag"]):
            return Response(status_code=304, headers=headers)
        html = pages.get(key)
        if html is None and not claims:
            html = rendered_ahead(story_id, revision)
            if html is not None:
                pages.put(key, html)
        if html is None:
            try:
                html = render_story_page(store(), story_id, claims)
            except KeyError:
                return not_found(f"No story {story_id}.")
            pages.put(key, html)
        return HTMLResponse(html, headers=headers)

    def rendered_ahead(story_id: str, revision: str) -> str | None:
        # The page the add worker rendered from this very revision, if it did (service/pages.py).
        shelf: PageShelf | None = app.state.page_shelf
        if shelf is None:
            return None
        with span("shelf"):
            try:
                return shelf.get(story_id, revision)
            except sqlite3.Error:  # busy or damaged: a cache, so render instead
                return None

    @app.get(
        "/web/articles/{article_id}",
        response_class=HTMLResponse,
        include_in_schema=False,
        dependencies=readers,
    )
    def article_page(article_id: str, start: int | None = None, end: int | None = None) -> HTMLResponse:
        found = store().articles([article_id])
        if not found:
            return not_found(f"No article {article_id}.")
        art = found[0]
        return page(
            render(
                "article.html.j2",
                art=art,
                name=article_name(art),
                story_id=store().story_of(article_id),
                pieces=_text_with_mark(art.text, start, end),
                link=art.url if is_http_url(art.url) else None,
                language=language_label(art),
                published=published_label(art),
            )
        )

    @app.get("/web/search", response_class=HTMLResponse, include_in_schema=False, dependencies=readers)
    def search_page(q: str = "") -> HTMLResponse:
        mark_queue()
        with span("search"):
            hits = store().search(q[:500], limit=50) if q.strip() else []
        rows = [
            (h, article_name(Article(id=h.article_id, source="", title=h.title, site=h.site))) for h in hits
        ]
        return page(render("search.html.j2", q=q, rows=rows))

    def add_form(message: str | None = None, status: int = 200) -> HTMLResponse:
        return form_page("add.html.j2", status, message=message)

    @app.get("/web/add", response_class=HTMLResponse, include_in_schema=False)
    def add_page() -> HTMLResponse:
        return add_form()

    @app.post("/web/add", include_in_schema=False)
    async def add_submit(request: Request) -> Response:

        async with request.form() as form:
            return await _add_from_form(request, form)

    async def _add_from_form(request: Request, form: Any) -> Response:
        from newsloom.service.app import ArticleIn

        if not csrf_ok(request.cookies.get(CSRF_COOKIE), str(form.get("csrf") or "")):
            return add_form("The form expired; please send it again.", 403)
        if not store().check_token(str(form.get("token") or "")):
            return add_form("That API token is not valid (see `newsloom token create`).", 401)
        upload = form.get("file")
        text = str(form.get("text") or "").strip()
        url = str(form.get("url") or "").strip() or None
        try:
            if isinstance(upload, UploadFile) and upload.filename:
                data = await upload.read()
                job = await run_in_threadpool(app.state.submit_upload, upload.filename, data)
            elif text or url:
                item = ArticleIn(
                    text=text or None, url=url, title=str(form.get("title") or "").strip() or None
                )
                job = await run_in_threadpool(app.state.submit_article, item)
            else:
                return add_form("Paste a text, give a URL or choose a file.", 422)
        except HTTPException as exc:
            return add_form(str(exc.detail), exc.status_code)
        except ValueError as exc:
            return add_form(str(exc).splitlines()[-1] if str(exc) else "That input is not valid.", 422)
        return RedirectResponse(f"/web/jobs/{job.id}", status_code=303)

    @app.get("/web/jobs/{job_id}", response_class=HTMLResponse, include_in_schema=False, dependencies=readers)
    def job_page(job_id: str) -> HTMLResponse:
        job = app.state.jobs.get(job_id)
        if job is None:
            return not_found("No such job.")
        stories = store().story_summaries(job.changed_stories) if job.status == "done" else []
        return page(render("job.html.j2", job=job, cards=story_cards(store(), stories)))
