"""The language of an article, and the stop words its prose is glued with.

Detection is py3langid's (a maintained fork of langid.py: a naive Bayes model over byte n-grams
for 97 languages, shipped inside the wheel, nothing fetched at run time). ``bench/language.py``
compares it with lingua-language-detector and langdetect on speed and accuracy; py3langid was
chosen because all three were right on every text there, and py3langid was the fastest
(about 2 ms an article against lingua's 27 ms and langdetect's 17 ms) and is 4.6 MB against
lingua's 96 MB wheel and 40 s load with every language model.

The cleaner detects the language of the text it works on (a whole-page dump or a page's text)
before its prose test, and again on the clean body: the body's language is the article's.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from newsloom.pipeline.clean.lines import STOPWORDS, WORD

if TYPE_CHECKING:  # pragma: no cover
    from py3langid.langid import LanguageIdentifier

# Below this many words a text is too short to tell its language from with the confidence
# news text deserves (headlines, captions and the tiny texts of tests and seeds): it gets None
# and is read as English, as before detection existed. Not tuned: on the 35 short fictional
# samples of bench/language.py py3langid was right at every length from 4 words up, with
# confidence as low as 0.26 at 4 words and 0.65 at 25; 25 words is about one news sentence and
# keeps every text of the project's tests and seeds below it or English.
MIN_WORDS = 25
# Below this probability the detector's answer is not taken (a page of mixed languages): such
# text is read as English. On bench/language.py every right answer at 25+ words scored >= 0.65,
# every L3S-GN1 gold text >= 0.99 (on its first 1,000 characters), and English sentences
# crowded with German, French or Russian names and quotations >= 0.91; no wrong answer was seen.
MIN_CONFIDENCE = 0.5
# Detection reads at most this many characters from the start of the text: the cost per article
# stays bounded (py3langid walks its model byte by byte in Python). On the 621 L3S-GN1 gold
# texts 1,000 characters gave the same answers as the whole text (all English, confidence
# >= 0.994) at 1.7 ms a text instead of 4.6 ms; 300 characters dropped the confidence to 0.49.
MAX_CHARS = 1000

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


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    """py3langid's model, loaded once per process (about 0.3 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


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
    words = [w for w in WORD.findall(text[: MAX_CHARS * 2]) if _LETTERS.search(w)]
    if len(words) < MIN_WORDS:
        return None
    language, confidence = _identifier().classify(text[:MAX_CHARS])
    if confidence < MIN_CONFIDENCE:
        return None
    return str(language)


def reads_language(language: str | None) -> bool:
    """Whether reading understands text in ``language`` (None, not detected, is read as English)."""
    return language is None or language in READ_LANGUAGES


def stopwords_for(language: str | None) -> frozenset[str]:
    """The function words of ``language`` for the prose test: jusText's stop list for it, our
    own English list for English, for an undetected language and for one jusText has no list for.

    >>> "und" in stopwords_for("de"), "the" in stopwords_for(None), "the" in stopwords_for("xx")
    (True, True, True)
    """
    name = JUSTEXT_STOPLIST.get(language or "en", "English")
    if name == "English":
        return STOPWORDS
    return _justext_stoplist(name)


@cache
def _justext_stoplist(name: str) -> frozenset[str]:
    import justext

    return frozenset(w.lower() for w in justext.get_stoplist(name))
