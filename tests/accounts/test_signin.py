"""Sign-in under many hands: every attempt counted and delayed before the password is read, lock-outs, recovery."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from accounts import signin, users
from store import Store
from tests.conftest import ROOT

PASSWORD = "a long secret"


class FastClock(signin.Clock):
    """Real time running SPEED times faster: sleeps really happen (shortened), so threads really queue."""

    def __init__(self, speed: float = 50.0):
        start_real, start = time.monotonic(), 1_000_000.0
        super().__init__(now=lambda: start + (time.monotonic() - start_real) * speed,
                         sleep=lambda seconds: time.sleep(seconds / speed))


class FakeClock(signin.Clock):
    """Time that moves only when told to or slept through (for one thread at a time)."""

    def __init__(self, start: float = 1000.0):
        self.t = start
        self.slept: list[float] = []
        super().__init__(now=lambda: self.t, sleep=self._sleep)

    def _sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += seconds


@pytest.fixture
def accounts(store: Store) -> Store:
    users.add_user("anna", PASSWORD, "editor")
    return store


class Checks(list):
    """The times (on `clock`) at which a password hash was checked."""

    clock: signin.Clock = signin.Clock()


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> Checks:
    seen = Checks()
    real = users._hasher

    class Counting:
        def hash(self, password: str) -> str:
            return real.hash(password)

        def verify(self, hash_: str, password: str) -> bool:
            seen.append(seen.clock.now())
            return real.verify(hash_, password)

    monkeypatch.setattr(users, "_hasher", Counting())
    return seen


def test_twenty_parallel_guesses_are_each_counted_and_each_wait_their_turn(accounts: Store, checks,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    clock = FastClock(speed=10)
    checks.clock = clock
    turns: list[tuple[float, signin.Turn]] = []  # (time the turn was given, the turn)
    begin = signin.SignInState.begin_attempt

    def recording(self: signin.SignInState, name: str) -> signin.Turn:
        turn = begin(self, name)
        turns.append((turn.next_at - signin.delay_for(turn.failures) - turn.wait if turn.check else clock.now(),
                      turn))
        return turn

    monkeypatch.setattr(signin.SignInState, "begin_attempt", recording)
    barrier = threading.Barrier(20)
    results: list[users.SignIn] = []
    errors: list[BaseException] = []

    def guess(i: int) -> None:
        try:
            barrier.wait()
            results.append(users.sign_in("anna", f"wrong guess {i}", clock=clock))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    started = time.perf_counter()
    threads = [threading.Thread(target=guess, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    elapsed = time.perf_counter() - started
    assert not errors, errors
    assert len(results) == 20 and all(r.user is None for r in results)
    failures, next_at, locked_at = users.sign_in_state().record("anna")
    assert failures == 20, "every attempt is counted, whether its password was read or not"
    assert sorted(t.failures for _, t in turns) == list(range(1, 21)), "counted one after the other, none lost"
    assert locked_at is None
    # Each checked attempt had a turn of its own, the turns spaced by the growing delay, and it was checked only
    # once its turn had come; the others were refused without reading the password.
    granted = sorted(((given + t.wait, t) for given, t in turns if t.check), key=lambda x: x[0])
    assert len(checks) == len(granted) == sum(not r.locked for r in results) >= 3
    for (start, turn), (next_start, _) in zip(granted, granted[1:], strict=False):
        assert next_start >= start + signin.delay_for(turn.failures) - 1e-6
    for checked_at, (start, _) in zip(sorted(checks), granted, strict=True):
        assert checked_at >= start - 1e-6, "a password was read before its turn"
    checked_at = [round(c - min(checks), 1) for c in sorted(checks)]
    refused = [r for r in results if r.locked]
    assert len(refused) == 20 - len(granted) >= 10 and all(r.wait_seconds > signin.MAX_SLEEP for r in refused)
    # the state file is a valid database afterwards, and the right password after the delay works
    with sqlite3.connect(users.state_file()) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    clock.sleep(max(0.0, next_at - clock.now()) + 0.1)
    assert users.sign_in("anna", PASSWORD, clock=clock).user == users.User("anna", "editor")
    assert users.sign_in_state().record("anna") == (0, 0.0, None), "a right password starts the count again"
    print(f"\n20 parallel sign-ins, clock x10: {elapsed:.2f} s; {len(granted)} hashes checked at "
          f"{checked_at} s, {len(refused)} refused unread")


def test_parallel_processes_share_the_count(accounts: Store) -> None:
    """Two processes (two dashboard servers) guessing at once add to the same count."""
    code = ("import sys; from accounts import users; from accounts.signin import Clock\n"
            "clock = Clock(sleep=lambda s: None)\n"
            "for i in range(5): users.sign_in('anna', 'wrong', clock=clock)\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env) for _ in range(3)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    assert users.sign_in_state().record("anna")[0] == 15


def test_an_attempt_waits_for_its_turn_before_the_password_is_read(accounts: Store, checks) -> None:
    clock = FakeClock()
    checks.clock = clock
    waits = []
    for _ in range(5):
        result = users.sign_in("anna", "wrong", clock=clock)
        assert result.user is None and not result.locked
        waits.append(result.wait_seconds)
    assert waits == [0.0, 1.0, 2.0, 4.0, 8.0]
    assert clock.slept == [1.0, 2.0, 4.0]  # the 3rd, 4th and 5th attempts each waited for their turn
    assert [c - checks[0] for c in checks] == [0.0, 0.0, 1.0, 3.0, 7.0]
    clock.t += 5  # the right password 5 s after the 5th failure: it waits the remaining 3 s, then signs in
    assert users.sign_in("anna", PASSWORD, clock=clock).user is not None
    assert clock.slept[-1] == pytest.approx(3.0) and checks[-1] - checks[0] == pytest.approx(15.0)
    assert users.sign_in("anna", "wrong", clock=clock).wait_seconds == 0.0  # the success reset the count
    assert users.sign_in("nobody", "wrong", clock=clock).user is None  # unknown names are refused the same way
    assert users.sign_in_state().record("nobody")[0] == 1


def test_an_attempt_whose_turn_is_far_off_is_refused_unread_and_counted(accounts: Store, checks) -> None:
    clock = FakeClock()
    checks.clock = clock
    for _ in range(8):  # 8 failures in a row: the next turn is 64 s after the last one
        clock.t += 1000
        users.sign_in("anna", "wrong", clock=clock)
    read = len(checks)
    result = users.sign_in("anna", PASSWORD, clock=clock)
    assert result.user is None and result.locked and result.wait_seconds == pytest.approx(64.0)
    assert len(checks) == read, "the password of a refused attempt is never checked"
    assert users.sign_in_state().record("anna")[0] == 9


def test_the_real_clock_really_waits(accounts: Store) -> None:
    users.sign_in("anna", "wrong")
    # Timed from the start of the 2nd attempt, whose turn the 3rd one's is reserved after: from the start of the
    # 3rd, the wait is 1 s less the time the 2nd took to check its password (longer on a busy machine).
    started = time.perf_counter()
    users.sign_in("anna", "wrong")
    assert users.sign_in("anna", PASSWORD).user is not None  # the 3rd attempt's turn is 1 s after the 2nd began
    assert time.perf_counter() - started >= 0.95


def test_a_name_locked_out_stays_locked_until_an_admin_unlocks_it(accounts: Store, monkeypatch, checks,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("HUB_SIGNIN_LOCKOUT", "4")
    clock = FakeClock()
    checks.clock = clock
    with caplog.at_level(logging.WARNING, logger="hub.accounts"):
        results = [users.sign_in("anna", "wrong", clock=clock) for _ in range(4)]
    assert results[-1].locked_out and "locked out after 4" in caplog.text
    read = len(checks)
    clock.t += 10_000
    assert users.sign_in("anna", PASSWORD, clock=clock).locked_out  # even the right password
    assert len(checks) == read
    assert users.sign_in_state().locked().keys() == {"anna"}
    listed = cli("users", "list")
    assert "anna\teditor\tlocked out since" in listed.stdout
    done = cli("users", "unlock", "Anna", env={"HUB_USER": "root-admin"})
    assert done.returncode == 0, done.stderr
    again = cli("users", "unlock", "anna")
    assert again.returncode == 1 and "not locked out" in again.stderr
    log = cli("users", "log").stdout.splitlines()
    assert [line.split("\t")[1:4] for line in log] == [["anna", "locked", "sign-in"],
                                                        ["anna", "unlocked", "root-admin"]]
    assert users.sign_in("anna", PASSWORD, clock=clock).user is not None


def test_a_corrupt_state_file_is_set_aside_with_a_warning_never_a_lockout(accounts: Store,
                                                                         caplog: pytest.LogCaptureFixture) -> None:
    clock = FakeClock()
    users.sign_in("anna", "wrong", clock=clock)
    path = users.state_file()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.write_bytes(b'{"anna": {"count": 3, "last": 1')  # half a JSON file, as the old code left it
    with caplog.at_level(logging.WARNING, logger="hub.accounts"):
        assert users.sign_in("anna", PASSWORD, clock=clock).user is not None
        assert users.sign_in("bob", "wrong", clock=clock).user is None
    assert "damaged" in caplog.text and caplog.text.count("damaged") == 1
    kept = sorted(path.parent.glob(path.name + ".corrupt-*"))
    assert [p.read_bytes() for p in kept] == [b'{"anna": {"count": 3, "last": 1']
    assert users.sign_in_state().record("bob")[0] == 1


def test_parallel_attempts_on_a_corrupt_file_all_recover_once(accounts: Store) -> None:
    path = users.state_file()
    path.write_bytes(os.urandom(4096))
    clock = signin.Clock(sleep=lambda s: None)
    barrier = threading.Barrier(8)
    results, errors = [], []

    def attempt() -> None:
        try:
            barrier.wait()
            results.append(users.sign_in("anna", "wrong", clock=clock))
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert len(list(path.parent.glob(path.name + ".corrupt-*"))) == 1
    assert users.sign_in_state().record("anna")[0] == 8


def test_accounts_file_is_written_atomically_under_a_lock(store: Store) -> None:
    """Parallel `users add` of different names: none is lost, the file stays valid, no fixed temporary name."""
    barrier = threading.Barrier(6)
    errors = []

    def add(i: int) -> None:
        try:
            barrier.wait()
            users.add_user(f"user{i}", PASSWORD, "editor")
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=add, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(u.name for u in users.list_users()) == [f"user{i}" for i in range(6)]
    assert json.loads(users.users_file().read_text())
    assert oct(users.users_file().stat().st_mode & 0o777) == "0o600"
    assert not list(store.dir.glob("*.tmp"))


def test_a_damaged_accounts_file_is_a_clear_error(store: Store) -> None:
    users.users_file().parent.mkdir(parents=True, exist_ok=True)
    users.users_file().write_text("{broken")
    with pytest.raises(users.UserError, match="damaged"):
        users.sign_in("anna", PASSWORD, clock=signin.Clock(sleep=lambda s: None))
    done = cli("users", "list")
    assert done.returncode == 1 and "damaged" in done.stderr and "Traceback" not in done.stderr


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, timeout=120)
