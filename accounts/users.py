"""Dashboard accounts: names, roles and argon2 password hashes in a file outside git, with a sign-in delay."""

from __future__ import annotations

import fcntl
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from accounts.signin import FREE_FAILURES as FREE_FAILURES  # the delay policy, for callers of this module
from accounts.signin import MAX_SLEEP as MAX_SLEEP
from accounts.signin import Clock, SignInState
from accounts.signin import delay_for as delay_for
from core.errors import HubError
from core.settings import settings

ROLES = ("viewer", "editor", "admin")
EDITOR_ROLES = frozenset({"editor", "admin"})  # may upload, see the history and roll back
NAME = re.compile(r"^[\w.@+-]{2,64}$")
MIN_PASSWORD = 8

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
    locked: bool = False  # True when the attempt was refused without checking the password (too soon, locked out)
    locked_out: bool = False  # the name is locked out until an admin runs `python -m etl users unlock NAME`


def users_file() -> Path:
    """`HUB_USERS_FILE`, else users.json in the data folder (never in the repository)."""
    return settings().users_file


def state_file() -> Path:
    """The sign-in state (failed attempts, delays, lock-outs, audit log): SQLite beside the accounts file."""
    return users_file().with_name(users_file().stem + ".signin.sqlite")


def sign_in_state(clock: Clock | None = None) -> SignInState:
    return SignInState(state_file(), lockout_after=settings().signin_lockout, clock=clock)


def _read(path: Path) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise UserError(f"The accounts file {path} is damaged ({e.msg} at line {e.lineno}); nobody can sign in "
                        "until it is restored from a backup or fixed by hand.") from None
    if not isinstance(data, dict):
        raise UserError(f"The accounts file {path} does not hold accounts; restore it from a backup.")
    return data


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock for changing `path` (a file of its own beside it, so readers never wait)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(os.open(path.with_name(path.name + ".lock"), os.O_WRONLY | os.O_CREAT, 0o600), "w") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        yield


def _write(path: Path, data: dict) -> None:
    """Replace `path` atomically: a temporary file with a unique name (mode 600), flushed to disk, then renamed."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")  # mkstemp: mode 600
    try:
        with open(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1, ensure_ascii=False, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself survives a power cut
    finally:
        os.close(directory)


def _change(change: Callable[[dict], None]) -> None:
    """Read, change and write the accounts file under its lock, so two commands never lose each other's work."""
    path = users_file()
    with _locked(path):
        data = _read(path)
        change(data)
        _write(path, data)


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
    record = {"name": name, "role": role, "hash": _hasher.hash(password)}
    _change(lambda data: data.__setitem__(_key(name), record))
    return User(name, role)


def remove_user(name: str) -> None:
    def remove(data: dict) -> None:
        if _key(name) not in data:
            raise UserError(f"There is no user {name!r}.")
        del data[_key(name)]

    _change(remove)


def set_password(name: str, password: str) -> User:
    """A new password for an existing account (its role stays)."""
    if len(password) < MIN_PASSWORD:
        raise UserError(f"The password must be at least {MIN_PASSWORD} characters long.")
    return _update(name, hash=_hasher.hash(password))


def set_role(name: str, role: str) -> User:
    """Another role for an existing account (its password stays)."""
    if role not in ROLES:
        raise UserError(f"Unknown role {role!r}; choose one of: {', '.join(ROLES)}.")
    return _update(name, role=role)


def _update(name: str, **values: str) -> User:
    changed: list[dict] = []

    def update(data: dict) -> None:
        record = data.get(_key(name))
        if record is None:
            raise UserError(f"There is no user {name!r}.")
        record.update(values)
        changed.append(record)

    _change(update)
    return User(changed[0]["name"], changed[0]["role"])


def list_users() -> list[User]:
    return [User(u["name"], u["role"]) for _, u in sorted(_read(users_file()).items())]


def role_of(name: str) -> str | None:
    """The role of an account (used for OpenID Connect sign-ins, looked up by e-mail), None if unknown."""
    found = _read(users_file()).get(_key(name))
    return found["role"] if found else None


def unlock(name: str, actor: str) -> bool:
    """Lift the lock-out of `name` (recorded in the audit log with `actor`); False when it was not locked out."""
    return sign_in_state().unlock(_key(name), actor)


def sign_in(name: str, password: str, clock: Clock | None = None) -> SignIn:
    """Check a name and password. Failures in a row for a name make later attempts wait longer and longer.

    The attempt is counted, and its turn reserved, before the password is looked at, in one transaction that
    queues behind any other attempt: parallel guesses are each counted and each wait for a turn of their own.
    An attempt whose turn is less than MAX_SLEEP seconds away waits for it; a later one is refused without
    looking at the password. A right password clears the count; a locked-out name is refused until unlocked.
    An unknown name costs the same time as a known one, and counts failures just the same.
    """
    clock = clock or Clock()
    key = _key(name)
    state = sign_in_state(clock)
    turn = state.begin_attempt(key)
    if turn.locked_out:
        return SignIn(None, locked=True, locked_out=True)
    if not turn.check:
        return SignIn(None, wait_seconds=turn.wait, locked=True)
    if turn.wait > 0:
        clock.sleep(turn.wait)
    found = _read(users_file()).get(key)
    try:
        _hasher.verify(found["hash"] if found else _dummy_hash(), password)
        ok = found is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if ok:
        if not state.succeeded(key):
            return SignIn(None, locked=True, locked_out=True)
        return SignIn(User(found["name"], found["role"]))
    return SignIn(None, wait_seconds=max(0.0, turn.next_at - clock.now()))
