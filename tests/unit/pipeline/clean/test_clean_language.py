"""Language detection in the cleaner, and the prose test in the page's language.

The pages under tests/fixtures/languages are fictional whole-page dumps written for these tests:
navigation, subscribe and share lines, related headlines and a footer around a real body. Lines
before ``@@LEAD`` and after ``@@END`` are page furniture; the lines between ``@@BODY`` and
``@@END`` are the article's body; the headline and byline between ``@@LEAD`` and ``@@BODY`` may
be kept or lifted out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from newsloom.model import Article
from newsloom.pipeline.clean import clean_article
from newsloom.pipeline.clean.language import detect_language, reads_language, stopwords_for

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "languages"
LANGUAGES = sorted(p.stem for p in FIXTURES.glob("*.txt"))


def page(language: str) -> tuple[str, list[str], list[str]]:
    """The page text, its body lines and its furniture lines."""
    lines = (FIXTURES / f"{language}.txt").read_text(encoding="utf-8").splitlines()
    lead, body, end = lines.index("@@LEAD"), lines.index("@@BODY"), lines.index("@@END")
    text = "\n".join(ln for ln in lines if not ln.startswith("@@")) + "\n"
    return text, lines[body + 1 : end], lines[:lead] + lines[end + 1 :]


def clean(text: str) -> Article:
    return clean_article(Article(id="t", source="t.txt", raw=text, raw_text=text))


def test_every_language_has_a_page() -> None:
    assert {"de", "fr", "es", "pt", "it", "nl", "pl", "ru"} <= set(LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_language_is_recorded_on_the_article(language: str) -> None:
    text, _, _ = page(language)
    assert clean(text).language == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_furniture_goes_and_the_body_stays(language: str) -> None:
    text, body, furniture = page(language)
    kept = set(clean(text).text.splitlines())
    assert [ln for ln in body if ln not in kept] == []
    assert [ln for ln in furniture if ln in kept] == []


def test_the_body_decides_the_language_when_menus_are_in_another() -> None:
    # An English menu and footer around a German article: the article is German.
    _, body, _ = page("de")
    menu = ["Home | News | Sport | Business | Culture", "Subscribe to our newsletter"]
    footer = ["Privacy | Terms | Contact", "© 2026 Example Media. All rights reserved."]
    text = "\n".join([*menu, *body, *footer])
    assert clean(text).language == "de"


ENGLISH_WITH_NAMES = (
    "Officials in Kleinhafen said on Tuesday that the Hafenbrücke over the Nordstraße would stay "
    "closed until the Stadtrat approves a second report. Bürgermeisterin Ilse Dorfner told the "
    "Nordwestbote newspaper that the Landesamt für Straßenbau had found cracks in two pillars, and "
    'she called it "ein schwerer Tag für die Stadt" in a statement on Wednesday.'
)


def test_english_crowded_with_german_names_and_a_quote_is_english() -> None:
    assert detect_language(ENGLISH_WITH_NAMES) == "en"
    assert clean(ENGLISH_WITH_NAMES).language == "en"


def test_a_short_text_has_no_language_and_is_read_as_english() -> None:
    short = "Die Brücke bleibt bis Mai gesperrt, sagte die Bürgermeisterin am Dienstag."
    assert detect_language(short) is None
    assert clean(short).language is None
    assert reads_language(None)


def test_reading_understands_english_only() -> None:
    assert reads_language("en") and not reads_language("de")


def test_stop_words_come_from_the_language_with_an_english_fallback() -> None:
    assert "und" in stopwords_for("de") and "und" not in stopwords_for("en")
    assert "и" in stopwords_for("ru")
    # no list for the language (Japanese) or no language: English
    assert stopwords_for("ja") == stopwords_for(None) == stopwords_for("en")
    assert "the" in stopwords_for(None)


PORTAL_MENU = [
    "Fil de presse | Accueil | Carte du site | À propos | Nous joindre | Ouverture de session",
    "RECHERCHE RAPIDE PAR ORGANISME",
    "Autres options de recherche",
    "Sujets d'actualité : résultats financiers, budgets, nominations et communiqués de la semaine",
    "Communiqués de presse | Webdiffusions | Photos | Diffusion sur demande | Abonnez-vous",
    "Services gratuits pour les médias, les investisseurs et les partenaires de la région",
    "Répertoire des bourses | Calendrier de diffusion | Alimentation RSS | Forums de formation",
]
RELEASE = [
    "Lindvik Marine to open a ferry repair yard in Port Alder",
    "Lindvik Marine said on Monday that it will open a repair yard for passenger ferries in Port "
    "Alder next spring, creating about 120 jobs in the town over the next two years.",
    "The company said the yard would service the eight ferries it runs on the coast, which are now "
    "sent abroad for repairs, and that it had bought the site of a former cannery for the purpose.",
    "The town's mayor welcomed the plan and said the council would speed up the permits the yard "
    "needs, so that work on the site can begin before the end of the year.",
]


def test_an_english_release_under_a_french_portal_menu_is_english() -> None:
    # The page starts with a long French menu: the prose lines decide, not the first characters.
    text = "\n".join([*PORTAL_MENU, *RELEASE])
    article = clean(text)
    assert article.language == "en"
    assert all(line in article.text for line in RELEASE[1:])
