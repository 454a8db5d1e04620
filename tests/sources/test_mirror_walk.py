"""Every file of the shared data folder is read by exactly one source and parses, or is skipped on purpose.

The files are found by walking the folder when the tests are collected (nothing is listed by hand), so a
file added to the folder becomes a test of its own, named by its path.  A folder no source reads must be
declared, with its reason, in :data:`ustmon.sources.base.SKIPPED_MIRROR_DIRS`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SHARED_DATA
from ustmon.sources import SOURCE_MODULES, get_source
from ustmon.sources.base import SKIPPED_MIRROR_DIRS, mirror_skip_rule
from ustmon.validate import validate_payload


def _walk(root: Path) -> list[str]:
    if not root.is_dir():
        return []
    # README.md files describe the folder; they are not data
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() and p.name != "README.md")


FILES = _walk(SHARED_DATA)


@pytest.fixture(scope="module")
def listed(shared_data) -> dict[str, list[tuple[str, str]]]:
    """relative path -> [(source, kind)] for every file some source's mirror_files() lists."""
    out: dict[str, list[tuple[str, str]]] = {}
    for name in SOURCE_MODULES:
        for mf in get_source(name).mirror_files(shared_data):
            rel = str(Path(mf.path).resolve().relative_to(shared_data.resolve()))
            out.setdefault(rel, []).append((name, mf.kind))
    return out


def test_walk_found_files(shared_data):
    assert FILES, f"no files under {SHARED_DATA}"


def test_sources_list_only_files_that_exist(shared_data, listed):
    assert not [rel for rel in listed if not (shared_data / rel).is_file()]


def test_skip_rules_have_reasons():
    for folder, why in SKIPPED_MIRROR_DIRS.items():
        assert folder and "/" not in folder and len(why) > 20, folder
    assert mirror_skip_rule(Path("cftc/openbb_vcr_cassettes/x.yaml")) == "openbb_vcr_cassettes"
    assert mirror_skip_rule(Path("market/MOVE.csv")) == "market"
    assert mirror_skip_rule(Path("fred/DGS10.csv")) is None
    assert mirror_skip_rule(Path("market.csv")) is None  # a file's own name is not a folder rule


@pytest.mark.parametrize("rel", FILES, ids=FILES)
def test_every_file_is_read_once_or_skipped_on_purpose(shared_data, listed, rel):
    readers = listed.get(rel, [])
    rule = mirror_skip_rule(Path(rel))
    if rule is not None:
        assert not readers, f"{rel} sits in skipped folder {rule!r} but {readers} read it"
        pytest.skip(f"skipped on purpose, rule {rule!r}: {SKIPPED_MIRROR_DIRS[rule]}")
    assert readers, (f"{rel}: no source's mirror_files() lists it; teach a source to read it or declare its "
                     "folder in SKIPPED_MIRROR_DIRS with the reason")
    assert len(readers) == 1, f"{rel} is read by more than one source: {readers}"
    [(name, kind)] = readers
    path = shared_data / rel
    result = get_source(name).parse(path.read_bytes(), str(path), kind)
    validate_payload(result)
    assert result.source == name
    assert len(result.observations) or result.records or result.notes, f"{rel}: parsed to nothing and said nothing"
