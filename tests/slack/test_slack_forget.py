"""Forget-me names slack_sdk's installation table and columns without importing slack_sdk."""

from __future__ import annotations

from adapters.slack import forget, storage


def test_forget_me_uses_slack_sdks_table_and_columns() -> None:
    table = storage.slack_metadata().tables[storage.INSTALLATIONS]
    assert forget.INSTALLATIONS == storage.INSTALLATIONS
    assert set(forget.INSTALLATION_ROWS.c.keys()) <= set(table.c.keys())
