"""Every setting of the dashboard, the command line and the exports, read from the environment in one place."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = ROOT / "data" / "reference"


@dataclass(frozen=True)
class Settings:
    """The settings in force; each field is documented in the README's settings table (a test checks it)."""

    data_dir: Path  # HUB_DATA_DIR: the folder holding the store versions
    users_file: Path  # HUB_USERS_FILE: accounts and roles
    upload_dir: Path  # HUB_UPLOAD_DIR: uploads under review
    max_upload_mb: float  # HUB_MAX_UPLOAD_MB: the largest file accepted
    survey_min_n: int  # HUB_SURVEY_MIN_N: fewest respondents behind any survey figure shown or exported
    debug: bool  # HUB_DEBUG: tracebacks in the command line
    user: str  # HUB_USER (else USER): who the command line loads and rolls back as
    browser_path: str | None  # BROWSER_PATH: the Chromium kaleido drives
    soffice: str | None  # HUB_SOFFICE: the LibreOffice that turns briefs into PDF
    lang: str  # HUB_LANG, else LANG: the language of the command line and of the dashboard's first page

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
    "HUB_DEBUG": "debug",
    "HUB_USER": "user",
    "BROWSER_PATH": "browser_path",
    "HUB_SOFFICE": "soffice",
    "HUB_LANG": "lang",
    "LANG": "lang",
}
SUPPORTED_LANGUAGES = ("kk", "ru", "en")  # core.i18n.LANGUAGES; here so that settings import nothing


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
        survey_min_n=max(int(env.get("HUB_SURVEY_MIN_N") or 10), 1),
        debug=bool(env.get("HUB_DEBUG")),
        user=env.get("HUB_USER") or env.get("USER") or "cli",
        browser_path=env.get("BROWSER_PATH") or None,
        soffice=env.get("HUB_SOFFICE") or None,
        lang=language_of(env.get("HUB_LANG")) or language_of(env.get("LANG")) or "en",
    )


def data_dir() -> Path:
    """Folder holding the store versions (`HUB_DATA_DIR`, default data/store)."""
    return settings().data_dir
