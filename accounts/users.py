"""Dashboard accounts: names, roles and argon2 password hashes in a file outside git, with a sign-in delay."""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from core.errors import HubError
from core.settings import settings

ROLES = ("viewer", "editor", "admin")
EDITOR_ROLES = frozenset({"editor", "admin"})  # may upload, see the history and roll back
NAME = re.compile(r"^[\w.@+-]{2,64}$")
MIN_PASSWORD = 8
# After the n-th failed sign-in in a row, the next attempt for that name waits DELAY_BASE * 2**(n-1) seconds.
DELAY_BASE = 1.0
DELAY_MAX = 300.0
FREE_FAILURES = 2  # the first failures are free of delay (typos)

_hasher = PasswordHasher()


@cache
def _dummy_hash() -> str:
    """A hash to check unknown names against (same time as a real check); made on first use, not at import."""
    return _hasher.hash("not a real password")


class UserError(HubError):
    """A user command that cannot be done; the message says why."""

    code = "account"


@dataclass(frozen=True)
class User:
    name: str
    role: str

    @property
    def can_edit(self) -> bool:
        return self.role in EDITOR_ROLES


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in attempt: the user, or why not and how long to wait before the next try."""

    user: User | None
    wait_seconds: float = 0.0
    locked: bool = False  # True when the attempt was refused without checking the password (too soon)


def users_file() -> Path:
    """`HUB_USERS_FILE`, else users.json in the data folder (never in the repository)."""
    return settings().users_file


def _failures_file() -> Path:
    return users_file().with_name(users_file().stem + ".failures.json")


def _read(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}


def _write(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, ensure_ascii=False, sort_keys=True)
    os.replace(tmp, path)


def _key(name: str) -> str:
    return name.strip().casefold()


def add_user(name: str, password: str, role: str) -> User:
    """Create or update an account (a new password and role for an existing name)."""
    name = name.strip()
    if not NAME.match(name):
        raise UserError("A user name is 2 to 64 letters, digits or . _ - + @ (an e-mail address works).")
    if role not in ROLES:
        raise UserError(f"Unknown role {role!r}; choose one of: {', '.join(ROLES)}.")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"The password must be at least {MIN_PASSWORD} characters long.")
    data = _read(users_file())
    data[_key(name)] = {"name": name, "role": role, "hash": _hasher.hash(password)}
    _write(users_file(), data)
    return User(name, role)


def remove_user(name: str) -> None:
    data = _read(users_file())
    if _key(name) not in data:
        raise UserError(f"There is no user {name!r}.")
    del data[_key(name)]
    _write(users_file(), data)


def list_users() -> list[User]:
    return [User(u["name"], u["role"]) for _, u in sorted(_read(users_file()).items())]


def role_of(name: str) -> str | None:
    """The role of an account (used for OpenID Connect sign-ins, looked up by e-mail), None if unknown."""
    found = _read(users_file()).get(_key(name))
    return found["role"] if found else None


def delay_for(failures: int) -> float:
    """Seconds to wait before the next attempt after `failures` failures in a row."""
    if failures < FREE_FAILURES:
        return 0.0
    return min(DELAY_BASE * 2 ** (failures - FREE_FAILURES), DELAY_MAX)


def sign_in(name: str, password: str, now: float | None = None) -> SignIn:
    """Check a name and password. Failures in a row for a name make the next attempt wait longer and longer.

    An attempt made before the wait is over is refused without looking at the password. An unknown name
    costs the same time as a known one, and counts failures just the same.
    """
    now = time.time() if now is None else now
    key = _key(name)
    failures = _read(_failures_file())
    record = failures.get(key, {"count": 0, "last": 0.0})
    wait = delay_for(record["count"]) - (now - record["last"])
    if wait > 0:
        return SignIn(None, wait_seconds=wait, locked=True)
    found = _read(users_file()).get(key)
    try:
        _hasher.verify(found["hash"] if found else _dummy_hash(), password)
        ok = found is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if ok:
        if key in failures:
            del failures[key]
            _write(_failures_file(), failures)
        return SignIn(User(found["name"], found["role"]))
    record = {"count": record["count"] + 1, "last": now}
    failures[key] = record
    _write(_failures_file(), failures)
    return SignIn(None, wait_seconds=delay_for(record["count"]))
