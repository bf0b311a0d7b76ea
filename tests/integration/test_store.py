"""The store: incremental add matches a batch analyze, duplicates change nothing, migrations
keep data, the read-back commands show what was stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fictional_news import fictional_articles, write_jsonl
from sqlalchemy import text
from typer.testing import CliRunner

from newsloom.cli import app
from newsloom.config import AnalyzeConfig
from newsloom.model import Report
from newsloom.runners import analyze
from newsloom.runners.incremental import add_to_store
from newsloom.storage import Store, current_revision, database_url, head_revision, upgrade
from newsloom.storage.database import make_engine

CONFIG = AnalyzeConfig(workers=1, nlp="rules", embeddings="lexical")
runner = CliRunner()


def _partition(groups: list[list[str]]) -> set[frozenset[str]]:
    return {frozenset(g) for g in groups}


def test_adding_examples_gives_the_batch_stories_and_origins(db_url: str, examples_dir: Path) -> None:
    batch = analyze([examples_dir], CONFIG)
    with Store(db_url) as store:
        result = add_to_store(store, [str(examples_dir)], CONFIG)
        stories = store.stories()
    assert sorted(result.added) == sorted(a.id for a in batch.articles)
    assert _partition([s.article_ids for s in stories]) == _partition([s.article_ids for s in batch.stories])
    ours = {frozenset(s.article_ids): s for s in stories}
    for theirs in batch.stories:
        mine = ours[frozenset(theirs.article_ids)]
        assert _partition(mine.origin_groups or []) == _partition(theirs.origin_groups or [])
        assert len(mine.claims or []) == len(theirs.claims or [])
        assert {d.kind for d in mine.discrepancies or []} == {d.kind for d in theirs.discrepancies or []}


def test_adding_the_same_articles_again_changes_nothing(db_url: str, tmp_path: Path) -> None:
    records = fictional_articles(12)
    first = write_jsonl(tmp_path / "first.jsonl", records)
    # The same texts under other ids and with other whitespace and case: still the same articles.
    renamed = [
        {**r, "id": "copy-" + r["id"], "url": r["url"] + "?ref=feed", "text": "  " + r["text"].upper()}
        for r in records
    ]
    again = write_jsonl(tmp_path / "again.jsonl", renamed)
    with Store(db_url) as store:
        added = add_to_store(store, [str(first)], CONFIG)
        before = [s.model_dump() for s in store.stories()]
        repeat = add_to_store(store, [str(first), str(again)], CONFIG)
        assert repeat.added == [] and repeat.changed_stories == []
        assert len(repeat.duplicates) == 24
        assert {d.duplicate_of for d in repeat.duplicates} == set(added.added)
        assert [s.model_dump() for s in store.stories()] == before
        assert store.count_articles() == 12


def test_an_article_added_later_joins_its_story_and_only_that_story_changes(
    db_url: str, tmp_path: Path
) -> None:
    records = fictional_articles(12, per_event=4)
    with Store(db_url) as store:
        add_to_store(store, [str(write_jsonl(tmp_path / "a.jsonl", records[:11]))], CONFIG)
        analysed = {s.id: s for s in store.stories()}
        late = add_to_store(store, [str(write_jsonl(tmp_path / "b.jsonl", records[11:]))], CONFIG)
        after = {s.id: s for s in store.stories()}
    assert len(late.changed_stories) == 1
    (changed,) = late.changed_stories
    assert records[11]["id"] in after[changed].article_ids
    assert {r["id"] for r in records[8:12]} <= set(after[changed].article_ids)
    for sid, story in analysed.items():
        if sid != changed:
            assert after[sid] == story


def test_same_file_stem_with_another_text_is_kept_under_a_new_id(db_url: str, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    (one / "report.txt").write_text("The Pannow ferry ran aground on Tuesday; 40 passengers were rescued.\n")
    (two / "report.txt").write_text("A cyclist crossed the Savrin plateau in record time on Friday.\n")
    with Store(db_url) as store:
        add_to_store(store, [str(one)], CONFIG)
        second = add_to_store(store, [str(two)], CONFIG)
        ids = store.article_ids()
    assert len(ids) == 2 and ids[0] == "report" and ids[1].startswith("report-")
    assert second.added == [ids[1]]


def test_full_text_search_finds_articles_by_their_words(db_url: str, tmp_path: Path) -> None:
    records = fictional_articles(8)
    with Store(db_url) as store:
        add_to_store(store, [str(write_jsonl(tmp_path / "a.jsonl", records))], CONFIG)
        town = records[0]["text"].split(" in ")[-1].split(".")[0]
        hits = store.search(f"{town} reporters")
        assert hits and {h.article_id for h in hits} <= {r["id"] for r in records if town in r["text"]}
        assert store.search("zyxwvut") == []
        assert store.search("   ") == []


def test_upgrading_an_old_store_keeps_its_articles_and_indexes_them(db_url: str) -> None:
    """Revision 0001 had no full-text index; upgrading adds it and indexes the stored articles."""
    engine = make_engine(database_url(db_url))
    assert upgrade(engine, "0001") == "0001"
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO stories (story_id, sections, centroid, size, created_at, updated_at) "
                "VALUES ('story-old', '{}', '{}', 1, '2030-01-01', '2030-01-01')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO articles (article_id, source, text_hash, title, raw, raw_text, text, removals, "
                "annotations, meta, features, story_id, added_at) VALUES ('old-1', 'old.txt', 'h1', "
                "'Lighthouse relit', '', '', 'The Quenby lighthouse was relit after forty years.', '[]', '{}', "
                "'{\"id\": \"old-1\", \"source\": \"old.txt\"}', '{}', 'story-old', '2030-01-01')"
            )
        )
    engine.dispose()
    with Store(db_url) as store:
        assert current_revision(store.engine) == head_revision()
        assert [h.article_id for h in store.search("lighthouse")] == ["old-1"]
        assert store.articles()[0].text.startswith("The Quenby lighthouse")
        assert store.story("story-old").article_ids == ["old-1"]
        # its story becomes a thread of one, built by the next add (of nothing new)
        add_to_store(store, [], CONFIG)
        assert [t.story_ids for t in store.threads()] == [["story-old"]]


def test_upgrading_a_store_with_stories_waiting_indexes_the_marks_and_finishes_them(
    db_url: str, tmp_path: Path
) -> None:
    """Revision 0006 indexes only the stories waiting for analysis and the threads waiting to be
    built (what every add looks for at its end); a store upgraded while some wait still finishes
    them, and the indexes then hold none."""
    from sqlalchemy import inspect

    records = fictional_articles(8)
    with Store(db_url) as store:
        add_to_store(store, [str(write_jsonl(tmp_path / "a.jsonl", records))], CONFIG)
        with store.write() as conn:
            # a store of revision 0005 holding data (without the summary columns of 0007 and
            # 0008, the thread members of 0009 and the lead days of 0010) ...
            conn.execute(text("ALTER TABLE stories DROP COLUMN summary"))
            conn.execute(text("ALTER TABLE stories DROP COLUMN thread_summary"))
            conn.execute(text("DROP TABLE thread_changes"))
            conn.execute(text("ALTER TABLE threads DROP COLUMN members"))
            conn.execute(text("ALTER TABLE articles DROP COLUMN lead_on"))
            conn.execute(text("ALTER TABLE articles DROP COLUMN lead_published"))
            for index in ("ix_stories_pending", "ix_threads_unbuilt", "ix_stories_clustered_docs"):
                conn.execute(text(f"DROP INDEX {index}"))
            conn.execute(text("ALTER TABLE stories DROP COLUMN clustered_docs"))
            conn.execute(text("UPDATE alembic_version SET version_num = '0005_jobs'"))
            # ... with its stories and threads left waiting, as a kill before an add's end leaves them
            conn.execute(text("UPDATE stories SET analysed_at = NULL"))
            conn.execute(text("UPDATE threads SET built_at = NULL"))
    with Store(db_url) as store:
        indexes = {
            table: {ix["name"] for ix in inspect(store.engine).get_indexes(table)}
            for table in ("stories", "threads")
        }
        assert "ix_stories_pending" in indexes["stories"]
        assert "ix_threads_unbuilt" in indexes["threads"]
        add_to_store(store, [], CONFIG)
        with store.engine.connect() as conn:
            waiting = conn.execute(
                text("SELECT count(*) FROM stories WHERE analysed_at IS NULL AND size > 0")
            ).scalar()
            unbuilt = conn.execute(text("SELECT count(*) FROM threads WHERE built_at IS NULL")).scalar()
        assert (waiting, unbuilt) == (0, 0)
        assert all(s.claims is not None for s in store.stories())
        assert store.threads()


def test_cli_add_stories_show_export(db_url: str, examples_dir: Path, tmp_path: Path) -> None:
    args = ["--db", db_url]
    added = runner.invoke(app, ["add", str(examples_dir), *args, "--nlp", "rules", "--embeddings", "lexical"])
    assert added.exit_code == 0, added.output
    assert "added 8 article(s)" in added.stdout
    listed = runner.invoke(app, ["stories", *args, "--json"])
    stories = json.loads(listed.stdout)
    assert {len(s["article_ids"]) for s in stories} == {7, 1}
    big = next(s for s in stories if len(s["article_ids"]) == 7)
    assert big["discrepancies"] and big["briefing"] and big["claims"]
    assert runner.invoke(app, ["stories", *args, "--since", "2999-01-01", "--json"]).stdout.strip() == "[]"
    threads = json.loads(runner.invoke(app, ["stories", *args, "--threads", "--json"]).stdout)
    assert sorted(sid for t in threads for sid in t["story_ids"]) == sorted(s["id"] for s in stories)
    assert "threads" in runner.invoke(app, ["stories", *args, "--threads"]).stdout
    shown = runner.invoke(app, ["show", big["id"], *args])
    assert shown.exit_code == 0
    assert "Briefing" in shown.stdout and "Discrepancies" in shown.stdout
    assert big["discrepancies"][0]["kind"] in shown.stdout
    missing = runner.invoke(app, ["show", "story-nope", *args])
    assert missing.exit_code == 2
    out = tmp_path / "export"
    exported = runner.invoke(app, ["export", *args, "--story", big["id"], "--out", str(out)])
    assert exported.exit_code == 0
    report = json.loads((out / "report.json").read_text())
    assert [s["id"] for s in report["stories"]] == [big["id"]]
    assert {a["id"] for a in report["articles"]} == set(big["article_ids"])
    assert (out / "report.html").stat().st_size > 0 and (out / "report.md").stat().st_size > 0
    whole = runner.invoke(app, ["export", *args, "--out", str(tmp_path / "all"), "--format", "json"])
    assert whole.exit_code == 0
    exported_all = json.loads((tmp_path / "all" / "report.json").read_text())
    assert len(exported_all["articles"]) == 8
    assert sorted(t["id"] for t in exported_all["threads"]) == sorted(t["id"] for t in threads)


def test_bad_inputs_are_reported_one_by_one_and_the_rest_is_stored(db_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "The Lirrel tram depot reopened on Monday after repairs, the city said.\n"
    )
    (folder / "empty.txt").write_text("   \n")
    (folder / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (folder / "broken.jsonl").write_text('{"id": "x", "text": "A fine record about Ostrick."}\n{not json\n')
    result = runner.invoke(
        app, ["add", str(folder), "--db", db_url, "--nlp", "rules", "--embeddings", "lexical"]
    )
    assert result.exit_code == 1
    batch = analyze([folder], CONFIG)
    assert len(batch.errors) == 3
    for problem in batch.errors:
        assert problem.message in result.stderr.replace("\n", "") or problem.path in result.stderr
    with Store(db_url) as store:
        assert sorted(store.article_ids()) == sorted(a.id for a in batch.articles)


@pytest.mark.parametrize("bad", ["ftp://example.org/x.db", "sqlite+nodriver:///x.db"])
def test_unusable_database_urls_say_what_to_do(bad: str) -> None:
    result = runner.invoke(app, ["stories", "--db", bad])
    assert result.exit_code == 2
    assert "database" in result.stderr.lower() or "driver" in result.stderr.lower()


def _two_events_one_subject() -> list[dict[str, str]]:
    """Two events about the same bridge, told by six made-up outlets each, interleaved."""
    outlets = ["Courier", "Ledger", "Post", "Radio", "Daily", "Herald"]
    closure = (
        "The Vellmar river bridge was closed on Monday, March 3, after engineer Ilse Brandt found "
        "corroded cables; {n} workers began repairs and traffic was sent through Ostrick, the {o} reports. "
        "Brandt said the cables had not been replaced since 1988."
    )
    concert = (
        "Thousands crossed the reopened Vellmar river bridge on Saturday, June 21, when mayor Tomas "
        "Lindqvist cut a ribbon before a concert by the Pannow brass band, the {o} reports. About "
        "{n} visitors came, and fireworks closed the evening."
    )
    out = []
    for k, outlet in enumerate(outlets):
        out.append({"id": f"closure-{k}", "text": closure.format(n=40 + k % 2, o=outlet)})
        out.append({"id": f"concert-{k}", "text": concert.format(n=2000 + 100 * (k % 3), o=outlet)})
    return out


def test_adding_one_at_a_time_splits_a_subject_into_its_events_as_batch_does(tmp_path: Path) -> None:
    records = _two_events_one_subject()
    files = [write_jsonl(tmp_path / f"{k:02d}.jsonl", [r]) for k, r in enumerate(records)]
    batch = analyze(files, CONFIG)
    with Store(str(tmp_path / "s.db")) as store:
        for path in files:
            add_to_store(store, [str(path)], CONFIG)
        stories = store.stories()
    assert _partition([s.article_ids for s in stories]) == _partition([s.article_ids for s in batch.stories])
    assert len(stories) == 2


def _threads(report: Report) -> set[frozenset[frozenset[str]]]:
    """Each thread as the set of its stories, each story as the set of its articles."""
    members = {s.id: frozenset(s.article_ids) for s in report.stories}
    return {frozenset(members[sid] for sid in t.story_ids) for t in report.threads}


def _ferry_strike() -> list[dict[str, str]]:
    """An unrelated event, told by three made-up outlets."""
    text = (
        "Crews of the Quenby ferry line stopped work on Wednesday over unpaid overtime, union "
        "organiser Piet Haldane told the {o}. {n} crossings were cancelled and the harbour office "
        "said talks would resume on Friday."
    )
    return [
        {"id": f"ferry-{k}", "text": text.format(o=o, n=14 + k)}
        for k, o in enumerate(["Courier", "Ledger", "Post"])
    ]


def _closure_and_reopening() -> list[dict[str, str]]:
    """One running story told by six made-up outlets: a bridge closed in March, reopened in June
    by the same mayor, engineer and yard."""
    closure = (
        "Mayor Tomas Lindqvist closed the Vellmar river bridge on Monday, March 3, after engineer "
        "Ilse Brandt found corroded cables in its northern span, the {o} reports. {n} repair workers "
        "of the Ostrick yard began replacing the cables, and Lindqvist said the Vellmar bridge would "
        "stay shut for weeks."
    )
    reopening = (
        "Mayor Tomas Lindqvist reopened the Vellmar river bridge on Saturday, June 21, after engineer "
        "Ilse Brandt signed off the new cables in its northern span, the {o} reports. About {n} "
        "people walked across behind the Pannow brass band, and Lindqvist thanked the Ostrick yard "
        "for finishing early."
    )
    out = []
    for k, outlet in enumerate(["Courier", "Ledger", "Post", "Radio", "Daily", "Herald"]):
        out.append({"id": f"closure-{k}", "text": closure.format(n=40 + k % 2, o=outlet)})
        out.append({"id": f"reopen-{k}", "text": reopening.format(n=2000 + 100 * (k % 3), o=outlet)})
    return out


def test_adding_one_at_a_time_threads_the_events_of_one_subject_as_batch_does(tmp_path: Path) -> None:
    """The closure and the reopening of one bridge are two stories of one thread; the ferry
    strike is a thread of its own, in the store as in a batch run."""
    records = _closure_and_reopening()
    records[6:6] = _ferry_strike()
    files = [write_jsonl(tmp_path / f"{k:02d}.jsonl", [r]) for k, r in enumerate(records)]
    batch = analyze(files, CONFIG)
    with Store(str(tmp_path / "s.db")) as store:
        for path in files:
            add_to_store(store, [str(path)], CONFIG)
        stored = store.report()
        listed = store.threads()
    assert _threads(stored) == _threads(batch)
    bridge = next(t for t in stored.threads if len(t.story_ids) == 2)
    assert {a.split("-")[0] for s in stored.stories if s.id in bridge.story_ids for a in s.article_ids} == {
        "closure",
        "reopen",
    }
    # in date order, as a batch thread: the March closure before the June reopening
    first = next(s for s in stored.stories if s.id == bridge.story_ids[0])
    assert all(a.startswith("closure") for a in first.article_ids)
    theirs = {t.id: t for t in batch.threads}
    for mine in stored.threads:
        assert (mine.title, mine.timeline) == (theirs[mine.id].title, theirs[mine.id].timeline)
    assert {t.id for t in listed} == {t.id for t in stored.threads}
    assert len(stored.threads) == 2


def test_a_later_event_joins_its_thread_and_other_threads_stay(db_url: str, tmp_path: Path) -> None:
    records = _closure_and_reopening()
    closures = [r for r in records if r["id"].startswith("closure")]
    reopenings = [r for r in records if r["id"].startswith("reopen")]
    with Store(db_url) as store:
        add_to_store(store, [str(write_jsonl(tmp_path / "a.jsonl", closures + _ferry_strike()))], CONFIG)
        before = {t.id: t for t in store.threads()}
        add_to_store(store, [str(write_jsonl(tmp_path / "b.jsonl", reopenings))], CONFIG)
        after = {t.id: t for t in store.threads()}
        stories = store.stories()
    assert len(before) == 2 and len(after) == 2
    # every story is in exactly one thread
    assert sorted(sid for t in after.values() for sid in t.story_ids) == sorted(s.id for s in stories)
    (grown,) = [t for t in after.values() if t.id not in before]
    assert len(grown.story_ids) == 2
    (kept,) = [t for t in after.values() if t.id in before]
    assert kept == before[kept.id] and len(kept.story_ids) == 1


# Two reports of one event whose details differ in almost every word: while the store holds two
# articles every word counts (none is seen twice), and the two look unrelated; among sixty
# articles the words seen once are dropped, and what they share (place, ship, person, figure)
# makes them one story, as batch clustering finds.
_FERRY_A = {
    "id": "ferry-a",
    "title": "Ferry aground at Brackwater",
    "text": "The Brackwater ferry Saint Odile ran aground on Tuesday with 212 passengers aboard, harbour "
    "master Ilse Varga said. Gulls circled while tugboats strained against ebbing currents; onlookers "
    "gathered along crumbling sandstone quays, photographing rusted bollards. Volunteers distributed "
    "blankets, thermoses and biscuits inside the chilly terminal cafeteria.",
}
_FERRY_B = {
    "id": "ferry-b",
    "title": "Brackwater ferry stuck on sandbank",
    "text": "Harbour master Ilse Varga said the Saint Odile ferry, carrying 212 passengers, stuck fast near "
    "Brackwater on Tuesday. Engineers inspected propeller shafts, ballast pumps and hull plating; divers "
    "surveyed barnacled keel sections beneath murky water. Insurers, lawyers and maritime inspectors "
    "convened at a lighthouse hotel overnight.",
}
# Another event, elsewhere, with other people, figures and words: batch keeps it apart, and
# clustering the early stories again must not bring it in.
_HARVEST_C = {
    "id": "harvest-c",
    "title": "Record apricot harvest in Hallow Vale",
    "text": "Orchard growers in Hallow Vale picked a record 9,300 crates of apricots this season, "
    "cooperative chair Devi Anand announced on Saturday. Warm spring nights and fewer hailstorms "
    "helped; pickers from three valleys were housed in converted barns until the last week of July.",
}


def _story_of(stories: list[list[str]], article_id: str) -> list[str]:
    return sorted(next(s for s in stories if article_id in s))


@pytest.mark.parametrize(("second", "together"), [(_FERRY_B, True), (_HARVEST_C, False)])
def test_stories_placed_while_the_store_was_tiny_are_clustered_again_once_it_has_grown(
    db_url: str, tmp_path: Path, second: dict[str, str], together: bool
) -> None:
    first = write_jsonl(tmp_path / "first.jsonl", [_FERRY_A])
    other = write_jsonl(tmp_path / "second.jsonl", [second])
    rest = write_jsonl(tmp_path / "rest.jsonl", fictional_articles(60, seed=3))
    batch = analyze([first, other, rest], CONFIG)
    expected = ["ferry-a", second["id"]] if together else ["ferry-a"]
    assert _story_of([s.article_ids for s in batch.stories], "ferry-a") == expected
    with Store(db_url) as store:
        add_to_store(store, [str(first)], CONFIG)
        add_to_store(store, [str(other)], CONFIG)
        # two articles alone: every word counts, and the two reports stay apart
        assert _story_of([s.article_ids for s in store.stories()], "ferry-a") == ["ferry-a"]
        add_to_store(store, [str(rest)], CONFIG)
        assert _story_of([s.article_ids for s in store.stories()], "ferry-a") == expected
