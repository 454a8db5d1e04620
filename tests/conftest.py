"""Test helpers.

Tests that read the real official files use ``shared_data`` (``../shared/data``
beside the repository, or ``USTMON_SHARED_DATA``); they skip with a clear
reason when it is absent.  Files there are read in place, never copied.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("USTMON_SHARED_DATA", REPO.parent / "shared" / "data"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data files not available: {SHARED_DATA} is missing (put ../shared/data beside the repo)")
    return SHARED_DATA


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


def read_shared(shared: Path, rel: str) -> tuple[bytes, str]:
    """Bytes of a shared file and the origin string parsers get."""
    p = shared / rel
    return p.read_bytes(), str(p)


@pytest.fixture(scope="session")
def mirror_store(shared_data, tmp_path_factory) -> Path:
    """A store built once per test session from every parseable file in ../shared/data.

    Analytics tests read it through ``ustmon.analytics.base.Data(mirror_store)``.
    """
    from ustmon.update import run_update

    db = tmp_path_factory.mktemp("store") / "mirror.duckdb"
    outcomes = run_update(store_path=db, mirror=shared_data)
    failed = [(o.source, o.error) for o in outcomes if o.error]
    assert not failed, f"mirror ingest failed: {failed}"
    return db
