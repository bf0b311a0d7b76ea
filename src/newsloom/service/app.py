"""The FastAPI application: the JSON API (this module) and the web app (``web.py``).

Every answer that is an error is an RFC 9457 problem (``application/problem+json``). Reads are
open unless the configuration asks for a token; writes always need ``Authorization: Bearer``
with a token from ``newsloom token create``. Adding runs on a background worker and answers
at once with a job to poll.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel, Field, TypeAdapter, model_validator
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import MutableHeaders, UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsloom._version import __version__
from newsloom.config import AnalyzeConfig
from newsloom.model import Article, Story, Thread
from newsloom.service.cache import PageCache, entity_tag, not_modified
from newsloom.service.jobs import Job, JobQueue, RecordedJobs, spool
from newsloom.service.pages import PageShelf, shelf_path
from newsloom.service.security import (
    CONTENT_SECURITY_POLICY,
    DOCS_POLICY,
    SECURITY_HEADERS,
    UnsafeURL,
    check_fetch_url,
    is_http_url,
)
from newsloom.service.timing import begin_request, mark_queue, span
from newsloom.storage import Store

PROBLEM = "application/problem+json"
# The largest request body accepted (bytes): a JSONL upload of a few thousand articles.
MAX_BODY = 16 * 1024 * 1024
# The largest single article posted as JSON (characters of text or HTML).
MAX_ARTICLE_CHARS = 2_000_000
MAX_PAGE = 100
# Threads per page of ``GET /threads`` unless asked for fewer (it listed them all before paging).
MAX_THREAD_PAGE = 500


@dataclass(frozen=True)
class ServiceConfig:
    """How the service runs: its store, limits, and what it lets clients do."""

    db: str | None = None
    max_body: int = MAX_BODY
    # Let "add URL" fetch loopback and private addresses (a newsroom intranet; tests).
    allow_private_urls: bool = False
    # Ask for a token on reads as well as writes.
    read_token_required: bool = False
    nlp: str = "rules"
    embeddings: str = "lexical"
    # One server process among several (``newsloom serve --workers N``): the process that runs
    # every process's add jobs (its ``JobQueue.identity``), for which this one only records
    # them. None: this process runs its jobs in its own worker.
    job_runner: str | None = None
    # Render ahead, in the add worker between jobs, the page of every story that has none kept
    # (service/pages.py; SQLite stores). ``newsloom serve`` turns it on; jobs render the pages
    # of the stories they change either way.
    render_ahead: bool = False


def analyze_config(config: ServiceConfig) -> AnalyzeConfig:
    """How the service's add jobs analyse articles."""
    return AnalyzeConfig(workers=1, nlp=config.nlp, embeddings=config.embeddings)  # type: ignore[arg-type]


# --- problem details --------------------------------------------------------------------------


def problem(status: int, title: str, detail: str | None = None, **extra: Any) -> JSONResponse:
    """An RFC 9457 problem details answer."""
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    500: "Internal Server Error",
}


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None


PROBLEMS: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "content": {PROBLEM: {}}} for code in (400, 401, 404, 413, 415, 422)
}


class BodyLimit:
    """ASGI middleware refusing request bodies over ``limit`` bytes with 413, declared or not."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        too_big = problem(413, "Content Too Large", f"request bodies are limited to {self.limit} bytes")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await too_big(scope, receive, send)
            return
        # Read the body first (at most ``limit`` bytes are held), then replay it to the app.
        chunks: list[bytes] = []
        seen = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                await self.app(scope, _replay([message]), send)
                return
            chunk = message.get("body", b"")
            seen += len(chunk)
            if seen > self.limit:
                await too_big(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        await self.app(
            scope, _replay([{"type": "http.request", "body": body, "more_body": False}], receive), send
        )


class ResponseHeaders:
    """ASGI middleware adding the security headers (each answer's Content-Security-Policy
    unless the route set its own) and ``Server-Timing: app;dur=...`` (how long the app took
    until the answer started, apart from waiting to be scheduled), followed by the spans the
    route recorded (``service/timing.py``).

    Plain ASGI rather than ``@app.middleware("http")``: Starlette's BaseHTTPMiddleware runs
    every request through a task group and memory streams on the event loop, work that
    queues up in front of every request under load.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        timings = begin_request()
        docs = scope.get("path") in ("/docs", "/docs/oauth2-redirect", "/redoc")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Server-Timing"] = timings.header((time.perf_counter() - timings.started) * 1000)
                if "content-security-policy" not in headers:
                    headers["Content-Security-Policy"] = DOCS_POLICY if docs else CONTENT_SECURITY_POLICY
                for name, value in SECURITY_HEADERS.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _replay(messages: list[Message], then: Receive | None = None) -> Receive:
    """A ``receive`` that gives ``messages`` first, then waits on ``then`` (a disconnect)."""
    pending = list(messages)

    async def receive() -> Message:
        if pending:
            return pending.pop(0)
        if then is not None:
            return await then()
        return {"type": "http.disconnect"}

    return receive


# --- request and answer models --------------------------------------------------------------


class ArticleIn(BaseModel):
    """An article to add: its text or HTML (with optional metadata), or a URL to fetch."""

    text: str | None = Field(default=None, max_length=MAX_ARTICLE_CHARS, description="plain text")
    html: str | None = Field(default=None, max_length=MAX_ARTICLE_CHARS, description="an HTML page")
    url: str | None = Field(
        default=None,
        max_length=4000,
        description="where the article was published; with no text or HTML, the page to fetch",
    )
    title: str | None = Field(default=None, max_length=2000)
    site: str | None = Field(default=None, max_length=300)
    published: date | None = None
    id: str | None = Field(default=None, max_length=200, pattern=r"^[\w.\-]+$")

    @model_validator(mode="after")
    def _something(self) -> ArticleIn:
        if not ((self.text and self.text.strip()) or (self.html and self.html.strip()) or self.url):
            raise ValueError('give "text", "html" or a "url" to fetch')
        if self.url is not None and not is_http_url(self.url):
            raise ValueError('"url" must be an http(s) URL')
        return self


class JobOut(BaseModel):
    """An add job: poll ``/jobs/{id}`` until ``status`` is done or failed."""

    id: str
    status: Literal["queued", "running", "done", "failed"]
    added: list[str]
    duplicates: list[str]
    errors: list[dict[str, str]]
    changed_stories: list[str]
    message: str | None = None


class ArticleOut(BaseModel):
    """An article as stored (clean text, removals, language, credits) and the story it is in."""

    article: Article
    story_id: str | None
    name: str


class StoryPage(BaseModel):
    """A page of stories; pass ``next_cursor`` as ``cursor`` for the next one (null: the last)."""

    items: list[Story]
    next_cursor: str | None


class SearchHitOut(BaseModel):
    article_id: str
    name: str
    story_id: str | None


_SEARCH_HITS = TypeAdapter(list[SearchHitOut])


def article_name(title: str | None, site: str | None, article_id: str) -> str:
    """How people call an article: "Site: Title" (the id only when it has neither)."""
    if title and site:
        return f"{site}: {title}"
    return title or site or article_id


def _job_out(job: Job) -> JobOut:
    return JobOut.model_validate(
        {k: v for k, v in asdict(job).items() if k in JobOut.model_fields},
    )


async def the_store(request: Request) -> Store:
    """The service's store (a dependency of the routes). Async: FastAPI runs a plain function
    dependency on a worker thread, one more wait for a thread and the interpreter lock before
    the route's own."""
    return request.app.state.store


StoreDep = Annotated[Store, Depends(the_store)]


# --- the application --------------------------------------------------------------------------


def _open_shelf(store_url: str) -> PageShelf | None:
    """The pages the add worker renders ahead (:mod:`newsloom.service.pages`), when the store
    keeps them (SQLite) and the file can be opened; else None (pages are rendered when read)."""
    path = shelf_path(store_url)
    if path is None:
        return None
    try:
        return PageShelf(path)
    except sqlite3.Error:
        return None


def create_app(config: ServiceConfig | None = None, *, store: Store | None = None) -> FastAPI:
    """The service for one store (``config.db``, else ``$NEWSLOOM_DB``, else ./newsloom.db)."""
    config = config or ServiceConfig()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.jobs.shutdown()
        if own_store:
            app.state.store.close()

    own_store = store is None
    # FastAPIOffline: /docs and /redoc from JavaScript shipped in a package, not from a CDN.
    app = FastAPIOffline(
        title="newsloom",
        version=__version__,
        description="Stories, independent origins, claims and discrepancies over a newsloom store.",
        lifespan=lifespan,
    )
    app.state.store = store if store is not None else Store(config.db)
    app.state.jobs = (
        JobQueue(app.state.store, analyze_config(config), allow_private_urls=config.allow_private_urls)
        if config.job_runner is None
        else RecordedJobs(app.state.store, config.job_runner)
    )
    app.state.page_cache = PageCache()
    app.state.page_shelf = _open_shelf(app.state.store.url)
    if config.render_ahead and isinstance(app.state.jobs, JobQueue):
        app.state.jobs.render_missing_pages()
    app.state.config = config

    def bearer(request: Request) -> str | None:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        return token.strip() if scheme.lower() == "bearer" and token.strip() else None

    def need_token(request: Request) -> None:
        mark_queue()
        token = bearer(request)
        with span("token"):
            valid = token is not None and app.state.store.check_token(token)
        if not valid:
            raise HTTPException(401, "send a valid API token as 'Authorization: Bearer <token>'")

    async def may_read(request: Request) -> None:
        # Async, so that an open read (the default) makes no trip to a worker thread before its
        # route's own: under load each trip waits for a thread and the interpreter lock (the
        # "queue" span of Server-Timing; bench/serve.py prints it).
        if config.read_token_required:
            await run_in_threadpool(need_token, request)

    app.state.need_token = need_token
    app.state.bearer = bearer

    @app.exception_handler(StarletteHTTPException)
    async def _http_problem(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else None
        return problem(exc.status_code, _TITLES.get(exc.status_code, "Error"), detail)

    @app.exception_handler(RequestValidationError)
    async def _validation_problem(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors()
        ]
        return problem(422, "Unprocessable Content", "the request does not validate", errors=errors)

    @app.exception_handler(Exception)
    async def _server_problem(request: Request, exc: Exception) -> Response:
        return problem(500, "Internal Server Error", "the server failed; see its log")

    app.add_middleware(ResponseHeaders)
    app.add_middleware(BodyLimit, limit=config.max_body)

    def submit_inputs(inputs: list[str], cleanup: Path | None) -> Job:
        with span("record"):
            return app.state.jobs.submit(inputs, cleanup)

    app.state.submit_inputs = submit_inputs

    def submit_article(item: ArticleIn) -> Job:
        if not (item.text or item.html):
            assert item.url is not None
            try:
                url = check_fetch_url(item.url, allow_private=config.allow_private_urls)
            except UnsafeURL as exc:
                raise HTTPException(422, str(exc)) from None
            return submit_inputs([url], None)
        record = item.model_dump(mode="json", exclude_none=True)
        with span("spool"):
            path, folder = spool("article.jsonl", (json.dumps(record, ensure_ascii=False) + "\n").encode())
        return submit_inputs([str(path)], folder)

    app.state.submit_article = submit_article

    def submit_upload(name: str, data: bytes) -> Job:
        suffix = Path(name or "upload.jsonl").suffix.lower()
        if suffix not in (".jsonl", ".txt", ".html", ".htm", ".md"):
            raise HTTPException(415, "upload a .jsonl, .txt, .md or .html file")
        stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in Path(name).stem)[:80] or "upload"
        path, folder = spool(stem + suffix, data)
        return submit_inputs([str(path)], folder)

    app.state.submit_upload = submit_upload

    @app.post(
        "/articles",
        status_code=202,
        response_model=JobOut,
        dependencies=[Depends(need_token)],
        responses=PROBLEMS,
        openapi_extra={
            "requestBody": {
                "content": {
                    "application/json": {"schema": ArticleIn.model_json_schema()},
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "properties": {"file": {"type": "string", "format": "binary"}},
                            "required": ["file"],
                        }
                    },
                },
                "required": True,
            }
        },
    )
    async def add_articles(request: Request, response: Response) -> JobOut:
        """Add an article (JSON text or HTML, or a URL to fetch) or upload a JSONL/text/HTML file.

        Answers at once with a job; poll ``GET /jobs/{id}``.
        """
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype == "application/json":
            try:
                data = await request.json()
            except ValueError:
                raise HTTPException(400, "the body is not valid JSON") from None
            try:
                item = ArticleIn.model_validate(data)
            except ValueError as exc:
                raise RequestValidationError(getattr(exc, "errors", list)()) from None
            # Recording the job waits for the store's write lock: off the event loop.
            job = await run_in_threadpool(submit_article, item)
        elif ctype == "multipart/form-data":
            async with request.form() as form:
                upload = form.get("file")
                if not isinstance(upload, UploadFile):
                    raise HTTPException(422, 'send the file in a form field named "file"')
                data = await upload.read()
                job = await run_in_threadpool(submit_upload, upload.filename or "upload.jsonl", data)
        else:
            raise HTTPException(415, "send application/json or multipart/form-data")
        response.headers["Location"] = f"/jobs/{job.id}"
        return _job_out(job)

    @app.get("/jobs/{job_id}", response_model=JobOut, responses=PROBLEMS, dependencies=[Depends(may_read)])
    def get_job(job_id: str) -> Response:
        """An add job's state and, once done, what it added and which stories it changed."""
        job = app.state.jobs.get(job_id)
        if job is None:
            raise HTTPException(404, f"no job {job_id!r}")
        # Serialised here: a model returned by a plain route is validated on one more worker
        # thread trip (FastAPI's serialize_response).
        return Response(_job_out(job).model_dump_json(), media_type="application/json")

    @app.get(
        "/articles/{article_id}",
        response_model=ArticleOut,
        responses=PROBLEMS,
        dependencies=[Depends(may_read)],
    )
    def get_article(article_id: str, store: StoreDep) -> ArticleOut:
        """An article: clean text, removals with their reasons, language, credits, its story."""
        found = store.articles([article_id])
        if not found:
            raise HTTPException(404, f"no article {article_id!r}")
        art = found[0]
        return ArticleOut(
            article=art, story_id=store.story_of(article_id), name=article_name(art.title, art.site, art.id)
        )

    @app.get("/stories", response_model=StoryPage, responses=PROBLEMS, dependencies=[Depends(may_read)])
    def list_stories(
        store: StoreDep,
        since: Annotated[date | None, Query(description="only stories updated on or after this day")] = None,
        q: Annotated[
            str | None, Query(max_length=500, description="stories with an article matching")
        ] = None,
        discrepancies: Annotated[bool, Query(description="only stories with a discrepancy")] = False,
        min_origins: Annotated[int, Query(ge=0, le=10_000, description="at least this many origins")] = 0,
        cursor: Annotated[
            str | None, Query(max_length=64, description="next_cursor of the last page")
        ] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20,
        order: Annotated[
            Literal["started", "updated"],
            Query(
                description='"started" (the default): oldest first, in the order the stories were '
                'started, a stable order for paging through the store; "updated": newest first, the '
                "most recently updated story first (then the most recently started), as the home page "
                "lists them"
            ),
        ] = "started",
    ) -> StoryPage:
        """Stories, filtered, one page at a time: by default in the order they were started
        (oldest first, so that paging with the cursor neither skips nor repeats a story while
        articles are added); with ``order=updated`` newest first: the most recently updated, then
        the most recently started, as the home page lists them (a story updated while you page
        moves to the front)."""
        try:
            items, nxt = store.story_page(
                since=since,
                query=q,
                with_discrepancies=discrepancies,
                min_origins=min_origins,
                after=cursor,
                limit=limit,
                order=order,
            )
        except KeyError:
            raise HTTPException(400, f"unknown cursor {cursor!r}") from None
        return StoryPage(items=items, next_cursor=nxt)

    @app.get(
        "/stories/{story_id}",
        response_model=Story,
        responses={
            **PROBLEMS,
            200: {
                "description": "The story",
                "headers": {
                    "ETag": {
                        "description": "the story's entity tag: send it back as `If-None-Match` and an "
                        "unchanged story is answered 304 with no body",
                        "schema": {"type": "string"},
                    }
                },
            },
            304: {"description": "Not Modified: the story is as the `If-None-Match` tag says"},
        },
        dependencies=[Depends(may_read)],
    )
    def get_story(story_id: str, store: StoreDep, request: Request) -> Response:
        """One story as the report contract has it. Answers carry an ``ETag``; a request whose
        ``If-None-Match`` names it is answered 304 Not Modified while the story is unchanged."""
        mark_queue()
        with span("revision"):
            revision = store.story_revision(story_id)
        if revision is None:
            raise HTTPException(404, f"no story {story_id!r}")
        key = ("story-json", story_id, revision)
        headers = {"ETag": entity_tag(*key), "Cache-Control": "no-cache"}
        if not_modified(request.headers.get("if-none-match"), headers["ETag"]):
            return Response(status_code=304, headers=headers)
        # Kept per revision like the story pages: an unchanged story is serialised once.
        body = app.state.page_cache.get(key)
        if body is None:
            try:
                with span("load"):
                    body = store.story(story_id).model_dump_json(by_alias=True)
            except KeyError:
                raise HTTPException(404, f"no story {story_id!r}") from None
            app.state.page_cache.put(key, body)
        return Response(body, media_type="application/json", headers=headers)

    @app.get(
        "/threads",
        response_model=list[Thread],
        responses={
            **PROBLEMS,
            200: {
                "description": "A page of threads, by thread id",
                "headers": {
                    "Link": {
                        "description": 'the next page, as `<URL>; rel="next"` (RFC 8288); absent on '
                        "the last page",
                        "schema": {"type": "string"},
                    }
                },
            },
        },
        dependencies=[Depends(may_read)],
    )
    def list_threads(
        store: StoreDep,
        request: Request,
        response: Response,
        cursor: Annotated[
            str | None, Query(max_length=64, description='from the "next" link of the last page')
        ] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_THREAD_PAGE)] = MAX_THREAD_PAGE,
    ) -> list[Thread]:
        """The running stories (threads), each grouping event stories, by thread id, one page at
        a time: the answer stays a list of threads, and a ``Link`` header names the next page
        (``rel="next"``; none on the last)."""
        try:
            threads, nxt = store.thread_page(after=cursor, limit=limit, min_stories=1, order="id")
        except KeyError:
            raise HTTPException(400, f"unknown cursor {cursor!r}") from None
        if nxt is not None:
            following = request.url.include_query_params(cursor=nxt, limit=limit)
            response.headers["Link"] = f'<{following}>; rel="next"'
        return threads

    @app.get(
        "/search", response_model=list[SearchHitOut], responses=PROBLEMS, dependencies=[Depends(may_read)]
    )
    def search(
        store: StoreDep,
        q: Annotated[str, Query(min_length=1, max_length=500)],
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20,
    ) -> Response:
        """Articles whose title or text hold every word of ``q``, best first."""
        mark_queue()
        with span("search"):
            hits = store.search(q, limit=limit)
        found = [
            SearchHitOut(
                article_id=h.article_id,
                name=article_name(h.title, h.site, h.article_id),
                story_id=h.story_id,
            )
            for h in hits
        ]
        # Serialised here, not by FastAPI on one more worker thread trip (see get_job).
        return Response(_SEARCH_HITS.dump_json(found), media_type="application/json")

    @app.get("/export", responses={**PROBLEMS, 200: {"content": {"text/markdown": {}, "text/html": {}}}})
    def export(
        store: StoreDep,
        request: Request,
        story: Annotated[str | None, Query(max_length=64)] = None,
        format: Annotated[Literal["json", "md", "html"], Query()] = "json",
    ) -> Response:
        """The store (or one story) as a report: the report contract, Markdown or the HTML page."""
        if config.read_token_required:
            need_token(request)
        from newsloom.pipeline.report import render

        try:
            report = store.report(story)
        except KeyError:
            raise HTTPException(404, f"no story {story!r}") from None
        if format == "json":
            return Response(render(report, "json"), media_type="application/json")
        if format == "md":
            return PlainTextResponse(render(report, "md"), media_type="text/markdown; charset=utf-8")
        page = render(report, "html")
        # The report page carries its own stricter policy (its one script's hash) in a meta tag;
        # served, it gets the same policy as a header.
        from newsloom.service.web import report_policy

        return Response(
            page, media_type="text/html", headers={"Content-Security-Policy": report_policy(page)}
        )

    from newsloom.service.web import mount_web

    mount_web(app)
    return app
