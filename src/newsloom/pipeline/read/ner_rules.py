"""Rule-based named entities: capitalised word sequences typed by heuristics.

The fallback when spaCy is not installed. A candidate is a run of capitalised words (allowing
"of"/"de"/"van"... between them: "Ministry of Unification"); the first word of a sentence is
dropped when the text also uses it in lower case ("Despite", "Many"). Types come from, in order:
a title before a name (PERSON), an organisation or event head word (ORG, EVENT), a small
gazetteer of countries, regions and capitals (GPE), demonyms (NORP), acronyms (ORG), and
otherwise the shape of the name (2-4 name words: PERSON).
"""

from __future__ import annotations

import re

from newsloom.pipeline.read.nlp import RawEntity


def _word_list(words: str) -> frozenset[str]:
    return frozenset(words.split())


def _comma_list(names: str) -> frozenset[str]:
    return frozenset(n.strip().lower() for n in names.split(",") if n.strip())


_WORD = r"(?:[A-Z]\.(?:[A-Z]\.)*|[A-ZÀ-Þ][\wÀ-ɏ]*(?:['’][A-Z][\wÀ-ɏ]*)?(?:-[\wÀ-ɏ]+)*)"
_CONNECT = r"(?:of|of the|for|de|la|du|van|von|der|den|al|bin|da|di|del|le|y)"
_SEQUENCE = re.compile(rf"(?<![\w@#/.-]){_WORD}(?:[ \t]+(?:{_CONNECT}[ \t]+)?{_WORD})*")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z]+(?![\w'’-])")

TITLES = _word_list(
    """admiral ambassador archbishop bishop brother capt capt. captain cardinal ceo chair chairman
    chairwoman chancellor chief coach col col. colonel commander dame deputy detective dictator director
    dr dr. emperor father gen gen. general gov gov. governor judge justice king lady lawmaker leader
    lieutenant lord lt lt. major mayor minister mr mr. mrs mrs. ms ms. officer pope premier president
    president-elect prime prince princess prof prof. professor queen rep rep. representative rev rev.
    secretary sen sen. senator sergeant sgt sgt. sheikh sir sister spokesman spokesperson spokeswoman
    vice"""
)
ORG_WORDS = _word_list(
    """administration agency agency's airlines airways army assembly association authority bank battalion
    bloomberg board brigade bureau center centre channel church club co co. college command commission
    committee company congress corp corp. corporation council court department division federation force
    forces foundation fund group guard holdings hospital inc inc. institute journal llc ltd ltd.
    ministry ministry's navy network news office organisation organization parliament partners party plc
    police post press radio regiment reuters school senate service services team television times
    tribunal tv union unit university"""
)
# Head words of facilities and geographic features: "Kesslemoor Dam", "Mill Lane", "Tessa River".
FAC_WORDS = _word_list(
    """airport arena avenue base boulevard bridge canal cathedral dam hall harbor harbour highway lane mall
    motorway palace plant port prison road square stadium station street tower tunnel weir"""
)
LOC_WORDS = _word_list(
    """bay coast county desert district forest gulf hills island islands lake mountain mountains ocean
    peninsula province region river sea strait valley"""
)
EVENT_WORDS = _word_list(
    """championship championships cup election elections festival games olympics revolution summit war wars"""
)
_CALENDAR = _word_list(
    """apr apr. april aug aug. august dec dec. december feb feb. february friday jan jan. january jul jul.
    july jun jun. june mar mar. march may monday nov nov. november oct oct. october saturday sep sep.
    sept sept. september sunday thursday tuesday wednesday"""
)
# Capitalised at the start of a sentence without being a name.
_COMMON = _word_list(
    """a according after all also an and another as at before both but by despite during each earlier every
    few first for from he her here him his how however i if in it its last later many meanwhile more
    most my new next no not now of old on one or other our second several she since so some still such
    that the their them then there these they third this those three to today tomorrow two us we what
    when where while who why with without yesterday yet you your"""
)
GPE_NAMES = _comma_list(
    """Afghanistan, Africa, Albania, Algeria, America, Amsterdam, Andorra, Angola, Ankara, Antarctica,
    Arctic, Argentina, Armenia, Asia, Athens, Australia, Austria, Azerbaijan, Baghdad, Bahamas, Bahrain,
    Baku, Balkans, Bangkok, Bangladesh, Barbados, Beijing, Beirut, Belarus, Belgium, Belize, Benin,
    Berlin, Bhutan, Bogota, Bolivia, Bosnia, Boston, Botswana, Brasilia, Brazil, Britain, Brunei,
    Brussels, Budapest, Buenos Aires, Bulgaria, Burkina Faso, Burundi, Cairo, California, Cambodia,
    Cameroon, Canada, Canberra, Caracas, Caucasus, Chad, Chicago, Chile, China, Chisinau, Colombia,
    Comoros, Congo, Copenhagen, Costa Rica, Crimea, Croatia, Cuba, Cyprus, Czech Republic, Czechia,
    Damascus, Delhi, Denmark, Dhaka, Djibouti, Dominica, Dominican Republic, Dublin, Ecuador, Egypt, El
    Salvador, England, Eritrea, Estonia, Eswatini, Ethiopia, Europe, Fiji, Finland, Florida, France,
    Gabon, Gambia, Gaza, Georgia, Germany, Ghana, Great Britain, Greece, Greenland, Grenada, Guatemala,
    Guinea, Guyana, Haiti, Hanoi, Havana, Helsinki, Honduras, Hong Kong, Houston, Hungary, Iceland,
    India, Indonesia, Iran, Iraq, Ireland, Islamabad, Israel, Istanbul, Italy, Jakarta, Jamaica, Japan,
    Jerusalem, Johannesburg, Jordan, Kabul, Karachi, Kashmir, Kazakhstan, Kenya, Kiev, Kiribati, Korea,
    Kosovo, Kuwait, Kyiv, Kyrgyzstan, Lagos, Laos, Latin America, Latvia, Lebanon, Lesotho, Liberia,
    Libya, Liechtenstein, Lima, Lisbon, Lithuania, London, Los Angeles, Luxembourg, Macau, Madagascar,
    Madrid, Malawi, Malaysia, Maldives, Mali, Malta, Manila, Mauritania, Mauritius, Melbourne, Mexico,
    Mexico City, Miami, Middle East, Minsk, Moldova, Monaco, Mongolia, Montenegro, Montreal, Morocco,
    Moscow, Mozambique, Mumbai, Myanmar, Nairobi, Namibia, Nauru, Nepal, Netherlands, New Delhi, New
    York, New Zealand, Nicaragua, Niger, Nigeria, North America, North Korea, North Macedonia, Northern
    Ireland, Norway, Oman, Oslo, Ottawa, Pakistan, Palau, Palestine, Panama, Papua New Guinea, Paraguay,
    Paris, Peru, Philippines, Poland, Portugal, Prague, Puerto Rico, Pyongyang, Qatar, Riga, Rio De
    Janeiro, Romania, Rome, Russia, Rwanda, Samoa, San Francisco, San Marino, Santiago, Sao Paulo, Saudi
    Arabia, Scotland, Senegal, Seoul, Serbia, Seychelles, Shanghai, Siberia, Sierra Leone, Singapore,
    Slovakia, Slovenia, Somalia, South Africa, South America, South Korea, South Sudan, Spain, Sri
    Lanka, Stockholm, Sudan, Suriname, Sweden, Switzerland, Sydney, Syria, Taipei, Taiwan, Tajikistan,
    Tallinn, Tanzania, Tbilisi, Tehran, Tel Aviv, Texas, Thailand, Tibet, Togo, Tokyo, Tonga, Toronto,
    Tunisia, Turkey, Turkiye, Turkmenistan, Tuvalu, Uganda, Ukraine, United Arab Emirates, United
    Kingdom, United States, United States Of America, Uruguay, Uzbekistan, Vancouver, Vanuatu,
    Venezuela, Vienna, Vietnam, Vilnius, Wales, Warsaw, Washington, West Bank, Yemen, Yerevan, Zambia,
    Zimbabwe"""
)
# States of the United States and their usual abbreviations, which news datelines use a lot.
US_STATES = _comma_list(
    """Alabama, Alaska, Arizona, Arkansas, California, Colorado, Connecticut, Delaware, Florida, Georgia,
    Hawaii, Idaho, Illinois, Indiana, Iowa, Kansas, Kentucky, Louisiana, Maine, Maryland, Massachusetts,
    Michigan, Minnesota, Mississippi, Missouri, Montana, Nebraska, Nevada, New Hampshire, New Jersey,
    New Mexico, New York, North Carolina, North Dakota, Ohio, Oklahoma, Oregon, Pennsylvania,
    Rhode Island, South Carolina, South Dakota, Tennessee, Texas, Utah, Vermont, Virginia, Washington,
    West Virginia, Wisconsin, Wyoming, Ala, Ariz, Ark, Calif, Colo, Conn, Del, Fla, Ill, Ind, Kan, Ky,
    La, Md, Mass, Mich, Minn, Miss, Mo, Mont, Neb, Nev, Okla, Ore, Pa, Tenn, Tex, Va, Vt, Wash, Wis,
    Wyo"""
)
# Adjectives of nationality, religion or politics; "-ian/-ean/-ese/-ish" words are caught by shape.
_DEMONYMS = _word_list(
    """afghan african american arab arabic argentine armenian asian australian belarusian brazilian british
    canadian catholic chinese christian danish democrat democratic dutch eastern egyptian emirati
    english ethiopian european filipino finnish french georgian german greek indian indonesian iranian
    iraqi irish israeli italian japanese jewish kenyan korean kurdish lebanese libyan malaysian mexican
    muslim nato-led nigerian norwegian pakistani palestinian polish portuguese protestant qatari
    republican russian saudi scottish shia shiite somali soviet spanish sudanese sunni swedish syrian
    thai turkish ukrainian vietnamese welsh western yemeni"""
)
_DIRECTIONS = _word_list("""central east eastern north northern south southern west western""")
_GPE_ACRONYMS = _word_list("""dprk prc rok uae uk us usa ussr""")
_PLACE_PREPOSITIONS = _word_list("""across at from in inside into near outside to toward towards""")


def _words(seq: str) -> list[str]:
    return seq.split()


def _is_demonym(words: list[str]) -> bool:
    lw = [w.lower().rstrip(".") for w in words]
    if len(lw) == 2 and lw[0] in _DIRECTIONS:
        lw = lw[1:]
    if len(lw) != 1:
        return False
    w = lw[0].removesuffix("s")
    return w in _DEMONYMS or (len(w) > 5 and w.endswith(("ian", "ean", "ese")))


def _type_of(
    words: list[str], after_title: bool, prev_word: str, person_words: set[str], next_is_place: bool = False
) -> str:
    lw = [w.lower() for w in words]
    name = " ".join(lw)
    if after_title:
        return "PERSON"
    if any(w in EVENT_WORDS for w in lw[1:]) or (len(lw) > 1 and lw[-1] in EVENT_WORDS):
        return "EVENT"
    if any(w.rstrip(".") in ORG_WORDS or w in ORG_WORDS for w in lw):
        return "ORG"
    if name in GPE_NAMES or name in US_STATES or next_is_place:
        return "GPE"
    if len(lw) > 1 and lw[-1] in FAC_WORDS:
        return "FAC"
    if len(lw) > 1 and lw[-1] in LOC_WORDS:
        return "LOC"
    if _is_demonym(words):
        return "NORP"
    if len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 6:
        return "GPE" if lw[0] in _GPE_ACRONYMS else "ORG"
    if len(words) == 1:
        if lw[0] in person_words:
            return "PERSON"
        if prev_word in _PLACE_PREPOSITIONS:
            return "GPE"
        return "MISC"
    if 2 <= len(words) <= 4 and all(w[0].isupper() for w in words):
        return "PERSON"
    return "MISC"


def _before_place(text: str, end: int) -> bool:
    """Whether a state or country follows after a comma: "Malibu, California", "Tessby, Norway"."""
    m = re.match(r",\s+([A-Z][\w]*(?:\s+[A-Z][\w]*)?)", text[end : end + 30])
    return m is not None and (m.group(1).lower() in US_STATES or m.group(1).lower() in GPE_NAMES)


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\"“‘'(":
        i -= 1
    return i < 0 or text[i] in '\n.!?:”"’'


def _prev_word(text: str, start: int) -> str:
    m = re.search(r"(\S+)\s*$", text[max(0, start - 30) : start])
    return m.group(1).lower() if m else ""


def find_entities(text: str) -> list[RawEntity]:
    """Named entities of ``text`` by rule: ``RawEntity(start, end, label)``, in text order.

    >>> t = "Ukrainian President Volodymyr Zelensky met the Ministry of Unification."
    >>> [(t[e.start:e.end], e.label) for e in find_entities(t)]
    [('Ukrainian', 'NORP'), ('Volodymyr Zelensky', 'PERSON'), ('Ministry of Unification', 'ORG')]
    """
    lower_words = set(_LOWER_WORD.findall(text))
    candidates: list[tuple[int, list[tuple[int, int, str]], bool, str]] = []
    person_words: set[str] = set()
    for m in _SEQUENCE.finditer(text):
        # word offsets within the sequence
        toks = [(w.start(), w.end(), w.group(0)) for w in re.finditer(r"\S+", m.group(0))]
        toks = [(m.start() + s, m.start() + e, w) for s, e, w in toks]
        if len(toks) > 1 and all(t[2].isupper() for t in toks):
            continue  # a shouted line ("JOIN US ON TELEGRAM"), not a name
        if len(toks) > 1 and toks[0][2] == "The":
            toks = toks[1:]
        if _sentence_initial(text, toks[0][0]):
            first = toks[0][2].lower().rstrip(".")
            # a capitalised adverb or common word that opens the sentence ("Additionally", "Many")
            if first in _COMMON or first in lower_words or (len(toks) == 1 and first.endswith("ly")):
                toks = toks[1:]
        # leading connectors, calendar words
        while toks and (toks[0][2].lower() in _CALENDAR or toks[0][2].islower()):
            toks = toks[1:]
        while toks and (toks[-1][2].lower() in _CALENDAR or toks[-1][2].islower()):
            toks = toks[:-1]
        if not toks:
            continue
        if len(toks) == 1 and re.match(r"\.\s*\d", text[toks[0][1] : toks[0][1] + 3]):
            continue  # "No. 3", "Vol. 2": an abbreviation before a number
        if len(toks) == 1 and len(toks[0][2].rstrip(".")) == 1:
            continue  # "I", "A", a lone initial
        # split at titles: "Ukrainian President Volodymyr Zelensky" -> NORP + title + PERSON
        parts: list[tuple[list[tuple[int, int, str]], bool]] = []
        cur: list[tuple[int, int, str]] = []
        after_title = _prev_word(text, toks[0][0]) in TITLES
        for tok in toks:
            if tok[2].lower() in TITLES:
                if cur:
                    parts.append((cur, after_title))
                cur, after_title = [], True
                continue
            cur.append(tok)
        if cur:
            parts.append((cur, after_title))
        for part, titled in parts:
            while part and part[0][2].islower():
                part = part[1:]
            if not part:
                continue
            candidates.append((part[0][0], part, titled, _prev_word(text, part[0][0])))
    # A lone capitalised word opening a sentence is a name only if the text also uses it as one
    # elsewhere ("Brandt apologised" after "Tomas Brandt"), or it is a known place or an acronym.
    named_words = {
        t[2]
        for _s, part, _t, _p in candidates
        for t in part
        if len(part) > 1 or not _sentence_initial(text, part[0][0])
    }
    candidates = [
        c
        for c in candidates
        if len(c[1]) > 1
        or c[2]
        or not _sentence_initial(text, c[0])
        or c[1][0][2] in named_words
        or c[1][0][2].lower() in GPE_NAMES
        or c[1][0][2].isupper()
        or _is_demonym([c[1][0][2]])
    ]
    # Multi-word names first, so that a lone surname can be typed by the full names around it.
    labels: dict[int, str] = {}
    for i, (_start, part, titled, prev) in enumerate(candidates):
        if len(part) > 1 or titled:
            labels[i] = _type_of(
                [t[2] for t in part], titled, prev, person_words, _before_place(text, part[-1][1])
            )
            if labels[i] == "PERSON":
                person_words.update(t[2].lower() for t in (part[0], part[-1]))
    out: list[RawEntity] = []
    for i, (_start, part, titled, prev) in enumerate(candidates):
        label = labels.get(i) or _type_of(
            [t[2] for t in part], titled, prev, person_words, _before_place(text, part[-1][1])
        )
        out.append(RawEntity(part[0][0], part[-1][1], label))
    return out
