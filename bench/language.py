"""Language detection: py3langid (what newsloom uses) against lingua-language-detector and
langdetect, on speed and accuracy.

Texts: the L3S-GN1 gold texts (621 English news articles, read from the shared folder at run
time, never copied), the fictional whole-page dumps of tests/fixtures/languages (8 languages),
and short fictional sentences written for this bench below (9 languages, 6-30 words each).
Each candidate reads the same sample of each text (``language_sample``: its prose lines, up to
600 characters) in this process; a candidate that is not installed is
reported and skipped (``pip install lingua-language-detector langdetect`` to compare; only
py3langid is a dependency of newsloom). The last rows measure newsloom's own ``detect_language``
(py3langid with its too-short and low-confidence rules) per article.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from newsloom.pipeline.clean.language import detect_language, language_sample

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "languages"

# Written for this bench (fictional): (language, text). Three lengths per language.
SHORT_SAMPLES: list[tuple[str, str]] = [
    ("en", "The council closed the old bridge on Monday."),
    ("en", "Residents said the new bus line would save them twenty minutes every morning on the way to work."),
    ("en", "The mayor told reporters that repairs to the harbour wall would cost more than expected, because "
     "divers had found cracks in the foundations during an inspection in the spring."),
    ("de", "Der Stadtrat hat die alte Brücke am Montag gesperrt."),
    ("de", "Die Anwohner sagten, die neue Buslinie spare ihnen jeden Morgen zwanzig Minuten auf dem Weg zur Arbeit."),
    ("de", "Der Bürgermeister sagte den Reportern, die Reparatur der Hafenmauer werde teurer als erwartet, "
     "weil Taucher bei einer Prüfung im Frühjahr Risse im Fundament gefunden hätten."),
    ("fr", "Le conseil a fermé le vieux pont lundi matin."),
    ("fr", "Les habitants ont dit que la nouvelle ligne de bus leur ferait gagner vingt minutes chaque matin."),
    ("fr", "Le maire a déclaré aux journalistes que la réparation du mur du port coûterait plus cher que prévu, "
     "car des plongeurs avaient trouvé des fissures dans les fondations au printemps."),
    ("es", "El ayuntamiento cerró el viejo puente el lunes."),
    ("es", "Los vecinos dijeron que la nueva línea de autobús les ahorraría veinte minutos cada mañana."),
    ("es", "El alcalde dijo a los periodistas que la reparación del muro del puerto costará más de lo previsto, "
     "porque los buzos encontraron grietas en los cimientos durante una inspección en primavera."),
    ("pt", "A câmara fechou a velha ponte na segunda-feira."),
    ("pt", "Os moradores disseram que a nova linha de autocarro lhes pouparia vinte minutos todas as manhãs."),
    ("pt", "O presidente da câmara disse aos jornalistas que a reparação do muro do porto vai custar mais do que o "
     "previsto, porque os mergulhadores encontraram fissuras nas fundações durante uma inspeção."),
    ("it", "Il comune ha chiuso il vecchio ponte lunedì."),
    ("it", "Gli abitanti hanno detto che la nuova linea di autobus farà risparmiare loro venti minuti ogni mattina."),
    ("it", "Il sindaco ha detto ai giornalisti che la riparazione del muro del porto costerà più del previsto, "
     "perché i sommozzatori hanno trovato crepe nelle fondamenta durante un controllo in primavera."),
    ("nl", "De gemeenteraad heeft de oude brug maandag gesloten."),
    ("nl", "Bewoners zeiden dat de nieuwe buslijn hun elke ochtend twintig minuten zou besparen op weg naar hun werk."),
    ("nl", "De burgemeester vertelde verslaggevers dat het herstel van de havenmuur duurder wordt dan verwacht, "
     "omdat duikers tijdens een inspectie in het voorjaar scheuren in de fundering hadden gevonden."),
    ("pl", "Rada miasta zamknęła stary most w poniedziałek."),
    ("pl", "Mieszkańcy powiedzieli, że nowa linia autobusowa pozwoli im zaoszczędzić dwadzieścia minut każdego ranka."),
    ("pl", "Burmistrz powiedział dziennikarzom, że naprawa muru w porcie będzie droższa, niż zakładano, ponieważ "
     "nurkowie znaleźli pęknięcia w fundamentach podczas wiosennej kontroli."),
    ("ru", "Городской совет закрыл старый мост в понедельник."),
    ("ru", "Жители сказали, что новый автобусный маршрут будет экономить им двадцать минут каждое утро."),
    ("ru", "Мэр сказал журналистам, что ремонт стены в порту обойдётся дороже, чем ожидалось, потому что "
     "водолазы нашли трещины в фундаменте во время весенней проверки."),
]  # fmt: skip


def _py3langid() -> Callable[[str], str | None]:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return lambda text: str(ident.classify(language_sample(text))[0])


def _lingua() -> Callable[[str], str | None]:
    from lingua import LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models().build()

    def detect(text: str) -> str | None:
        lang = detector.detect_language_of(language_sample(text))
        return lang.iso_code_639_1.name.lower() if lang is not None else None

    return detect


def _langdetect() -> Callable[[str], str | None]:
    from langdetect import DetectorFactory, detect

    DetectorFactory.seed = 0  # langdetect samples n-grams at random: fix it for repeatable runs

    def run(text: str) -> str | None:
        try:
            return str(detect(language_sample(text))).split("-")[0]
        except Exception:  # langdetect raises on text without features
            return None

    return run


CANDIDATES: dict[str, Callable[[], Callable[[str], str | None]]] = {
    "py3langid 0.4.0": _py3langid,
    "lingua-language-detector (all languages)": _lingua,
    "langdetect": _langdetect,
}


def _fixture_pages() -> list[tuple[str, str]]:
    pages = []
    for path in sorted(FIXTURES.glob("*.txt")):
        text = "\n".join(
            ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("@@")
        )
        pages.append((path.stem, text))
    return pages


def _gold(shared: Path, quick: bool) -> list[tuple[str, str]]:
    files = sorted((shared / "bench" / "boilerplate" / "gold").glob("*.txt"))
    if quick:
        files = files[::6]
    return [("en", f.read_text(encoding="utf-8", errors="replace")) for f in files]


def _score(
    detect: Callable[[str], str | None], texts: list[tuple[str, str]]
) -> tuple[float, float, list[str]]:
    t0 = time.perf_counter()
    answers = [detect(t) for _, t in texts]
    ms = 1000 * (time.perf_counter() - t0) / max(1, len(texts))
    wrong = [f"{want}->{got}" for (want, _), got in zip(texts, answers, strict=True) if got != want]
    return (len(texts) - len(wrong)) / max(1, len(texts)), ms, wrong


def run(shared: Path, quick: bool) -> None:
    sets = {
        "L3S-GN1 gold (en)": _gold(shared, quick),
        "fictional page dumps": _fixture_pages(),
        "fictional short texts": SHORT_SAMPLES,
    }
    print("set sizes: " + ", ".join(f"{k} {len(v)}" for k, v in sets.items()))
    print(f"{'candidate':42} {'load s':>7}  " + "  ".join(f"{k[:22]:>22} acc  ms/text" for k in sets))
    for name, make in CANDIDATES.items():
        try:
            t0 = time.perf_counter()
            detect = make()
            load = time.perf_counter() - t0
        except ImportError as exc:
            print(f"{name:42} not installed ({exc.name})")
            continue
        cells, misses = [], []
        for label, texts in sets.items():
            acc, ms, wrong = _score(detect, texts)
            cells.append(f"{'':>18}{acc:5.3f} {ms:8.2f}")
            if wrong:
                misses.append(f"{label}: {', '.join(sorted(set(wrong)))}")
        print(f"{name:42} {load:7.2f}  " + "  ".join(cells))
        for m in misses:
            print(f"    misses on {m}")
    # newsloom's rule on top of py3langid: None (read as English) below MIN_WORDS or confidence.
    for label, texts in sets.items():
        t0 = time.perf_counter()
        answers = [detect_language(t) for _, t in texts]
        ms = 1000 * (time.perf_counter() - t0) / max(1, len(texts))
        right = sum(a == want for (want, _), a in zip(texts, answers, strict=True))
        none = sum(a is None for a in answers)
        wrong = sum(a is not None and a != want for (want, _), a in zip(texts, answers, strict=True))
        print(
            f"newsloom detect_language on {label}: {right}/{len(texts)} right, {none} undecided "
            f"(read as English), {wrong} wrong; {ms:.2f} ms/text"
        )
