"""The core depends on nothing above it: no adapter, no composition root, no platform SDK."""

from __future__ import annotations

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "core"
FORBIDDEN = ("adapters", "bot", "migrations", "slack_sdk", "slack_bolt", "discord", "aiohttp")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _offending(names: list[str]) -> list[str]:
    return [n for n in names if n.split(".")[0] in FORBIDDEN]


def test_no_core_module_imports_an_adapter_bot_or_platform_library() -> None:
    found = {
        str(path.relative_to(CORE.parent)): bad
        for path in sorted(CORE.rglob("*.py"))
        if (bad := _offending(_imports(path)))
    }
    assert found == {}


def test_the_check_catches_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "leaky.py"
    module.write_text("import discord\nfrom adapters.slack import storage\nfrom core import x\n")
    assert _offending(_imports(module)) == ["discord", "adapters.slack"]
