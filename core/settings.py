"""Every setting of the dashboard, the command line and the exports, read from the environment in one place."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = ROOT / "data" / "reference"

# Rules of the product, defined here once and imported wherever they apply (README, "Rules defined once"). They are
# not settings: changing one changes what a published figure means.
CONFIDENCE = 0.95  # the level of every interval computed and of the significance rule ("beyond the margin of error")
Z95 = 1.959963984540054  # NormalDist().inv_cdf(0.5 + CONFIDENCE / 2), two-sided (a test checks; the survey view too)
SURVEY_MIN_N = 10  # the default of HUB_SURVEY_MIN_N: fewest respondents behind a survey figure (store_info for SQL)
SHARED_MEMORY = Path("/dev/shm")  # Linux's shared memory: files there are held in memory, never written to a disk
# What a world rank is (left out of averages, headlines, ranks and the brief) is a rule of the store's SQL:
# store/views/world_ranks.sql, read as the column is_world_rank.


@dataclass(frozen=True)
class Settings:
    """The settings in force; each field is documented in the README's settings table (a test checks it)."""

    data_dir: Path  # HUB_DATA_DIR: the folder holding the store versions
    users_file: Path  # HUB_USERS_FILE: accounts and roles
    upload_dir: Path  # HUB_UPLOAD_DIR: uploads under review
    max_upload_mb: float  # HUB_MAX_UPLOAD_MB: the largest file accepted
    survey_min_n: int  # HUB_SURVEY_MIN_N: fewest respondents behind any survey figure shown or exported
    signin_lockout: int  # HUB_SIGNIN_LOCKOUT: failed sign-ins in a row that lock a name out (0: never)
    debug: bool  # HUB_DEBUG: tracebacks in the command line
    user: str  # HUB_USER (else USER): who the command line loads and rolls back as
    browser_path: str | None  # BROWSER_PATH: the Chromium kaleido drives
    soffice: str | None  # HUB_SOFFICE: the LibreOffice that turns briefs into PDF
    lang: str  # HUB_LANG, else LANG: the language of the command line and of the dashboard's first page
    # Reading untrusted files (etl/guard): the worker process's limits, then limits checked before any work.
    guard_memory_mb: int  # HUB_GUARD_MEMORY_MB: memory the reading process may use on top of its start-up
    guard_cpu_seconds: int  # HUB_GUARD_CPU_SECONDS: processor time it may use
    guard_timeout_seconds: float  # HUB_GUARD_TIMEOUT_SECONDS: wall-clock time it may take
    guard_output_mb: int  # HUB_GUARD_OUTPUT_MB: the largest file it may write (the parsed result)
    guard_dir: Path  # HUB_GUARD_DIR: where its job folder (its result, its last words) is made
    max_unzipped_mb: int  # HUB_MAX_UNZIPPED_MB: what a workbook's parts may expand to, together
    max_part_mb: int  # HUB_MAX_PART_MB: what one part (a sheet's XML, the shared strings) may expand to
    max_zip_ratio: float  # HUB_MAX_ZIP_RATIO: expansion of one part over its compressed size
    max_sheets: int  # HUB_MAX_SHEETS: sheets in one workbook
    max_rows: int  # HUB_MAX_ROWS: rows of one sheet (its used range) or lines of a CSV
    max_columns: int  # HUB_MAX_COLUMNS: columns of one sheet (its used range) or fields of a CSV line
    max_cells: int  # HUB_MAX_CELLS: rows x columns of one sheet's used range
    max_field_kb: int  # HUB_MAX_FIELD_KB: the longest CSV field

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)


# Environment variable -> Settings field; the README documents each variable.
VARIABLES = {
    "HUB_DATA_DIR": "data_dir",
    "HUB_USERS_FILE": "users_file",
    "HUB_UPLOAD_DIR": "upload_dir",
    "HUB_MAX_UPLOAD_MB": "max_upload_mb",
    "HUB_SURVEY_MIN_N": "survey_min_n",
    "HUB_SIGNIN_LOCKOUT": "signin_lockout",
    "HUB_DEBUG": "debug",
    "HUB_USER": "user",
    "BROWSER_PATH": "browser_path",
    "HUB_SOFFICE": "soffice",
    "HUB_LANG": "lang",
    "HUB_GUARD_MEMORY_MB": "guard_memory_mb",
    "HUB_GUARD_CPU_SECONDS": "guard_cpu_seconds",
    "HUB_GUARD_TIMEOUT_SECONDS": "guard_timeout_seconds",
    "HUB_GUARD_OUTPUT_MB": "guard_output_mb",
    "HUB_GUARD_DIR": "guard_dir",
    "HUB_MAX_UNZIPPED_MB": "max_unzipped_mb",
    "HUB_MAX_PART_MB": "max_part_mb",
    "HUB_MAX_ZIP_RATIO": "max_zip_ratio",
    "HUB_MAX_SHEETS": "max_sheets",
    "HUB_MAX_ROWS": "max_rows",
    "HUB_MAX_COLUMNS": "max_columns",
    "HUB_MAX_CELLS": "max_cells",
    "HUB_MAX_FIELD_KB": "max_field_kb",
}
SUPPORTED_LANGUAGES = ("kk", "ru", "en")  # core.i18n.LANGUAGES; here so that settings import nothing


def no_huge_pages() -> None:
    """numpy asks the kernel for transparent huge pages (madvise) on each array of 4 MB or more, and Arrow's memory
    pool (mimalloc 3) on each 1 GiB it reserves. Where the kernel then compacts memory as such pages are first
    touched (Debian's default, defrag 'madvise') on a virtual machine whose fresh memory is slow to come by, each
    stalls. On the benchmark's 200,000-row upload: the server's checks took 1.4-1.8 s instead of 0.4 s, prepare
    1.3-1.5 s instead of 0.5 s, the reading process's sort into file order 1.2-1.6 s instead of 0.4 s, nearly all
    of it system time. Turned off for every process of the product (core imports this module): numpy's at once,
    mimalloc's through the environment, which it reads as pyarrow first allocates (this process, if pyarrow has not
    yet done so, and the reading processes' fork server, started from it). NUMPY_MADVISE_HUGEPAGE and
    MIMALLOC_ALLOW_THP, when set, still decide."""
    from numpy._core import multiarray

    if "NUMPY_MADVISE_HUGEPAGE" not in os.environ:
        multiarray._set_madvise_hugepage(False)
    os.environ.setdefault("MIMALLOC_ALLOW_THP", "0")


def language_of(value: str | None) -> str | None:
    """The interface language a locale name asks for ("kk_KZ.UTF-8" -> "kk", "ru" -> "ru"), or None."""
    code = (value or "").split(".")[0].split("_")[0].split("-")[0].strip().lower()
    return code if code in SUPPORTED_LANGUAGES else None


def settings() -> Settings:
    """The settings as the environment gives them now (read at each use, so tests and the CLI may set them)."""
    env = os.environ
    data = Path(env.get("HUB_DATA_DIR") or ROOT / "data" / "store")
    return Settings(
        data_dir=data,
        users_file=Path(env.get("HUB_USERS_FILE") or data / "users.json"),
        upload_dir=Path(env.get("HUB_UPLOAD_DIR") or Path(tempfile.gettempdir()) / "hub-uploads"),
        max_upload_mb=float(env.get("HUB_MAX_UPLOAD_MB") or 50),
        survey_min_n=max(int(env.get("HUB_SURVEY_MIN_N") or SURVEY_MIN_N), 1),
        signin_lockout=max(int(env.get("HUB_SIGNIN_LOCKOUT") or 30), 0),
        debug=bool(env.get("HUB_DEBUG")),
        user=env.get("HUB_USER") or env.get("USER") or "cli",
        browser_path=env.get("BROWSER_PATH") or None,
        soffice=env.get("HUB_SOFFICE") or None,
        lang=language_of(env.get("HUB_LANG")) or language_of(env.get("LANG")) or "en",
        guard_memory_mb=_positive(env, "HUB_GUARD_MEMORY_MB", 2048),
        guard_cpu_seconds=_positive(env, "HUB_GUARD_CPU_SECONDS", 120),
        guard_timeout_seconds=_positive(env, "HUB_GUARD_TIMEOUT_SECONDS", 180, float),
        guard_output_mb=(output_mb := _positive(env, "HUB_GUARD_OUTPUT_MB", 1024)),
        guard_dir=Path(env.get("HUB_GUARD_DIR") or _job_folders(output_mb)),
        max_unzipped_mb=_positive(env, "HUB_MAX_UNZIPPED_MB", 500),
        max_part_mb=_positive(env, "HUB_MAX_PART_MB", 300),
        max_zip_ratio=_positive(env, "HUB_MAX_ZIP_RATIO", 100, float),
        max_sheets=_positive(env, "HUB_MAX_SHEETS", 100),
        max_rows=_positive(env, "HUB_MAX_ROWS", 1_000_000),
        max_columns=_positive(env, "HUB_MAX_COLUMNS", 4_000),
        max_cells=_positive(env, "HUB_MAX_CELLS", 25_000_000),
        max_field_kb=_positive(env, "HUB_MAX_FIELD_KB", 128),
    )


def _job_folders(output_mb: int) -> Path:
    """Linux's shared memory (/dev/shm) when it has room for the largest result a reading process may write:
    a result is written once and read back at once, and there that takes a fifth of the time a disk does (a
    130 MB result: about 0.1 s against 0.4-0.7 s on an ext4 disk); else (a container's small /dev/shm, another
    system) the temporary folder."""
    try:
        room = os.statvfs(SHARED_MEMORY)
        if room.f_bavail * room.f_frsize > output_mb * 1024 * 1024 and os.access(SHARED_MEMORY, os.W_OK):
            return SHARED_MEMORY / "hub-guard"
    except OSError:
        pass
    return Path(tempfile.gettempdir()) / "hub-guard"


def _positive(env, name: str, default: float, kind: type = int):
    """A positive number from the environment (`default` when unset); a wrong value says which variable."""
    text = env.get(name)
    if not text:
        return kind(default)
    try:
        value = kind(float(text)) if kind is int else kind(text)
    except ValueError:
        raise ValueError(f"{name} must be a number, not {text!r}") from None
    if value <= 0:
        raise ValueError(f"{name} must be above 0, not {text!r}")
    return value


def child_environment() -> dict[str, str]:
    """The settings in force here as environment variables, for a child process started by a fork server (whose
    environment is the one the server started with): every HUB_ variable, and TMPDIR."""
    return {k: v for k, v in os.environ.items() if k.startswith("HUB_") or k == "TMPDIR"}


def use_environment(environment: dict[str, str]) -> None:
    """In such a child: the parent's settings (child_environment()) replace the HUB_ variables it started with."""
    for key in [k for k in os.environ if k.startswith("HUB_")]:
        del os.environ[key]
    os.environ.update(environment)


@contextmanager
def import_path_first(folder: Path) -> Iterator[None]:
    """PYTHONPATH with `folder` first, while a process that must import from it is started (the fork server)."""
    with _environment_lock:
        before = os.environ.get("PYTHONPATH")
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (str(folder), before) if p)
        try:
            yield
        finally:
            if before is None:
                del os.environ["PYTHONPATH"]
            else:
                os.environ["PYTHONPATH"] = before


_environment_lock = threading.Lock()


def data_dir() -> Path:
    """Folder holding the store versions (`HUB_DATA_DIR`, default data/store)."""
    return settings().data_dir
