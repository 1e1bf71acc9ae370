"""Run one reading task in a child process with limits, and turn a crash, a limit or a timeout into a message.

Children come from a fork server (multiprocessing's "forkserver" start method): a small process started once,
single-threaded, that has imported the readers and forks a fresh child for each file. Forking the dashboard
itself would copy a process full of threads; starting Python for every file would cost a second of imports.
Each child sets its own limits (address space, processor time, file size, no core dumps), sends its stderr to
its job folder (where a Rust reader's panic or failed allocation leaves its last words), reads the file, and
writes its result with `wire.dump`. The parent waits with a wall-clock timeout and kills the child past it.
"""

from __future__ import annotations

import errno
import io
import multiprocessing
import os
import resource
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass
from multiprocessing import forkserver, popen_forkserver, reduction, spawn, util
from pathlib import Path

import etl.guard.wire as wire
from core.errors import Problem, ValidationError
from core.settings import ROOT, child_environment, import_path_first, settings, use_environment

# Imported once by the fork server, so that each child starts with the readers in memory.
PRELOAD = ["etl.guard.preload", "etl.validate.annotate"]
STALE_SECONDS = 24 * 3600  # a job folder this old belongs to a process that is gone
MB = 1024 * 1024
EXIT_PARENT_GONE = 70

_context = multiprocessing.get_context("forkserver")
_context.set_forkserver_preload(PRELOAD)


@dataclass(frozen=True)
class Limits:
    """What one reading process may use (see the README's settings table)."""

    memory_mb: int
    cpu_seconds: int
    timeout_seconds: float
    output_mb: int

    @classmethod
    def from_settings(cls) -> Limits:
        s = settings()
        return cls(memory_mb=s.guard_memory_mb, cpu_seconds=s.guard_cpu_seconds,
                   timeout_seconds=s.guard_timeout_seconds, output_mb=s.guard_output_mb)


TITLE_LIMIT = "The file could not be read safely"
TITLE_STOPPED = "The reader stopped on this file"


class Stopped(ValidationError):
    """The reading process did not finish: `reason` is memory, cpu, timeout, output, crash or failed."""

    def __init__(self, reason: str, problem: Problem, detail: str = ""):
        self.reason = reason
        self.detail = detail
        super().__init__(TITLE_STOPPED if reason in ("crash", "failed") else TITLE_LIMIT, [problem])


HINT_SMALLER = ("remove sheets, rows or columns that are not needed and upload again, or ask an administrator "
                "to raise {setting}")
HINT_DAMAGED = ("the file may be damaged or made to break readers: open it in Excel, save it as a new .xlsx "
                "(File > Save As) and upload that copy")


def stopped(reason: str, file: str, limits: Limits, detail: str = "") -> Stopped:
    """The located message for a reading process that ended for `reason`."""
    if reason == "memory":
        message = f"the file could not be read safely: it needs more than {limits.memory_mb:,} MB of memory"
        hint = HINT_SMALLER.format(setting="HUB_GUARD_MEMORY_MB")
    elif reason == "cpu":
        message = (f"the file could not be read safely: reading it needs more than {limits.cpu_seconds:,} s of "
                   "processor time")
        hint = HINT_SMALLER.format(setting="HUB_GUARD_CPU_SECONDS")
    elif reason == "timeout":
        message = f"the file could not be read safely: reading it took longer than {limits.timeout_seconds:g} s"
        hint = HINT_SMALLER.format(setting="HUB_GUARD_TIMEOUT_SECONDS")
    elif reason == "output":
        message = f"the file could not be read safely: what it holds is more than {limits.output_mb:,} MB once read"
        hint = HINT_SMALLER.format(setting="HUB_GUARD_OUTPUT_MB")
    else:
        message = "the reader stopped on this file" + (f" ({detail})" if detail else "")
        hint = HINT_DAMAGED
    return Stopped(reason, Problem(message, file=file, hint=hint), detail)


# ---- the parent side ----------------------------------------------------------------------------------------


def guard_root() -> Path:
    """Where job folders live: <HUB_GUARD_DIR>/<pid of the server>-<random>/ (private to this user)."""
    return settings().guard_dir


def warm() -> None:
    """Start the fork server now (it imports the readers in the background), so the first file waits less."""
    root = guard_root()
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    _own_socket_folder(root)
    _start_server()


def _start_server() -> None:
    """Start the fork server (if it is not running) with the project on its import path. Python 3.11's fork server
    does not take the parent's sys.path: started from another folder (a dashboard or script run from elsewhere) it
    silently imported none of PRELOAD, so each child imported the readers itself (a second more per file) and spent
    the address space allowed for the file on DuckDB's start-up (a 20 MB workbook was stopped as out of memory)."""
    with import_path_first(ROOT):
        forkserver.ensure_running()


def run(task: Callable, *args: object, file: str, limits: Limits | None = None) -> object:
    """`task(*args)` in a limited child process; its return value, or the ValidationError it raised.

    A child that runs out of memory, processor time or time, writes too much, crashes (a Rust panic aborts
    the process with signal 6) or fails with an exception ends in `Stopped`, a ValidationError naming `file`.
    The job folder is removed whatever happens.
    """
    limits = limits or Limits.from_settings()
    root = guard_root()
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    remove_stale(root)
    _own_socket_folder(root)
    _start_server()
    job = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=root))
    try:
        process = _Process(target=_child, args=(str(job), task, args, asdict(limits), child_environment()),
                           daemon=True)
        process.start()
        process.join(limits.timeout_seconds)
        if process.exitcode is None:
            process.kill()
            process.join(30)
            raise stopped("timeout", file, limits)
        outcome = _outcome(job, process.exitcode, file, limits)
        process.close()
        if outcome["kind"] not in ("ok", "invalid") and settings().debug:  # HUB_DEBUG: the child's traceback
            print(f"[guarded reading of {file}]\n{_tail(job / 'stderr')}", file=sys.stderr)
    finally:
        shutil.rmtree(job, ignore_errors=True)
    kind = outcome["kind"]
    if kind == "ok":
        return outcome["value"]
    if kind == "invalid":
        raise ValidationError(outcome["title"], outcome["problems"], outcome["warnings"])
    raise stopped(kind, file, limits, outcome.get("detail", ""))


def _outcome(job: Path, exitcode: int, file: str, limits: Limits) -> dict:
    """What the child reported, or what its exit code and last words on stderr say happened to it."""
    if exitcode == 0 and (job / wire.RESULT).exists():
        try:
            found = wire.load(job)
        except wire.WireError as e:
            return {"kind": "crash", "detail": str(e)}
        if isinstance(found, dict) and found.get("kind") in ("ok", "invalid", "memory", "output", "failed"):
            return found
        return {"kind": "crash", "detail": "the reading process sent back no result"}
    last_words = _tail(job / "stderr")
    if "memory allocation of" in last_words or "MemoryError" in last_words or "std::bad_alloc" in last_words:
        return {"kind": "memory"}
    if exitcode == -signal.SIGXCPU:
        return {"kind": "cpu"}
    if exitcode == -signal.SIGXFSZ:
        return {"kind": "output"}
    if exitcode == -signal.SIGKILL:  # the kernel's out-of-memory killer, or the hard processor-time limit
        return {"kind": "memory" if "cpu" not in last_words else "cpu"}
    if exitcode < 0:
        name = signal.Signals(-exitcode).name if -exitcode in signal.valid_signals() else str(-exitcode)
        panic = next((line.strip() for line in last_words.splitlines() if "panicked at" in line), "")
        detail = f"it crashed with signal {-exitcode} ({name})" + (f"; {panic}" if panic else "")
        return {"kind": "crash", "detail": detail}
    last = next((line.strip() for line in reversed(last_words.splitlines()) if line.strip()), "")
    return {"kind": "crash", "detail": f"it ended with exit code {exitcode}" + (f": {last[:300]}" if last else "")}


def _tail(path: Path, size: int = 8192) -> str:
    try:
        with open(path, "rb") as f:
            f.seek(max(0, os.fstat(f.fileno()).st_size - size))
            return f.read().decode("utf-8", "replace")
    except OSError:
        return ""


def remove_stale(root: Path, now: float | None = None) -> list[Path]:
    """Remove the folders of processes that are gone (a server or a load killed with kill -9): job folders
    and the fork server's socket folder, both named <pid>-...; anything else there older than a day."""
    removed = []
    now = time.time() if now is None else now
    for folder in root.iterdir() if root.is_dir() else []:
        pid = folder.name.split("-", 1)[0]
        if pid.isdigit():
            stale = not _alive(int(pid))
        else:
            try:
                stale = folder.stat().st_mtime < now - STALE_SECONDS
            except FileNotFoundError:
                continue
        if stale:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _own_socket_folder(root: Path) -> None:
    """The fork server's socket goes in <root>/<pid>-server/ rather than multiprocessing's own pymp-* folder in
    the temporary directory, so that a process killed with kill -9 leaves nothing the next read cannot remove."""
    config = multiprocessing.current_process()._config
    if config.get("tempdir") is None:
        folder = root / f"{os.getpid()}-server"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        config["tempdir"] = str(folder)
        util.Finalize(None, shutil.rmtree, args=(str(folder),), kwargs={"ignore_errors": True}, exitpriority=-100)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class _Popen(popen_forkserver.Popen):
    """The fork server's launcher without the main-module import: multiprocessing would run the script that
    started the server (`streamlit`, a benchmark) again in every child; the tasks need nothing of it."""

    def _launch(self, process_obj):  # as popen_forkserver.Popen._launch, minus init_main_from_*
        prep_data = spawn.get_preparation_data(process_obj._name)
        prep_data.pop("init_main_from_name", None)
        prep_data.pop("init_main_from_path", None)
        buf = io.BytesIO()
        multiprocessing.context.set_spawning_popen(self)
        try:
            reduction.dump(prep_data, buf)
            reduction.dump(process_obj, buf)
        finally:
            multiprocessing.context.set_spawning_popen(None)
        self.sentinel, w = forkserver.connect_to_new_process(self._fds)
        _parent_w = os.dup(w)
        self.finalizer = util.Finalize(self, util.close_fds, (_parent_w, self.sentinel))
        with open(w, "wb", closefd=True) as f:
            f.write(buf.getbuffer())
        self.pid = forkserver.read_signed(self.sentinel)


class _Process(_context.Process):
    @staticmethod
    def _Popen(process_obj):
        return _Popen(process_obj)


# ---- the child side -------------------------------------------------------------------------------------------


_job: Path | None = None  # in a reading process: its job folder


def refused(error: ValidationError) -> None:
    """In a reading process: `error` (a limit the file passes, found beside the reader) is its outcome, sent at
    once, and the process ends whatever its reader is doing. Elsewhere (a task run in this process, as tests do)
    nothing: the error is raised where the reading ends."""
    if _job is None:
        return
    wire.dump({"kind": "invalid", "title": error.title, "problems": error.problems, "warnings": error.warnings}, _job)
    sys.stderr.flush()
    os._exit(0)


def _child(job: str, task: Callable, args: tuple, limits: dict, environment: dict[str, str]) -> None:
    global _job
    folder = _job = Path(job)
    _last_words_to(folder / "stderr")
    use_environment(environment)
    tempfile.tempdir = None  # TMPDIR as the parent has it
    threading.Thread(target=_leave_with_parent, args=(folder,), daemon=True).start()
    _set_limits(Limits(**limits))
    try:
        outcome: dict = {"kind": "ok", "value": task(*args)}
    except ValidationError as e:
        outcome = {"kind": "invalid", "title": e.title, "problems": e.problems, "warnings": e.warnings}
    except MemoryError:
        outcome = {"kind": "memory"}
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as e:  # a reader's bug on this file (a Rust panic arrives as a BaseException)
        traceback.print_exc()
        outcome = {"kind": "failed", "detail": f"{type(e).__name__}: {str(e)[:300]}"}
    try:
        wire.dump(outcome, folder)
    except MemoryError:
        wire.dump({"kind": "memory"}, folder)
    except OSError as e:
        if e.errno != errno.EFBIG:
            raise
        wire.dump({"kind": "output"}, folder)
    sys.stderr.flush()


def _last_words_to(path: Path) -> None:
    """stderr (fd 2, where Rust writes its panics and failed allocations) into the job folder."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.dup2(fd, 2)
    os.close(fd)


def _set_limits(limits: Limits) -> None:
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    output = limits.output_mb * MB
    resource.setrlimit(resource.RLIMIT_FSIZE, (output, output))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG, reported as such
    # The address space the child starts with (the fork server's imports) plus what it may use for the file.
    address_space = _vm_size() + limits.memory_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))


def _vm_size() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _leave_with_parent(folder: Path) -> None:
    """If the server dies (kill -9), stop reading at once and leave nothing behind."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return
    parent.join()
    shutil.rmtree(folder, ignore_errors=True)
    os._exit(EXIT_PARENT_GONE)
