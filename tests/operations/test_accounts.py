"""operations.accounts: add, password, role, remove, list with lock-outs, unlock and the sign-in log."""

from __future__ import annotations

import pytest

from core.errors import HubError
from operations import accounts
from store import Store


def test_add_password_role_remove(store: Store) -> None:
    assert accounts.list_accounts() == []
    assert accounts.add_account("anna", "a long secret", "editor") == accounts.Account("anna", "editor")
    assert accounts.sign_in("anna", "a long secret").user == accounts.User("anna", "editor")
    accounts.set_password("anna", "another secret", repeated="another secret")
    assert accounts.sign_in("anna", "a long secret").user is None
    assert accounts.sign_in("anna", "another secret").user == accounts.User("anna", "editor")
    assert accounts.set_role("anna", "admin") == accounts.Account("anna", "admin")
    assert accounts.sign_in("anna", "another secret").user == accounts.User("anna", "admin")  # password kept
    assert accounts.role_of("ANNA") == "admin"
    assert accounts.list_accounts() == [accounts.Account("anna", "admin")]
    accounts.remove_account("anna")
    assert accounts.list_accounts() == []


@pytest.mark.parametrize(("call", "says"), [
    (lambda: accounts.add_account("anna", "short"), "at least 8"),
    (lambda: accounts.add_account("a", "a long secret"), "user name"),
    (lambda: accounts.add_account("anna", "a long secret", "boss"), "Unknown role"),
    (lambda: accounts.add_account("anna", "a long secret", repeated="a long secreT"), "differ"),
    (lambda: accounts.set_password("nobody", "a long secret"), "no user"),
    (lambda: accounts.set_role("nobody", "viewer"), "no user"),
    (lambda: accounts.set_role("anna", "boss"), "Unknown role"),
    (lambda: accounts.remove_account("nobody"), "no user"),
    (lambda: accounts.unlock_account("anna", by="admin"), "not locked out"),
])
def test_refusals_are_hub_errors_with_a_code_and_change_nothing(store: Store, call, says: str) -> None:
    accounts.add_account("anna", "a long secret", "editor")
    with pytest.raises(accounts.AccountError) as refused:
        call()
    assert isinstance(refused.value, HubError) and refused.value.code == "account" and says in refused.value.message
    assert accounts.list_accounts() == [accounts.Account("anna", "editor")]
    assert accounts.sign_in("anna", "a long secret").user is not None


def test_lock_out_listed_unlocked_and_logged(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from accounts import users

    monkeypatch.setenv("HUB_SIGNIN_LOCKOUT", "3")
    accounts.add_account("anna", "a long secret", "editor")
    state = users.sign_in_state()
    for _ in range(3):
        state.begin_attempt("anna")
    locked = accounts.list_accounts()
    assert locked[0].locked_since is not None and locked[0].locked_since_text.endswith("UTC")
    accounts.unlock_account("anna", by="admin")
    assert accounts.list_accounts()[0].locked_since is None
    log = accounts.sign_in_log()
    assert [(e.name, e.event, e.actor) for e in log][-1] == ("anna", "unlocked", "admin")
    assert all(isinstance(e, accounts.LogEntry) for e in log)
