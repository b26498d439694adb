"""Bodies (plain text with line breaks, pasted tables or Markdown) rendered to sanitized HTML: no scripts, no event handlers, no javascript: links."""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "del",
    "blockquote", "code", "pre", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th",
    "td", "sup", "sub",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


def _cells(line: str) -> list[str]:
    return [cell.strip().replace("|", "\\|") for cell in line.split("\t")]


def pasted_tables_to_markdown(text: str) -> str:
    """A table pasted from Word or WPS arrives as lines of tab-separated cells. Two or more such
    lines in a row become a Markdown table, the first line its header."""
    lines = (text or "").replace("\r\n", "\n").split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        block = []
        while index + len(block) < len(lines) and "\t" in lines[index + len(block)]:
            block.append(lines[index + len(block)])
        if len(block) >= 2:
            rows = [_cells(line) for line in block]
            width = max(len(row) for row in rows)
            rows = [row + [""] * (width - len(row)) for row in rows]
            if out and out[-1].strip():
                out.append("")
            out.append("| " + " | ".join(rows[0]) + " |")
            out.append("|" + " --- |" * width)
            out.extend("| " + " | ".join(row) + " |" for row in rows[1:])
            out.append("")
            index += len(block)
        else:
            out.append(lines[index])
            index += 1
    return "\n".join(out)


def render_markdown(text: str) -> SafeString:
    """Office staff write plain text: every line break is kept ("一、…" on its own line),
    pasted tables become tables, and Markdown (lists, **bold**, tables) still works."""
    html = markdown.markdown(
        pasted_tables_to_markdown(text),
        extensions=["tables", "sane_lists", "nl2br"],
        output_format="html",
    )
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 — sanitized by nh3 just above
