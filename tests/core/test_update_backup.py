"""An update keeps a copy of the last good store before it writes (what `ustmon store repair` restores)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ustmon.store import Store
from ustmon.store_admin import list_backups
from ustmon.update import run_update


def test_update_backs_up_the_store_before_writing(shared_data: Path, tmp_path: Path):
    mirror = tmp_path / "mirror"
    (mirror / "fred").mkdir(parents=True)
    # two real FRED files, read in place through symlinks (nothing copied)
    (mirror / "fred" / "DGS10.csv").symlink_to(shared_data / "fred" / "DGS10.csv")
    db = tmp_path / "s.duckdb"
    run_update(["fred"], store_path=db, mirror=mirror)
    assert list_backups(db) == []  # nothing to back up before the first write
    (mirror / "fred" / "DGS2.csv").symlink_to(shared_data / "fred" / "DGS2.csv")
    run_update(["fred"], store_path=db, mirror=mirror)
    backups = list_backups(db)
    assert len(backups) == 1
    with Store.open(backups[0], read_only=True) as old, Store.open(db, read_only=True) as new:
        # fred/DGS2.csv: 2024-12-31 = 4.25 is in the new store only; DGS10 4.58 in both
        assert old.get("DGS10")["2024-12-31"] == pytest.approx(4.58)
        assert "DGS2" not in set(old.catalog()["id"])
        assert new.get("DGS2")["2024-12-31"] == pytest.approx(4.25)
