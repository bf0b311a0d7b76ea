"""Lines of a scraped page and the line-level boilerplate patterns.

A scraped article arrives as lines: paragraphs, headings, and the page furniture the scraper
left in. Each pattern here is a general shape of boilerplate (a breadcrumb trail, a call to
action, a copyright notice, ...), never a particular site's wording, and each returns the
reason code it is recorded under.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from newsloom.model.article import RemovalReason

WORD = re.compile(r"\w+", re.UNICODE)

# Words that carry no topic: used when comparing the vocabulary of lines and paragraphs.
STOPWORDS = frozenset(
    re.findall(
        r"\S+",
        """
    a an the and or but if of to in on at by for with from as into onto over under about after
    before between through during without within against among up down out off than then so too very
    is are was were be been being am has have had do does did will would shall should can could may
    might must not no nor this that these those it its it's he she they them his her their our we us
    you your i me my what what's which who whom whose when where why how all any both each few more
    most other some such only own same just also here there s t don now new says said say one two
    """,
    )
)


@dataclass
class Line:
    """One non-blank line of the raw text: its stripped content and where it sits."""

    index: int
    start: int
    end: int
    text: str
    reason: RemovalReason | None = None
    heading: bool = False
    notes: dict[str, str] = field(default_factory=dict)
    # The function words of the page's language (English unless the cleaner detected another).
    stopwords: frozenset[str] = field(default=STOPWORDS, repr=False, compare=False)

    @cached_property
    def words(self) -> list[str]:
        return WORD.findall(self.text)

    @property
    def n_words(self) -> int:
        return len(self.words)

    @cached_property
    def content_words(self) -> set[str]:
        return content_words(self.text, self.stopwords)

    @property
    def kept(self) -> bool:
        return self.reason is None


def split_lines(raw: str, stopwords: frozenset[str] = STOPWORDS) -> list[Line]:
    """The non-blank lines of ``raw`` with offsets of their stripped content; ``stopwords`` are
    the function words of the text's language.

    >>> [(ln.start, ln.end, ln.text) for ln in split_lines("a\\n\\n  b c \\n")]
    [(0, 1, 'a'), (5, 8, 'b c')]
    """
    lines: list[Line] = []
    pos = 0
    for piece in raw.splitlines(keepends=True):
        body = piece.rstrip("\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85")
        stripped = body.strip()
        if stripped:
            start = pos + (len(body) - len(body.lstrip()))
            lines.append(Line(len(lines), start, start + len(stripped), stripped, stopwords=stopwords))
        pos += len(piece)
    return lines


def stem(word: str) -> str:
    """A crude stem (lower case, first six letters) so "soldiers" meets "soldier"."""
    return word.lower()[:6]


def content_words(text: str, stopwords: frozenset[str] = STOPWORDS) -> set[str]:
    """Stemmed words of ``text`` that carry topic (no stopwords, no bare numbers)."""
    return {
        stem(w)
        for w in WORD.findall(text)
        if len(w) > 2
        and not w.isdigit()
        and w.lower() not in stopwords
        and w.lower().rstrip("s") not in stopwords
    }


# ---------------------------------------------------------------------------------------------
# Shapes of lines

SENTENCE_END = re.compile(r"""[.!?…]["'”’»)\]]*$""")
HAS_SENTENCE_INSIDE = re.compile(r"\w[.!?][\"'”’]?\s+[\"'“‘(]?[A-Z0-9]")


def is_sentence_like(line: str) -> bool:
    """Ends like a sentence (., !, ? or an ellipsis, perhaps inside a closing quote)."""
    return bool(SENTENCE_END.search(line))


def title_case_ratio(words: list[str]) -> float:
    """Share of the words of four letters or more that start with a capital letter."""
    long = [w for w in words if len(w) >= 4 and w[0].isalpha()]
    if not long:
        return 0.0
    return sum(w[0].isupper() for w in long) / len(long)


def is_headline_like(text: str, max_words: int = 24) -> bool:
    """A short line without a final full stop whose words are mostly capitalised or that reads
    like a headline: the shape of titles, section headings and related-article links."""
    words = WORD.findall(text)
    if not 2 <= len(words) <= max_words:
        return False
    if text.endswith((".", ",", ";")) and not text.endswith("..."):
        return False
    if LINK_SEPARATORS.search(text) and len(LINK_SEPARATORS.findall(text)) >= 2:
        return False
    # A headline may be a quotation: look past opening quote marks for the capital.
    first = text.lstrip("'\"‘“«")[:1]
    return (
        title_case_ratio(words) >= 0.6 or text.endswith(("?", ":")) or (len(words) >= 4 and first.isupper())
    )


# ---------------------------------------------------------------------------------------------
# Boilerplate patterns: each maps a line to a reason, or None.

BREADCRUMB_SEPARATOR = re.compile(r"\s(?:»|›|>>|>|/|\\|→|::)\s|»|›")
BREADCRUMB_START = re.compile(r"^(?:home|homepage|start|front page|news|you are here:?)\b", re.I)

MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
IMAGE_FILE = re.compile(r"^\S*\.(?:jpe?g|png|gif|webp|svg|bmp|tiff?|avif|heic)(?:\?\S*)?$", re.I)
IMAGE_CREDIT = re.compile(
    r"^(?:\(?(?:photo|image|picture|pic|file photo|photograph|illustration|video)s?\)?"
    r"(?:\s+(?:credit|courtesy|by|source))?\s*[:|/–—-]\s*.{1,60}|"
    r"(?:photo|image)\s+(?:credit|courtesy)\s*:?.{0,60})$",
    re.I,
)

# Calls to action: imperative requests to the reader about the site, not the story.
CALL_TO_ACTION = re.compile(
    r"^(?:"
    r"(?:please\s+)?(?:join|follow|subscribe|sign\s*up|signup|register|like|download|install|get)\s+"
    r"(?:us|our|to\s+our|for\s+(?:our|free|the\s+latest)|now|today|the\s+app|on\s+\w+|@\w+|free)\b"
    r"|(?:subscribe|sign\s*up|register)\b.{0,60}(?:newsletter|updates|alerts|free|now|today|here)\b"
    r"|share\s+(?:this|on|via|the\s+story|the\s+article|your)\b"
    r"|(?:click|tap)\s+here\b"
    r"|(?:don'?t|do\s+not|never)\s+miss\b"
    r"|(?:stay|keep)\s+(?:updated|informed|connected|up\s+to\s+date)\b"
    r"|get\s+(?:the\s+latest|breaking|daily|our)\b"
    r"|for\s+(?:the\s+)?(?:latest|more)\s+(?:news|updates|stories)\b.{0,80}\b(?:follow|join|subscribe|download|visit)\b"
    r")",
    re.I,
)
CALL_TO_ACTION_ANYWHERE = re.compile(
    r"ctrl\s*\+\s*enter|\b(?:whatsapp|telegram)\s+(?:channel|group)\b|"
    r"\bnewsletter\b.{0,40}\b(?:sign\s*up|subscribe|inbox)\b|"
    r"\b(?:sign\s*up|subscribe)\b.{0,40}\bnewsletter\b|"
    r"\bfollow\s+us\s+on\b|\bjoin\s+us\s+on\b|\blike\s+us\s+on\s+facebook\b|"
    r"\bshare\s+(?:on|via)\s+(?:facebook|twitter|x|whatsapp|linkedin|email|telegram|reddit)\b",
    re.I,
)
SHARE_BUTTONS = re.compile(
    r"^(?:(?:share|tweet|email|e-mail|print|facebook|twitter|whatsapp|linkedin|reddit|pinterest|telegram|"
    r"copy\s+link|comments?|save|x)\b[\s|·•/,:]*){1,12}$",
    re.I,
)

COPYRIGHT = re.compile(
    r"^(?:copyright\b|©|\(c\)\s*\d{4})|\ball\s+rights\s+reserved\b|©\s*(?:\d{4}|copyright)", re.I
)

COMMENT_PROMPT = re.compile(
    r"^(?:\d+\s+)?(?:comments?|responses?|replies|discussion)(?:\s*\(\d+\))?:?$|"
    r"^(?:leave|post|add|write|submit)\s+(?:a|your)\s+(?:reply|comment|response)\b|"
    r"^(?:be\s+the\s+first\s+to\s+comment|(?:view|show|hide|read|see)\s+(?:all\s+)?(?:\d+\s+)?comments?)\b|"
    r"^you\s+must\s+be\s+logged\s+in\s+to\s+(?:post\s+a\s+)?comment|^cancel\s+reply$|"
    r"^(?:what\s+do\s+you\s+think\??|have\s+your\s+say:?)$",
    re.I,
)

AUTHOR_BOX = re.compile(
    r"^(?:about\s+the\s+(?:author|writer|reporter|contributor)s?|author\s+(?:bio|profile))\b:?", re.I
)

NAVIGATION = re.compile(
    r"^(?:read\s+more|read\s+also|also\s+read|see\s+also|more\s+(?:on\s+this|from|stories|news|like\s+this)|"
    r"related(?:\s+(?:articles?|stories|news|posts|content|coverage))?|recommended(?:\s+for\s+you)?|"
    r"(?:next|previous|prev|older|newer)\s+(?:article|story|post|page)|back\s+to\s+top|top\s+stories|"
    r"trending(?:\s+now)?|most\s+(?:read|popular|viewed|shared)|advertisements?|sponsored(?:\s+content)?|"
    r"skip\s+to\s+(?:main\s+)?content|loading\.*|tags?|topics?|filed\s+under|continue\s+reading|"
    r"story\s+continues\s+below(?:\s+advertisement)?)\b[\s:.»›>]*$",
    re.I,
)
RELATED_PREFIX = re.compile(
    r"^(?:read\s+(?:more|also|next)|also\s+read|see\s+also|related|more|watch|listen|recommended|"
    r"you\s+(?:may|might)\s+also\s+like|don'?t\s+miss)\s*[:|»›>–—-]\s*\S",
    re.I,
)
LINK_SEPARATORS = re.compile(r"\s[|·•]\s|\s[|·•]$|^[|·•]\s")

CREDIT = re.compile(
    r"^\(?\s*(?:courtesy|credit|source|sources|story\s+courtesy|content\s+courtesy|syndicated\s+from|"
    r"republished\s+from|article\s+from|originally\s+published\s+(?:by|in|on)|(?:this\s+(?:article|story)\s+)?(?:was\s+)?"
    r"(?:first\s+)?(?:published|appeared)\s+(?:by|in|on)|with\s+(?:inputs?|reporting)\s+from|"
    r"inputs?\s+from)\s*[:\-–—]?\s*(?P<who>[^()]{2,60}?)\s*\.?\s*\)?$",
    re.I,
)
# "(AP)", "— Reuters", "(AFP/Reuters)", "The Associated Press", "AP Sports Writer",
# "Associated Press - December 29, 2007 4:44 AM ET": a wire agency alone on a line, perhaps
# with a staff role or the time it filed.
WIRE_LINE = re.compile(
    r"^[(\[–—-]*\s*(?:[Tt]he\s+)?(?P<who>(?:AP|AFP|Reuters|PTI|IANS|ANI|UPI|dpa|DPA|Xinhua|Yonhap|Bloomberg|"
    r"Associated\s+Press|Agence\s+France-Presse|Press\s+Trust\s+of\s+India)"
    r"(?:\s*[/,&]\s*(?:AP|AFP|Reuters|PTI|IANS|ANI|UPI|dpa|Xinhua|Yonhap|Bloomberg))*)\s*[)\]]?"
    r"(?:\s+(?:\w+\s+)?(?i:writer|correspondent|reporter|editor)s?)?"
    r"(?:\s*[-–—|,]\s*[\w ,.:]*\d[\w ,.:]*)?\s*\.?$"
)
# "Palm Beach Post Staff Writer", "AP Sports Writer": a newsroom and a role, no name.
STAFF_ROLE = re.compile(
    r"^(?:[A-Z][\w.&'’-]*\s+){1,5}(?i:staff|sports|business|political|senior|chief|foreign|science)\s+"
    r"(?i:writer|correspondent|reporter|editor)s?\.?$"
)

BYLINE = re.compile(
    r"^\(?(?i:by|written\s+by|words\s+by|(?:additional\s+)?reporting\s+by|author|posted\s+by|story\s+by)\s*:?\s+"
    r"(?P<who>[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|der|da|bin|al|and|&|,)){0,8})"
    r"(?:\s*[,;|–—-]\s*.{0,60})?\)?$",
)

EMPTY = re.compile(r"^[\W_]*$", re.UNICODE)

# A slug: the page's headline lower-cased with its punctuation stripped, as it appears in URLs
# and in some scrapes ("seven things to know about the vote").
SLUG = re.compile(r"^[a-z0-9]+(?:[ -][a-z0-9]+){5,}$")


def is_breadcrumb(text: str) -> bool:
    """A trail of links: "Home » World » Asia", "News > Politics > Story title"."""
    seps = BREADCRUMB_SEPARATOR.findall(text)
    if not seps:
        return False
    if BREADCRUMB_START.match(text) and len(WORD.findall(text)) <= 30:
        return True
    # Without a "Home" start, ask for two or more arrow-like separators and no sentence.
    arrows = [s for s in seps if s.strip() in {"»", "›", ">>", ">", "→"}]
    return len(arrows) >= 2 and not is_sentence_like(text) and len(WORD.findall(text)) <= 30


def breadcrumb_last(text: str) -> str:
    """The last item of a breadcrumb trail (often the article's own title)."""
    parts = [p.strip() for p in BREADCRUMB_SEPARATOR.split(text) if p.strip()]
    return parts[-1] if parts else ""


def is_image(text: str) -> bool:
    """A markdown image link, a bare image file name, or a photo credit line."""
    if MARKDOWN_IMAGE.search(text) and len(MARKDOWN_IMAGE.sub("", text).split()) <= 3:
        return True
    if IMAGE_FILE.match(text):
        return True
    return len(WORD.findall(text)) <= 12 and bool(IMAGE_CREDIT.match(text))


def is_call_to_action(text: str) -> bool:
    """A request to the reader to join, follow, subscribe, share, sign up or press a key."""
    n = len(WORD.findall(text))
    if n > 40:
        return False
    if CALL_TO_ACTION_ANYWHERE.search(text):
        return True
    if n <= 25 and CALL_TO_ACTION.match(text):
        return True
    return n <= 12 and bool(SHARE_BUTTONS.match(text))


def is_copyright(text: str) -> bool:
    return len(WORD.findall(text)) <= 40 and bool(COPYRIGHT.search(text))


def is_comment_prompt(text: str) -> bool:
    return len(WORD.findall(text)) <= 12 and bool(COMMENT_PROMPT.match(text.strip(" .")))


def is_author_box(text: str) -> bool:
    return len(WORD.findall(text)) <= 6 and bool(AUTHOR_BOX.match(text))


def is_navigation(text: str) -> bool:
    """Menus and link rows: "Read more", "Next article", a row of links split by | or ·."""
    n = len(WORD.findall(text))
    if n <= 8 and NAVIGATION.match(text):
        return True
    seps = LINK_SEPARATORS.findall(text)
    return len(seps) >= 2 and not is_sentence_like(text) and n / (len(seps) + 1) <= 6


def is_related_link(text: str) -> bool:
    """A line that announces another article: "Read more: ...", "Related: ..."."""
    return len(WORD.findall(text)) <= 30 and bool(RELATED_PREFIX.match(text))


def credit_of(text: str) -> str | None:
    """Who supplied the story, if the line is a credit line ("Courtesy: X", "(AP)")."""
    if len(WORD.findall(text)) > 14:
        return None
    m = WIRE_LINE.match(text)
    if m:
        return m.group("who").strip()
    m = CREDIT.match(text)
    if m and not is_sentence_like(m.group("who")):
        return m.group("who").strip(" .:")
    return None


def byline_of(text: str) -> list[str] | None:
    """The author names of a byline ("By Jane Doe and John Roe"), or None."""
    if len(WORD.findall(text)) > 16:
        return None
    m = BYLINE.match(text)
    if not m:
        return None
    names = re.split(r"\s*(?:,|\band\b|&)\s*", m.group("who"))
    return [n.strip(" .") for n in names if len(n.strip(" .")) > 1] or None


def is_empty(text: str) -> bool:
    """No letter or digit at all ("***", "|", "—")."""
    return bool(EMPTY.match(text))


def is_slug(text: str) -> bool:
    """A lower-case, punctuation-free run of six or more words: a URL slug of a headline."""
    return bool(SLUG.match(text)) and not any(ch.isupper() for ch in text)


def rule_reason(text: str) -> RemovalReason | None:
    """The boilerplate reason of a line judged on its own, or None if it may be content."""
    if is_empty(text):
        return "empty"
    if is_image(text):
        return "image"
    if is_breadcrumb(text):
        return "breadcrumb"
    if is_copyright(text):
        return "copyright"
    if is_author_box(text):
        return "author_box"
    if is_comment_prompt(text):
        return "comment_prompt"
    if is_call_to_action(text):
        return "call_to_action"
    if is_related_link(text):
        return "related_headline"
    if is_navigation(text):
        return "navigation"
    if credit_of(text) is not None:
        return "credit_line"
    if byline_of(text) is not None or STAFF_ROLE.match(text):
        return "byline"
    return None
