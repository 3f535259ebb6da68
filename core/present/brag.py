"""The brag document written out: Markdown, or a self-contained printable HTML page.
Member text is escaped in both, so it cannot turn into structure."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from core.services.export import BragDocument, BragItem, DocumentSection


@dataclass(frozen=True)
class Markup:
    """How each part of an item is written: an escape for member text, and a format
    string per part."""

    escape: Callable[[str], str]
    when: str
    notes: str
    private: str
    command: str
    outcome: str
    tags: str


PAGE_STYLE = """
body { font: 11pt/1.5 Georgia, "Times New Roman", serif; color: #222; margin: 0; }
main { max-width: 44em; margin: 2em auto; padding: 0 1.5em; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { font-size: 1.2em; border-bottom: 1px solid #ccc; margin-top: 1.6em; }
h3 { font-size: 1em; margin-bottom: 0.2em; }
ul { padding-left: 1.2em; }
li { margin: 0.4em 0; }
.about, .note, .tags, .private { color: #666; }
.about { font-style: italic; }
.tags, .private { font-size: 0.85em; }
.outcome, .tags { display: block; }
code { font-size: 0.9em; }
@media print {
  main { margin: 0; max-width: none; }
  h2 { break-after: avoid; }
  li { break-inside: avoid; }
}
"""


def brag_markdown(document: BragDocument) -> str:
    """The document as Markdown."""
    lines = [f"# {_md(document.title)}", "", f"_{_md(document.about)}_", ""]
    for section in document.sections:
        lines += _markdown_section(section)
    return "\n".join(lines).rstrip() + "\n"


def _markdown_section(section: DocumentSection) -> list[str]:
    lines = [f"## {section.title}", ""]
    if section.intro:
        lines += [_md(section.intro), ""]
    for group in section.groups:
        if group.label:
            lines += [f"**{_md(group.label)}**", ""]
        lines += [_markdown_item(item) for item in group.items] + [""]
    return lines


def _md(text: str) -> str:
    """Keep member text from turning into Markdown structure."""
    return " ".join(text.split()).replace("<", "&lt;").replace(">", "&gt;")


def brag_html(document: BragDocument) -> str:
    """The document as one HTML page: inline style, no scripts, nothing fetched."""
    body = "\n".join(_html_section(section) for section in document.sections)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(document.title)}</title>\n<style>{PAGE_STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n<h1>{escape(document.title)}</h1>\n"
        f'<p class="about">{escape(document.about)}</p>\n{body}\n</main>\n</body>\n</html>\n'
    )


def _html_section(section: DocumentSection) -> str:
    parts = [f"<section>\n<h2>{escape(section.title)}</h2>"]
    if section.intro:
        parts.append(f"<p>{escape(section.intro)}</p>")
    for group in section.groups:
        if group.label:
            parts.append(f"<h3>{escape(group.label)}</h3>")
        items = "\n".join(f"<li>{_html_item(item)}</li>" for item in group.items)
        parts.append(f"<ul>\n{items}\n</ul>")
    return "\n".join(parts) + "\n</section>"


def _html_item(item: BragItem) -> str:
    return _item(item, HTML)


def _item(item: BragItem, markup: Markup) -> str:
    """One item in either markup; every piece of text goes through its escape."""
    esc = markup.escape
    text = markup.when.format(item.when.isoformat()) if item.when else ""
    text += esc(item.text)
    if item.notes:
        text += markup.notes.format(esc(", ".join(item.notes)))
    if item.private:
        text += markup.private
    if item.command:
        text += markup.command.format(esc(item.command))
    if item.outcome:
        text += markup.outcome.format(esc(item.outcome))
    if item.tags:
        text += markup.tags.format(esc(", ".join(item.tags)))
    return text


def _markdown_item(item: BragItem) -> str:
    return "- " + _item(item, MARKDOWN)


MARKDOWN = Markup(
    _md,
    when="**{}**: ",
    notes=" ({})",
    private=" _(private)_",
    command=": `{}`",
    outcome="\n  - Outcome: {}",
    tags="\n  - _tags:_ {}",
)
HTML = Markup(
    escape,
    when="<strong>{}</strong>: ",
    notes=' <span class="note">({})</span>',
    private=' <span class="private">(private)</span>',
    command=": <code>{}</code>",
    outcome='<span class="outcome">Outcome: {}</span>',
    tags='<span class="tags">tags: {}</span>',
)
