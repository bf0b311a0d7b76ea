"""The language of an article, and the stop words its prose is glued with.

Detection is py3langid's (a maintained fork of langid.py: a naive Bayes model over byte n-grams
for 97 languages, shipped inside the wheel, nothing fetched at run time). ``bench/language.py``
compares it with lingua-language-detector and langdetect on speed and accuracy; py3langid was
chosen because all three were right on every text there (621 English gold texts, 8 fictional
page dumps, 27 fictional short sentences in 9 languages), and py3langid was 5-6 times faster
(3.1 ms a gold text against lingua's 19 ms and langdetect's 16 ms, on a loaded machine), loads
in seconds (lingua with every language model: about a minute) and is a 4.6 MB wheel (lingua's:
96 MB). langdetect is unmaintained since 2021 and random unless seeded.

The cleaner detects the language of the text it works on (a whole-page dump or a page's text)
before its prose test, and again on the clean body: the body's language is the article's.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from newsloom.pipeline.clean.lines import STOPWORDS, WORD, is_sentence_like

if TYPE_CHECKING:  # pragma: no cover
    from py3langid.langid import LanguageIdentifier

# Below this many words a text is too short to tell its language from with the confidence
# news text deserves (headlines, captions and the tiny texts of tests and seeds): it gets None
# and is read as English, as before detection existed. Not tuned: on the 35 short fictional
# samples of bench/language.py py3langid was right at every length from 4 words up, with
# confidence as low as 0.26 at 4 words and 0.65 at 25; 25 words is about one news sentence and
# keeps every text of the project's tests and seeds below it or English.
MIN_WORDS = 25
# Below this probability the detector's answer is not taken (a page of mixed languages, a list
# of names): such text is read as English. Set by hand on bench/language.py: every right answer
# on the short samples scored >= 0.65 at 25+ words, every L3S-GN1 gold text >= 0.99; English
# sentences crowded with German, French or Russian names and quotations >= 0.91; the one English
# page dump detected as another language (a table of figures) scored 0.014.
MIN_CONFIDENCE = 0.5
# Detection reads at most this many characters of the text's prose lines (``language_sample``),
# so the cost per article stays bounded (py3langid walks its model byte by byte in Python).
# On the 621 L3S-GN1 texts: 500/600/800/1,000 characters gave every gold text as English with
# a lowest confidence of 0.987/0.998/1.000/1.000, every English page dump as English (or
# undecided) and every fictional page right, at 10.3/11.9/14.8/15.5 ms a page on a loaded
# machine (about a tenth of that when idle); 600 is the cheapest with every gold text >= 0.99.
# Taking the page's first characters instead of its prose lines let menus decide: 3 English
# page dumps came out French or Luxembourgish, 14 more Nigerian Pidgin (see EXCLUDED_LABELS).
MAX_CHARS = 600
# A prose line for the sample detection reads: this many words or more, and a sentence ending.
SAMPLE_LINE_WORDS = 8

# The languages reading understands (its NER, quote, number, date and claim rules are English).
READ_LANGUAGES = frozenset({"en"})

# ISO 639-1 (and a few 639-3) codes that py3langid returns, mapped to the names of jusText's
# stop lists (``justext.get_stoplists()``). A language without a list falls back to English.
JUSTEXT_STOPLIST = {
    "af": "Afrikaans", "an": "Aragonese", "ar": "Arabic", "ast": "Asturian", "az": "Azerbaijani",
    "be": "Belarusian", "bg": "Bulgarian", "bn": "Bengali", "br": "Breton", "bs": "Bosnian",
    "ca": "Catalan", "ceb": "Cebuano", "cs": "Czech", "cv": "Chuvash", "cy": "Welsh", "da": "Danish",
    "de": "German", "el": "Greek", "en": "English", "eo": "Esperanto", "es": "Spanish",
    "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish", "fr": "French",
    "fy": "West_Frisian", "ga": "Irish", "gl": "Galician", "gu": "Gujarati", "he": "Hebrew",
    "hi": "Hindi", "hr": "Croatian", "ht": "Haitian", "hu": "Hungarian", "hy": "Armenian",
    "id": "Indonesian", "ig": "Igbo", "is": "Icelandic", "it": "Italian", "jv": "Javanese",
    "ka": "Georgian", "kk": "Kazakh", "kn": "Kannada", "ko": "Korean", "ku": "Kurdish", "ky": "Kyrgyz",
    "la": "Latin", "lb": "Luxembourgish", "lt": "Lithuanian", "lv": "Latvian", "mk": "Macedonian",
    "ml": "Malayalam", "mr": "Marathi", "ms": "Malay", "mt": "Maltese", "nb": "Norwegian_Bokmal",
    "ne": "Nepali", "nl": "Dutch", "nn": "Norwegian_Nynorsk", "no": "Norwegian_Bokmal",
    "oc": "Occitan", "pl": "Polish", "pt": "Portuguese", "qu": "Quechua", "ro": "Romanian",
    "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sq": "Albanian", "sr": "Serbian",
    "su": "Sundanese", "sv": "Swedish", "sw": "Swahili", "ta": "Tamil", "te": "Telugu",
    "tk": "Turkmen", "tl": "Tagalog", "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu",
    "uz": "Uzbek", "vi": "Vietnamese", "vo": "Volapuk", "wa": "Walloon", "yo": "Yoruba",
}  # fmt: skip

_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)

# py3langid's label for text with no linguistic content (lists of figures, codes).
NOT_A_LANGUAGE = frozenset({"zxx"})
# Labels left out of the model: Nigerian Pidgin, an English-lexified creole, is what py3langid
# answers for many English menus and link lists (17 of the 621 L3S-GN1 English page dumps by
# their first 400 characters, some with confidence 0.9); no news source here is written in it.
EXCLUDED_LABELS = frozenset({"pcm"})


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """py3langid's model, loaded once per process (about 0.3 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([label for label in identifier.labels if label not in EXCLUDED_LABELS])
    return identifier


def language_sample(text: str) -> str:
    """What detection reads: the text's prose lines (``SAMPLE_LINE_WORDS`` words or more and a
    sentence ending) in order, whitespace collapsed, up to ``MAX_CHARS``; the start of the text
    when it has too few. A page's menus and link lists may be in another language than its
    article (a French portal's menu over an English press release), and they come first.
    """
    parts: list[str] = []
    size = 0
    for line in text.splitlines():
        line = " ".join(line.split())
        if len(WORD.findall(line)) >= SAMPLE_LINE_WORDS and is_sentence_like(line):
            parts.append(line)
            size += len(line) + 1
            if size >= MAX_CHARS:
                break
    sample = " ".join(parts)
    if _n_words(sample) < MIN_WORDS:
        sample = " ".join(text[: MAX_CHARS * 2].split())
    return sample[:MAX_CHARS]


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when the text is too short (fewer than
    ``MIN_WORDS`` words of letters) or the detector is unsure.

    >>> detect_language("Der Stadtrat hat am Dienstag beschlossen, die alte Brücke über den Fluss "
    ...                 "im kommenden Frühjahr zu sanieren, weil die Pfeiler nach dem Hochwasser "
    ...                 "beschädigt sind und der Verkehr seit Wochen umgeleitet werden muss.")
    'de'
    >>> detect_language("Too short to tell.") is None
    True
    """
    sample = language_sample(text)
    if _n_words(sample) < MIN_WORDS:
        return None
    return _classify(sample)


def _n_words(text: str) -> int:
    return sum(1 for w in WORD.findall(text) if _LETTERS.search(w))


# The cleaner asks twice, for the page and for its clean body; when both have the same prose
# lines (most articles), the second answer comes from here.
@lru_cache(maxsize=64)
def _classify(sample: str) -> str | None:
    language, confidence = _identifier().classify(sample)
    if confidence < MIN_CONFIDENCE or language in NOT_A_LANGUAGE:
        return None
    return str(language)


def reads_language(language: str | None) -> bool:
    """Whether reading understands text in ``language`` (None, not detected, is read as English)."""
    return language is None or language in READ_LANGUAGES


def stopwords_for(language: str | None) -> frozenset[str]:
    """The function words of ``language`` for the prose test: our own English list, joined by
    jusText's stop list for the language when it has one. English stays in, so that an English
    article under a foreign page's menus (or a page detected wrongly) still reads as prose.

    >>> "und" in stopwords_for("de"), "the" in stopwords_for(None), "the" in stopwords_for("xx")
    (True, True, True)
    """
    name = JUSTEXT_STOPLIST.get(language or "en", "English")
    if name == "English":
        return STOPWORDS
    return STOPWORDS | _justext_stoplist(name)


@cache
def _justext_stoplist(name: str) -> frozenset[str]:
    import justext

    return frozenset(w.lower() for w in justext.get_stoplist(name))
