"""Export results as replies with the document attached."""

from __future__ import annotations

from typing import assert_never

from core.commands.export import BragFormat
from core.messages import Attachment, Reply, Text
from core.present import Viewer, presents
from core.present.brag import brag_html, brag_markdown
from core.services.export import BragExported
from core.services.export_json import DataExported


@presents(BragExported)
def brag_exported(result: BragExported, _viewer: Viewer) -> Reply:
    """The brag document as a Markdown file or a printable HTML page."""
    name = f"brag-{result.year}-{result.user_id}{'-shared' if result.shared_only else ''}"
    match result.format:
        case BragFormat.MARKDOWN:
            attachment = Attachment(f"{name}.md", brag_markdown(result.document), "text/markdown")
            hint = ""
        case BragFormat.HTML:
            attachment = Attachment(f"{name}.html", brag_html(result.document), "text/html")
            hint = " Open it in a browser; printing it gives a PDF."
        case _:
            assert_never(result.format)
    reply = Reply(
        [Text(f"Your brag document for {result.year} is ready: {attachment.filename}.{hint}")]
    )
    reply.attachments.append(attachment)
    return reply


@presents(DataExported)
def data_exported(result: DataExported, _viewer: Viewer) -> Reply:
    """All the member's data as a JSON file."""
    filename = f"coachbot-{result.user_id}.json"
    reply = Reply([Text(f"All your data, as JSON: {filename}")])
    reply.attachments.append(Attachment(filename, result.json_text, "application/json"))
    return reply
