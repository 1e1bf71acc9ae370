"""Accounts for the dashboard: add, password, role, remove, list with lock-outs, unlock, the sign-in log, sign-in."""

from __future__ import annotations

import time
from dataclasses import dataclass

from accounts import users
from accounts.users import ROLES, SignIn, User, UserError

__all__ = ["ROLES", "Account", "AccountError", "LogEntry", "SignIn", "User"]

AccountError = UserError  # a HubError (code "account"): the message says what to change


@dataclass(frozen=True)
class Account:
    """An account as listed: name, role, and since when it is locked out (None when it is not)."""

    name: str
    role: str
    locked_since: float | None = None  # unix time

    @property
    def locked_since_text(self) -> str:
        return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(self.locked_since)) if self.locked_since else ""


@dataclass(frozen=True)
class LogEntry:
    """A lock-out or an unlock, as the sign-in log records it."""

    when: str
    name: str
    event: str
    actor: str
    detail: str


def list_accounts() -> list[Account]:
    """Every account with its role and lock-out, by name."""
    locked = users.sign_in_state().locked()
    return [Account(u.name, u.role, locked.get(u.name.casefold())) for u in users.list_users()]


def add_account(name: str, password: str, role: str = "editor", *, repeated: str | None = None) -> Account:
    """Create an account, or give an existing one a new password and role. `repeated`: the password typed a second
    time, refused when it differs."""
    if repeated is not None and repeated != password:
        raise AccountError("The two passwords differ; nothing was changed.")
    user = users.add_user(name, password, role)
    return Account(user.name, user.role)


def set_password(name: str, password: str, *, repeated: str | None = None) -> Account:
    """A new password for an existing account; its role stays."""
    if repeated is not None and repeated != password:
        raise AccountError("The two passwords differ; nothing was changed.")
    user = users.set_password(name, password)
    return Account(user.name, user.role)


def set_role(name: str, role: str) -> Account:
    """Another role for an existing account (viewer, editor, admin); its password stays."""
    user = users.set_role(name, role)
    return Account(user.name, user.role)


def remove_account(name: str) -> None:
    users.remove_user(name)


def unlock_account(name: str, by: str) -> None:
    """Lift a lock-out after too many failed sign-ins (recorded in the sign-in log with `by`)."""
    if not users.unlock(name, by):
        raise AccountError(f"{name!r} is not locked out; nothing was changed.")


def sign_in_log() -> list[LogEntry]:
    """Every lock-out and unlock, oldest first."""
    return [LogEntry(*row) for row in users.sign_in_state().audit_log()]


def accounts_file() -> str:
    return str(users.users_file())


def sign_in(name: str, password: str) -> SignIn:
    """Check a name and password (failures in a row make the next attempt wait; see accounts.users.sign_in)."""
    return users.sign_in(name, password)


def role_of(name: str) -> str | None:
    """The role of an account (OpenID Connect sign-ins are looked up by e-mail); None when there is none."""
    return users.role_of(name)


def wait_after(failures: int) -> float:
    """Seconds to wait before the next attempt after `failures` failures in a row."""
    return users.delay_for(failures)
