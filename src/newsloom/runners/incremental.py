"""Incremental analysis: add articles to a store and re-analyse only the stories they change.

Each new article is ingested, cleaned and read once (the batch runner's per-article task) and
placed in a story by the store's online index; articles are handled in chunks, and a chunk is
one transaction under the store's write lock, so a crash (even ``kill -9``) loses at most the
chunk in flight, never leaves half of it, and running the same command again adds exactly what
is missing. A story (and a thread) a chunk changed is marked in the store as waiting for
analysis. Once every chunk is in, the story-level stages (the batch runner's per-story function:
read, compare, cross-check) run once for each marked story, and then the marked threads are
built again: a story a large ``add`` grows in every chunk is analysed once, not once per chunk.
A crash between the two leaves the marks, and the next ``add`` (of anything, even nothing new)
finishes them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from newsloom.config import AnalyzeConfig
from newsloom.model import Article, ExactDuplicate, InputProblem, Story
from newsloom.pipeline.compare.cluster import article_features
from newsloom.pipeline.ingest import IngestStats, load_inputs
from newsloom.pipeline.ingest.web import Fetcher, is_url, make_client
from newsloom.runners.local import ProgressCallback, _analyse_story, _clean_and_read_batch, _no_progress
from newsloom.storage.index import StoredStoryIndex
from newsloom.storage.repository import Store, _article_from_row, article_row, text_key, url_key
from newsloom.storage.tables import ArticleRow, StoryRow

# Articles per transaction: the most a crash can take back, and how many are placed at once
# (one neighbourhood clustered again per chunk, the main cost of a bulk add). Measured on 2,000
# generated articles (bench/store.py, CPU time, add/analyze throughput ratio): 64 -> 0.29,
# 256 -> 0.42, with story analysis deferred to the end of the add in both (0.48 at 256 once
# placing read fewer columns and analyses went in by bulk inserts); 512 -> placing 11.3 s of
# CPU instead of 15.4 (half the neighbourhoods clustered again), and the bulk store nearer the
# batch run: stories B3-F1 0.993 against analyze's, 0.981 at 256. A cost, not tuned on quality
# (articles added one at a time never reach it); 1,024 was not tried.
CHUNK = 512
# Stories analysed between two write transactions at the end of an add, and threads built per
# transaction: how long the write lock is held at a time.
FINISH_STORIES = 32
FINISH_THREADS = 200


@dataclass
class AddResult:
    """What one ``add`` did: articles stored, copies recognised, inputs refused, stories changed."""

    added: list[str] = field(default_factory=list)
    duplicates: list[ExactDuplicate] = field(default_factory=list)
    errors: list[InputProblem] = field(default_factory=list)
    changed_stories: list[str] = field(default_factory=list)


def _known(
    conn: Connection, column: InstrumentedAttribute[str | None], keys: Sequence[str]
) -> dict[str, str]:
    """Of ``keys`` (url or text hashes), those already stored, with the article holding each."""
    if not keys:
        return {}
    rows = conn.execute(select(column, ArticleRow.article_id).where(column.in_(list(keys))))
    return {r[0]: r[1] for r in rows}


def _free_id(session: Session, article: Article, key: str | None, pending: set[str], stored: set[str]) -> str:
    """The article's id, or (when another stored or pending article has it) the id with its
    text hash (then a counter). ``stored``: those of the chunk's own ids the store already has
    (looked up at once for the chunk; the rarer suffixed ids are looked up one by one)."""
    wanted, k = article.id, 1
    while (
        wanted in pending
        or (wanted == article.id and wanted in stored)
        or (
            wanted != article.id
            and session.scalar(select(ArticleRow.pk).where(ArticleRow.article_id == wanted))
        )
    ):
        k += 1
        suffix = (key or url_key(article.source))[:10]
        wanted = f"{article.id}-{suffix}" if k == 2 else f"{article.id}-{suffix}-{k}"
    return wanted


def _load(
    inputs: Sequence[str], config: AnalyzeConfig, store: Store, fetcher: Fetcher | None
) -> tuple[list[Article | InputProblem], list[ExactDuplicate]]:
    """Ingest paths and fetch URLs in the order given; URLs already stored are not fetched."""
    items: list[Article | InputProblem] = []
    duplicates: list[ExactDuplicate] = []
    urls = [i for i in inputs if is_url(i)]
    with store.engine.connect() as conn:
        stored = _known(conn, ArticleRow.url_hash, [url_key(u) for u in urls])
    client = None
    try:
        for value in inputs:
            if not is_url(value):
                items.extend(load_inputs([value], config.ingest, stats=IngestStats()))
                continue
            if url_key(value) in stored:
                duplicates.append(
                    ExactDuplicate(
                        id=stored[url_key(value)], source=value, duplicate_of=stored[url_key(value)]
                    )
                )
                continue
            if fetcher is None:
                client = make_client()
                fetcher = Fetcher(client)
            items.append(fetcher.page(value))
    finally:
        if client is not None:
            client.close()
    return items, duplicates


def _store_chunk(
    store: Store, cleaned: Sequence[Article | InputProblem], config: AnalyzeConfig, result: AddResult
) -> None:
    """One transaction: insert the new articles and place them (the stories they change are
    left marked for analysis)."""
    articles = [a for a in cleaned if isinstance(a, Article)]
    with store.write() as conn:
        url_keys = [url_key(a.url) for a in articles if a.url]
        text_keys = [k for k in (text_key(a) for a in articles) if k]
        by_url = _known(conn, ArticleRow.url_hash, url_keys)
        by_text = _known(conn, ArticleRow.text_hash, text_keys)
        changed: set[str] = set()
        added: list[str] = []
        placing: list[tuple[ArticleRow, Counter[str]]] = []
        pending: set[str] = set()
        stored = set(_known(conn, ArticleRow.article_id, [a.id for a in articles]))
        with Session(bind=conn, autoflush=False) as session:
            index = StoredStoryIndex(session, split=config.cluster)
            now = datetime.now(UTC)
            for item in cleaned:
                if isinstance(item, InputProblem):
                    result.errors.append(item)
                    continue
                tkey = text_key(item)
                ukey = url_key(item.url) if item.url else None
                first = (by_url.get(ukey) if ukey else None) or (by_text.get(tkey) if tkey else None)
                if first is not None:
                    result.duplicates.append(
                        ExactDuplicate(id=item.id, source=item.source, duplicate_of=first)
                    )
                    continue
                article = item.model_copy(update={"id": _free_id(session, item, tkey, pending, stored)})
                feats = article_features(article)
                row = article_row(article, dict(feats), now)
                session.add(row)
                placing.append((row, feats))
                added.append(article.id)
                pending.add(article.id)
                if ukey:
                    by_url[ukey] = article.id
                if tkey:
                    by_text[tkey] = article.id
            session.flush()
            # The chunk is placed at once: one neighbourhood clustered again, not one per article.
            changed |= index.place_many(placing)
            # Stories clustered while the store was much smaller, again with today's frequencies.
            changed |= index.refresh()
            session.flush()
        result.added.extend(added)
        result.changed_stories.extend(s for s in sorted(changed) if s not in result.changed_stories)


def _pending_stories(store: Store) -> list[str]:
    with store.engine.connect() as conn:
        return list(
            conn.scalars(
                select(StoryRow.story_id)
                .where(StoryRow.analysed_at.is_(None), StoryRow.size > 0)
                .order_by(StoryRow.story_id)
            )
        )


def _members(store: Store, sids: Sequence[str]) -> dict[str, list[ArticleRow]]:
    """The stories' articles as read, in the order they were added (read without the lock)."""
    found: dict[str, list[ArticleRow]] = {sid: [] for sid in sids}
    with Session(store.engine) as session:
        for row in session.scalars(
            select(ArticleRow).where(ArticleRow.story_id.in_(list(sids))).order_by(ArticleRow.pk)
        ):
            assert row.story_id is not None
            found[row.story_id].append(row)
        session.expunge_all()
    return found


def finish(store: Store, config: AnalyzeConfig, progress: ProgressCallback | None = None) -> int:
    """Analyse every story marked as waiting, then build every marked thread again; return how
    many stories were analysed.

    Stories are analysed outside the write lock, a few at a time, and stored under it only if
    their articles did not change meanwhile (a story another writer changed is left marked,
    for that writer to finish). Threads are built once their stories are analysed.
    """
    progress = progress or _no_progress
    pending = _pending_stories(store)
    analysed = 0
    done = 0
    for start in range(0, len(pending), FINISH_STORIES):
        sids = pending[start : start + FINISH_STORIES]
        members = _members(store, sids)
        results = []
        for sid in sids:
            rows = members[sid]
            if not rows:
                continue
            articles = [_article_from_row(r, analysed=False) for r in rows]
            story, updated = _analyse_story(
                Story(id=sid, article_ids=[a.id for a in articles]), articles, config, None
            )
            results.append((sid, [r.pk for r in rows], story, updated))
        with store.write() as conn:
            for sid, pks, story, updated in results:
                row = conn.execute(select(StoryRow.analysed_at).where(StoryRow.story_id == sid)).first()
                now = list(
                    conn.scalars(
                        select(ArticleRow.pk).where(ArticleRow.story_id == sid).order_by(ArticleRow.pk)
                    )
                )
                if row is None or row[0] is not None or now != pks:
                    continue
                Store.save_story(conn, story, updated)
                analysed += 1
        done += len(sids)
        progress("analyse", done, len(pending))
    last: str | None = None
    while True:
        with store.write() as conn:
            last = Store.build_threads(conn, after=last, limit=FINISH_THREADS)
        if last is None:
            break
    return analysed


def add_to_store(
    store: Store,
    inputs: Iterable[str],
    config: AnalyzeConfig | None = None,
    progress: ProgressCallback | None = None,
    *,
    fetcher: Fetcher | None = None,
    chunk: int = CHUNK,
) -> AddResult:
    """Add files, directories, ``-`` and http(s) URLs to the store and update the stories they change.

    An article already stored (same URL, or same normalised text) is reported as a duplicate
    and changes nothing. Inputs that cannot be read are returned as ``errors``, as in
    ``analyze``; the rest still go in.

    >>> with Store("news.db") as store:  # doctest: +SKIP
    ...     add_to_store(store, ["today/"]).changed_stories
    """
    config = config or AnalyzeConfig()
    progress = progress or _no_progress
    inputs = list(inputs)
    items, url_duplicates = _load(inputs, config, store, fetcher)
    result = AddResult(duplicates=url_duplicates)
    loaded = [i for i in items if isinstance(i, Article)]
    result.errors.extend(i for i in items if isinstance(i, InputProblem))
    progress("read", len(items), len(items))
    done = 0
    for start in range(0, len(loaded), chunk):
        batch = loaded[start : start + chunk]
        _store_chunk(store, _clean_and_read_batch(batch, config), config, result)
        done += len(batch)
        progress("add", done, len(loaded))
    finish(store, config, progress)
    return result
