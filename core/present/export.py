"""Export results as replies with the document attached."""

from __future__ import annotations

from core.messages import Attachment, Reply, Text
from core.present import Viewer, presents
from core.services.export import BragExported
from core.services.export_json import DataExported


@presents(BragExported)
def brag_exported(result: BragExported, _viewer: Viewer) -> Reply:
    """The brag document as a Markdown file."""
    filename = f"brag-{result.year}-{result.user_id}.md"
    reply = Reply([Text(f"Your brag document for {result.year} is ready: {filename}")])
    reply.attachments.append(Attachment(filename, result.markdown, "text/markdown"))
    return reply


@presents(DataExported)
def data_exported(result: DataExported, _viewer: Viewer) -> Reply:
    """All the member's data as a JSON file."""
    filename = f"coachbot-{result.user_id}.json"
    reply = Reply([Text(f"All your data, as JSON: {filename}")])
    reply.attachments.append(Attachment(filename, result.json_text, "application/json"))
    return reply
