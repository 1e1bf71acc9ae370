"""Paths and settings, each overridable by an environment variable."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_DIR = ROOT / "data" / "reference"


def data_dir() -> Path:
    """Folder holding the store versions; `HUB_DATA_DIR` overrides `data/store`."""
    return Path(os.environ.get("HUB_DATA_DIR") or ROOT / "data" / "store")
