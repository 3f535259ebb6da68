"""Import results as replies."""

from __future__ import annotations

from core.messages import Fields, Header, Reply, Text
from core.present import Viewer, presents
from core.services.importing import ImportDone


@presents(ImportDone)
def import_done(result: ImportDone, _viewer: Viewer) -> Reply:
    """What came in, table by table."""
    reply = Reply([Header("Imported your export")])
    if result.rows:
        reply.add(Fields(tuple((table, f"{count:,}") for table, count in result.rows)))
    else:
        reply.add(Text("The file held nothing but your member settings."))
    if result.digests_skipped:
        reply.add(
            Text(
                f"{result.digests_skipped} digests were left as they are: one for "
                "that channel is already set up here."
            )
        )
    reply.add(Text("/goal list and /progress show what you have now."))
    return reply
