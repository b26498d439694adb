"""Chinese text for full-text search: what is indexed, how a query is read, how a snippet is marked.

Why character bigrams *and* jieba
---------------------------------
Neither SQLite's FTS5 (tokenizer ``unicode61``) nor PostgreSQL's ``simple`` configuration can split
Chinese into words: both see a whole run of Chinese characters as one token. So the text is
segmented here, in Python, and handed to the database as space-separated tokens.

Segmenting with jieba alone is not enough for a search box on a government site: jieba decides
word boundaries from context, so the same two characters are one word in one sentence and belong
to two different words in another (``…入党费用…``, ``党费收缴`` → ``党费``/``收缴`` but ``缴纳党费``
→ ``缴纳``/``党费`` depending on the dictionary). A reader who types 党费, 换届 or 考核 expects
every text that contains those characters, as a substring search would give.

So the index holds, for each field:

1. a *stream* of overlapping character bigrams of every run of Chinese characters (党费收缴 →
   党费 费收 收缴), latin words and numbers as themselves, and a break token wherever punctuation
   separates two runs, all in text order. A Chinese query word of n ≥ 2 characters becomes the
   phrase of its n − 1 bigrams, which matches exactly the texts containing that substring —
   independent of how jieba would have segmented either side. One character becomes a prefix
   query on the bigrams (党 → 党*). Quoted phrases are streams too, so "…" means "these
   words, adjacent and in this order" on both databases (FTS5 ``"a b"``, PostgreSQL ``a <-> b``).
2. after the stream, the distinct words of three or more characters that
   ``jieba.cut_for_search`` finds (民主评议, 党支部, 预备党员). A query word that jieba also
   sees as one such word is searched as ``(bigram phrase OR word)``, so texts where it is a real
   word rank higher; recall never depends on it.

Both databases receive the same token strings and the same query tree, so they find the same
disclosures. The stream is capped at ``MAX_STREAM_TOKENS`` per field because PostgreSQL stores
positions only up to 16383; the cap is applied on SQLite too so that both behave alike.

Text is NFKC-normalised (full-width letters, digits and spaces become ASCII) and lowercased on
both sides, index and query.
"""

import html
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

# The break token: stands for punctuation between two runs so that a phrase never spans it.
BREAK = "0brk0"
MAX_STREAM_TOKENS = 15000
MAX_QUERY_LENGTH = 100
MIN_JIEBA_WORD = 3

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_PIECES = re.compile(rf"([{_CJK}]+)|([^\W_{_CJK}]+)|(\S)")
_CJK_RUN = re.compile(rf"[{_CJK}]+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "「": '"', "」": '"'})


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def stream_tokens(text: str, limit: int = MAX_STREAM_TOKENS) -> list[str]:
    """Bigrams of Chinese runs, latin words, and break tokens between runs, in text order."""
    tokens: list[str] = []
    for match in _PIECES.finditer(normalize(text)):
        cjk, word, other = match.groups()
        if cjk:
            if len(cjk) == 1:
                tokens.append(cjk)
            else:
                tokens.extend(cjk[i : i + 2] for i in range(len(cjk) - 1))
        elif word:
            tokens.append(word)
        elif other and tokens and tokens[-1] != BREAK:
            tokens.append(BREAK)
        if len(tokens) >= limit:
            break
    while tokens and tokens[-1] == BREAK:
        tokens.pop()
    return tokens[:limit]


def _jieba():
    import jieba

    if not getattr(jieba.dt, "initialized", False):
        import logging

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
    return jieba


def warm_up() -> None:
    """Load jieba's dictionary now (a second or more, tens of MB): the web server calls this before
    it forks its workers, so they share it and no reader's search waits for it."""
    _jieba()


def jieba_words(text: str) -> list[str]:
    """Distinct Chinese words of three or more characters, in order of first appearance."""
    seen: dict[str, None] = {}
    jieba = _jieba()
    for run in _CJK_RUN.findall(normalize(text)):
        if len(run) < MIN_JIEBA_WORD:
            continue
        for word in jieba.cut_for_search(run):
            if len(word) >= MIN_JIEBA_WORD:
                seen.setdefault(word, None)
    return list(seen)


def index_text(text: str) -> str:
    """The token string stored in the index for one field: the stream, a break, then jieba's words."""
    stream = stream_tokens(text)
    words = jieba_words(text) if stream else []
    return " ".join([*stream, BREAK, *words] if words else stream)


class QueryError(ValueError):
    """A query the search cannot run; the message is shown to the reader (中文 / English)."""


@dataclass
class Term:
    """One thing every result must contain: a phrase of stream tokens, or a one-character prefix."""

    tokens: list[str]
    prefix: bool = False
    word: str | None = None  # jieba's word for it, as an alternative that ranks higher
    text: str = ""  # what the reader typed, for highlighting


@dataclass
class Query:
    terms: list[Term] = field(default_factory=list)

    def fts5(self, *, title_only: bool = False) -> str:
        """The FTS5 MATCH expression: terms joined by AND (in the title alone if asked)."""
        parts = []
        for term in self.terms:
            if term.prefix:
                parts.append(f'"{term.tokens[0]}"*')
                continue
            phrase = '"' + " ".join(term.tokens) + '"'
            parts.append(f'({phrase} OR "{term.word}")' if term.word else phrase)
        expression = " AND ".join(parts)
        return f"title : ({expression})" if title_only else expression

    def fts5_words(self) -> str | None:
        """Matches holding jieba's word for every term that has one (None: no term has one)."""
        words = [f'"{term.word}"' for term in self.terms if term.word]
        return " AND ".join(words) if words else None

    def tsquery(self, *, title_only: bool = False) -> str:
        """The PostgreSQL to_tsquery('simple', …) expression with the same meaning (title: the
        lexemes weighted A)."""
        weight = "A" if title_only else ""
        parts = []
        for term in self.terms:
            if term.prefix:
                parts.append(f"'{term.tokens[0]}':*{weight}")
                continue
            lexemes = [f"'{token}'" + (f":{weight}" if weight else "") for token in term.tokens]
            phrase = " <-> ".join(lexemes)
            if len(term.tokens) > 1:
                phrase = f"({phrase})"
            if term.word:
                word = f"'{term.word}'" + (f":{weight}" if weight else "")
                phrase = f"({phrase} | {word})"
            parts.append(phrase)
        return " & ".join(parts)

    def tsquery_words(self) -> str | None:
        words = [f"'{term.word}'" for term in self.terms if term.word]
        return " & ".join(words) if words else None

    def highlight_patterns(self) -> list[str]:
        return [term.text for term in self.terms if term.text]


def _term(text: str) -> Term | None:
    tokens = stream_tokens(text, limit=MAX_QUERY_LENGTH)
    while tokens and tokens[0] == BREAK:
        tokens.pop(0)
    if not tokens:
        return None
    shown = normalize(text).strip()
    if len(tokens) == 1 and len(tokens[0]) == 1 and _CJK_RUN.fullmatch(tokens[0]):
        return Term(tokens=tokens, prefix=True, text=shown)
    word = None
    if _CJK_RUN.fullmatch(shown) and len(shown) >= MIN_JIEBA_WORD:
        if [w for w in _jieba().cut(shown)] == [shown]:
            word = shown
    return Term(tokens=tokens, word=word, text=shown)


def parse_query(raw: str) -> Query:
    """Words separated by spaces must all occur (AND); "quoted words" must occur as written.
    A quote without its partner is ignored rather than refused."""
    text = normalize((raw or "").translate(_QUOTES)).strip()
    if not text:
        raise QueryError(_("请输入检索词"))
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(_("检索词不能超过%(n)d个字") % {"n": MAX_QUERY_LENGTH})
    if text.count('"') % 2:
        last = text.rfind('"')
        text = text[:last] + " " + text[last + 1 :]
    query = Query()
    for index, part in enumerate(text.split('"')):
        if index % 2:  # inside quotes: one phrase, spaces between Chinese characters ignored
            phrase = re.sub(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])", "", part)
            term = _term(phrase)
            if term:
                query.terms.append(term)
        else:
            for word in part.split():
                term = _term(word)
                if term:
                    query.terms.append(term)
    if not query.terms:
        raise QueryError(_("请输入汉字、字母或数字"))
    return query


_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_LINE = re.compile(r"^[ \t]{0,3}(?:#{1,6}|>+|[-*+]|\d+\.)[ \t]+", re.MULTILINE)
_MARKDOWN_INLINE = re.compile(r"(\*{1,3}|_{2,3}|`+|~~)")


def plain(text: str) -> str:
    """Markdown source reduced to readable text for a snippet (links keep their words)."""
    text = _MARKDOWN_LINK.sub(lambda m: m.group(1), text or "")
    text = _MARKDOWN_INLINE.sub("", _MARKDOWN_LINE.sub("", text))
    return re.sub(r"\s+", " ", text).strip()


def _pattern_for(term_text: str) -> str:
    # Whitespace inside a phrase may be absent or different in the text.
    return r"\s*".join(re.escape(ch) for ch in term_text if not ch.isspace())


def snippet_html(text: str, query: Query, *, width: int = 120) -> str:
    """An escaped extract of the text around the first match, each match wrapped in <mark>.
    Everything from the text is escaped; only the <mark> tags are ours."""
    source = unicodedata.normalize("NFKC", plain(text))
    patterns = [_pattern_for(p) for p in query.highlight_patterns()]
    patterns = [p for p in patterns if p]
    if not source:
        return ""
    matcher = (
        re.compile("|".join(sorted(patterns, key=len, reverse=True)), re.IGNORECASE)
        if patterns
        else None
    )
    first = matcher.search(source) if matcher else None
    start = max(0, first.start() - width // 3) if first else 0
    end = min(len(source), start + width)
    extract = source[start:end]
    out = ["…" if start else ""]
    position = 0
    for match in matcher.finditer(extract) if matcher else ():
        if match.start() == match.end():
            continue
        out.append(html.escape(extract[position : match.start()]))
        out.append("<mark>" + html.escape(match.group(0)) + "</mark>")
        position = match.end()
    out.append(html.escape(extract[position:]))
    out.append("…" if end < len(source) else "")
    return "".join(out)
