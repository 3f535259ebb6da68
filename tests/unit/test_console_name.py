"""The console member's name: --user, else the OS account's full name, never a bare login."""

from __future__ import annotations

import argparse
import getpass
import pwd

import pytest

from bot.cli import console_name


def _account(gecos: str) -> pwd.struct_passwd:
    return pwd.struct_passwd(("root", "x", 0, 0, gecos, "/root", "/bin/sh"))


@pytest.mark.parametrize(
    ("user", "gecos", "name"),
    [
        ("Alice", "root", "Alice"),
        (None, "root", ""),
        (None, "", ""),
        (None, "Dana Scully,,,", "Dana Scully"),
    ],
)
def test_console_name(
    monkeypatch: pytest.MonkeyPatch, user: str | None, gecos: str, name: str
) -> None:
    monkeypatch.setattr(getpass, "getuser", lambda: "root")
    monkeypatch.setattr(pwd, "getpwnam", lambda _login: _account(gecos))
    assert console_name(argparse.Namespace(user=user)) == name
