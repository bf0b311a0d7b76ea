"""Corroboration per claim: articles whose claim sentences derive from one upstream text count once."""

from __future__ import annotations

from newsloom.config import AnalyzeConfig
from newsloom.model import Article, DerivationLink, Story
from newsloom.pipeline.crosscheck import crosscheck_story


def _claim(story: Story, words: str):  # type: ignore[no-untyped-def]
    (claim,) = [c for c in story.claims or [] if words in c.text]
    return claim


def test_the_same_agency_paragraph_in_two_independent_reports_counts_once(crosscheck) -> None:  # type: ignore[no-untyped-def]
    shared = "The harbour authority said 412 tonnes of herring were landed at Kestrel Bay on Monday."
    story, _ = crosscheck(
        {
            "a": "A record catch filled the Kestrel Bay auction hall. " + shared,
            "b": shared + " Local restaurants put herring back on their menus.",
        },
        origin_groups=[["a"], ["b"]],
    )
    claim = _claim(story, "412 tonnes")
    assert (claim.independent_sources, claim.status) == (1, "single_source")


def test_two_reports_crediting_one_agency_in_their_own_words_count_once(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "Fishermen landed 412 tonnes of herring at Kestrel Bay on Monday, Brenn Press reported.",
            "b": "According to Brenn Press, 412 tonnes of herring were brought ashore in Kestrel Bay on Monday.",
        },
        origin_groups=[["a"], ["b"]],
    )
    claim = _claim(story, "412 tonnes")
    assert (claim.independent_sources, claim.upstream) == (1, "Brenn Press")


def test_two_reports_of_one_press_release_count_once(crosscheck) -> None:  # type: ignore[no-untyped-def]
    story, _ = crosscheck(
        {
            "a": "The port will close its north pier for 3 months of repairs, according to a press release.",
            "b": "In a press release, the port said repairs will close the north pier for 3 months.",
        },
        origin_groups=[["a"], ["b"]],
    )
    claim = _claim(story, "north pier")
    assert (claim.independent_sources, claim.upstream) == (1, "press release")


def test_two_outlets_quoting_one_press_conference_are_two_sources(crosscheck) -> None:  # type: ignore[no-untyped-def]
    """The look-alike: the same quotation, each outlet's own sentence around it, no shared credit."""
    story, _ = crosscheck(
        {
            "a": '"We will not raise local taxes to pay for the library," mayor Anouk Brandt told reporters on Thursday.',
            "b": 'Speaking at city hall, Brandt said: "We will not raise local taxes to pay for the library."',
        },
        origin_groups=[["a"], ["b"]],
    )
    claim = _claim(story, "local taxes")
    assert (claim.independent_sources, claim.status, claim.upstream) == (2, "corroborated", None)


def test_a_claim_resting_on_one_origin_group_names_its_source_article() -> None:
    wire = "Fishermen landed 412 tonnes of herring at Kestrel Bay on Monday, the harbour authority said."
    copy = "Fishermen landed 412 tonnes of herring at Kestrel Bay on Monday, harbour officials said."
    arts = [
        Article(id="wire", source="wire.txt", text=wire),
        Article(id="copy", source="copy.txt", text=copy),
    ]
    link = DerivationLink(source="wire", target="copy", relation="edited_copy", score=0.9, directed=True)
    story = Story(id="s", article_ids=["wire", "copy"], origin_groups=[["wire", "copy"]], derivation=[link])
    out = crosscheck_story(story, arts, AnalyzeConfig())
    claim = _claim(out, "412 tonnes")
    assert (claim.independent_sources, claim.upstream) == (1, "wire")


def test_a_rewrite_link_counts_its_two_articles_once_for_the_claims_they_share() -> None:
    """The link was too weak to join the two articles' origin groups, but it still says where the
    rewritten sentence came from."""
    wire = "Fishermen landed 412 tonnes of herring at Kestrel Bay on Monday, the harbour authority said."
    rewrite = "Some 412 tonnes of herring were brought ashore in Kestrel Bay on Monday, port officials said."
    arts = [Article(id="wire", source="w.txt", text=wire), Article(id="rw", source="r.txt", text=rewrite)]
    link = DerivationLink(source="wire", target="rw", relation="rewrite", score=0.5, directed=True)
    linked = Story(id="s", article_ids=["wire", "rw"], origin_groups=[["wire"], ["rw"]], derivation=[link])
    claim = _claim(crosscheck_story(linked, arts, AnalyzeConfig()), "412 tonnes")
    assert claim.independent_sources == 1
    unlinked = linked.model_copy(update={"derivation": []})
    claim = _claim(crosscheck_story(unlinked, arts, AnalyzeConfig()), "412 tonnes")
    assert (claim.independent_sources, claim.status) == (2, "corroborated")


def _cleaned(aid: str, raw: str) -> Article:
    from newsloom.pipeline.clean import clean_article

    return clean_article(Article(id=aid, source=f"{aid}.txt", raw=raw, raw_text=raw, text=raw))


_AGENCY_TEXT = (
    "By Mara Quist and Olev Tamm, Brenn Press Agency\n"
    "Fire crews pulled 14 hikers off the Varn glacier on Saturday after a snow bridge gave way, "
    "officials said.\n"
    "Rescue helicopters circled above the blue ice field while relatives waited at the lodge.\n"
    "Two of the hikers were taken to hospital in Ostrava with broken legs, a spokesman said.\n"
)


def _rewrite(credit: str) -> str:
    return (
        "Rescuers brought 14 walkers down from the Varn glacier on Saturday when a snow bridge "
        "collapsed beneath them.\n"
        f"{credit}\n"
        "The mountain lodge has closed its glacier trail until the end of the month.\n"
    )


def test_a_report_crediting_the_agency_whose_text_another_article_is_counts_once() -> None:
    """The credit sits in another sentence of the report and the agency's own text carries it in
    its byline only: the shared fact still rests on one upstream text, the agency's."""
    agency = _cleaned("agency", _AGENCY_TEXT)
    report = _cleaned("report", _rewrite("Brenn Press Agency reported that two of them broke their legs."))
    story = Story(id="s", article_ids=["agency", "report"], origin_groups=[["agency"], ["report"]])
    claim = _claim(crosscheck_story(story, [agency, report], AnalyzeConfig()), "14")
    assert (claim.independent_sources, claim.status, claim.upstream) == (
        1,
        "single_source",
        "Brenn Press Agency",
    )


def test_a_report_crediting_another_agency_stays_a_second_source() -> None:
    """The look-alikes: a report that credits a different agency, or none, is its own origin."""
    agency = _cleaned("agency", _AGENCY_TEXT)
    for credit in (
        "Kestrel Wire reported that two of them broke their legs.",
        "Two of them broke their legs.",
    ):
        report = _cleaned("report", _rewrite(credit))
        story = Story(id="s", article_ids=["agency", "report"], origin_groups=[["agency"], ["report"]])
        claim = _claim(crosscheck_story(story, [agency, report], AnalyzeConfig()), "14")
        assert (claim.independent_sources, claim.status) == (2, "corroborated")
