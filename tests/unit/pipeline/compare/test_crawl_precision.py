"""Story clustering on a crawl: what shares only a theme, common words, a site's furniture or
common-looking tokens across languages stays alone; copies and strong evidence still join.
All texts are fictional, written for these tests."""

from __future__ import annotations

from newsloom.config import AnalyzeConfig
from newsloom.model import Article
from newsloom.pipeline.compare import cluster_stories

LEXICAL = AnalyzeConfig(embeddings="lexical")

# A site's header line that cleaning leaves in place (long verbatim blocks are cleaning's job).
FURNITURE = (
    "Dunmore Evening Ledger - local news for the harbour towns since 1921. "
    "Most read today: weather, traffic, sport."
)

FERRY = (
    "A passenger ferry ran aground off the Osk islands on Tuesday with 212 people aboard, "
    "and coastguard boats took everyone ashore by nightfall. Captain Rhea Solberg said the "
    "vessel struck a sandbank in thick fog."
)
FERRY_EDIT = (
    "A passenger ferry ran aground off the Osk islands on Tuesday with 212 people on board, "
    "and coastguard boats brought everyone ashore by nightfall. Captain Rhea Solberg said the "
    "ship struck a sandbank in thick fog."
)
BAKERY = (
    "A bakery on Quill Street won the county prize for its rye loaf on Tuesday, beating "
    "forty entries. Owner Pavel Indrik said the recipe came from his grandmother."
)
COUNCIL = (
    "The town council voted on Tuesday to extend the night bus service to the harbour district "
    "from next month, after a petition signed by residents. Councillor Mira Obote welcomed it."
)
LIBRARY = (
    "The county library reopened its reading room on Tuesday after a roof repair that took "
    "three months. Librarian Theo Vance said the rare maps would return next week."
)


def _art(aid: str, text: str, **kw: object) -> Article:
    return Article(id=aid, source=f"{aid}.txt", text=text, **kw)


def _groups(arts: list[Article]) -> list[list[str]]:
    return sorted(sorted(s.article_ids) for s in cluster_stories(arts, LEXICAL))


def test_two_unrelated_pages_sharing_a_sites_furniture_stay_apart() -> None:
    arts = [_art("bakery", f"{BAKERY}\n{FURNITURE}"), _art("council", f"{COUNCIL}\n{FURNITURE}")]
    assert _groups(arts) == [["bakery"], ["council"]]


def test_a_wire_copy_and_its_edit_stay_one_event() -> None:
    assert _groups([_art("wire", FERRY), _art("edit", FERRY_EDIT)]) == [["edit", "wire"]]


def test_pages_of_one_site_stay_apart_while_a_copy_carrying_that_sites_furniture_joins() -> None:
    site = [("bakery", BAKERY), ("council", COUNCIL), ("library", LIBRARY)]
    arts = [_art(aid, f"{text}\n{FURNITURE}") for aid, text in site]
    arts += [_art("wire", FERRY), _art("edit", f"{FERRY_EDIT}\n{FURNITURE}")]
    assert _groups(arts) == [["bakery"], ["council"], ["edit", "wire"], ["library"]]


def test_lone_pages_sharing_common_words_stay_alone_beside_a_pair_of_copies() -> None:
    arts = [
        _art("bakery", BAKERY),
        _art("council", COUNCIL),
        _art("wire", FERRY),
        _art("library", LIBRARY),
        _art("edit", FERRY_EDIT),
    ]
    assert _groups(arts) == [["bakery"], ["council"], ["edit", "wire"], ["library"]]


FLOOD_EN = (
    "The river Aldon burst its banks in Marrowby on Tuesday, flooding 340 homes. "
    "Mayor Ilse Varga said rescue crews had moved 1,250 residents, and the weather office "
    "recorded 180 millimetres of rain in a day."
)
FLOOD_DE = (
    "In Marrowby trat der Fluss am Dienstag über die Ufer und überflutete 340 Häuser. "
    "Laut Ilse Varga brachten Rettungskräfte 1250 Bewohner in Sicherheit; gemessen wurden "
    "180 Millimeter Regen an einem Tag."
)
CONCERT_EN = (
    "Tickets for the summer concert series in Berlin go on sale on Friday, priced from 40 Euro. "
    "Organisers expect large crowds in 2031 and advise fans to book early."
)
TRAFFIC_DE = (
    "Der Verkehr in Berlin wird im Jahr 2031 neu geordnet, teilte die Stadt mit. "
    "Ein Monatsticket soll künftig 49 Euro kosten, Radwege werden verbreitert."
)


def test_pages_in_two_languages_sharing_only_common_looking_tokens_stay_apart() -> None:
    arts = [_art("concert", CONCERT_EN, language="en"), _art("verkehr", TRAFFIC_DE, language="de")]
    assert _groups(arts) == [["concert"], ["verkehr"]]


def test_pages_in_two_languages_sharing_rare_names_and_figures_join() -> None:
    arts = [_art("flood", FLOOD_EN, language="en"), _art("flut", FLOOD_DE, language="de")]
    assert _groups(arts) == [["flood", "flut"]]


def test_unknown_language_is_compared_as_the_same_language() -> None:
    arts = [_art("wire", FERRY, language="en"), _art("edit", FERRY_EDIT, language=None)]
    assert _groups(arts) == [["edit", "wire"]]


def _match_reports(n: int) -> list[Article]:
    lines = [
        "Harbour Rovers beat Kestrel Town 3-1 on Saturday to reach the county cup final.",
        "Striker Jonah Elbe scored twice for Harbour Rovers before the break.",
        "Kestrel Town pulled one back through Amos Reyes, but Rovers held on.",
        "Rovers manager Dana Holt said the county cup final would be the club's first in 40 years.",
        "A crowd of 6,200 watched the semi-final at the Quayside ground.",
    ]
    return [_art(f"m{k}", " ".join(lines[(k + j) % 5] for j in range(4))) for k in range(n)]


PREVIEW = (
    "Kestrel Town host Millbrook on Saturday in the league, and their manager said the squad "
    "wanted a win for the crowd after the cup. The club said tickets for the ground were still "
    "on sale, and a final decision on the injured striker would come on the day."
)


def test_a_page_on_the_same_theme_does_not_ride_into_a_large_event() -> None:
    arts = [*_match_reports(7), _art("preview", PREVIEW)]
    assert _groups(arts) == [sorted(f"m{k}" for k in range(7)), ["preview"]]
