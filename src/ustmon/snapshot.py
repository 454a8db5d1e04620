"""The bundled offline snapshot: ustmon's own compact copy of bundleable official data.

``ustmon snapshot build --mirror DIR`` parses, with ustmon's own parsers, only
the files that ``DIR/README.md`` marks ``bundle: yes`` (public-domain or
openly licensed official statistics), stores them in a scratch store (so the
vintage rules apply) and writes:

* ``observations.parquet``: series_id, date, vintage, value (zstd);
* ``records.parquet``: dataset, key, vintage, payload;
* ``manifest.json``: the catalog (title, unit, source, url, attribution of
  every series), the files used with their vintages, and the build date.

It ships inside the package (``ustmon/snapshot_data``).  On a fresh machine
with no network the store is seeded from it, and every output says the data
come from the snapshot and up to which date.
"""

from __future__ import annotations

import json
import re
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

import pandas as pd

from .errors import UstmonError
from .sources import SOURCE_MODULES, get_source
from .sources.base import ParseResult, SeriesMeta
from .store import IngestStats, Payload, Store

SNAPSHOT_DIR = Path(__file__).resolve().parent / "snapshot_data"
PLACEHOLDER = re.compile(r"YYYYMMDD|YYYY|YY|MM|DD|<ID>|_N\b|\bN\b")


# --------------------------------------------------------------------------- bundle policy
def bundle_policy(readme: Path) -> list[tuple[str, list[str], bool]]:
    """Rows of the data README: (folder, file-name tokens, bundleable?).

    The README has one section per folder (``## fred/ (...)``) with a table
    whose first column names files (comma-separated, sometimes without
    extension or with placeholders such as ``R_YYYYMMDD_N.xml``) and a
    ``bundle`` column (``yes``, ``yes (attribution: ...)`` or ``no``).
    """
    rows: list[tuple[str, list[str], bool]] = []
    folder = ""
    bundle_col = None
    for line in readme.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^##\s+([\w./-]+/)", line)
        if m:
            folder, bundle_col = m.group(1), None
            continue
        if not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] == "file":
            bundle_col = cells.index("bundle") if "bundle" in cells else None
            continue
        if bundle_col is None or set(cells[0]) <= {"-", " "} or len(cells) <= bundle_col:
            continue
        yes = cells[bundle_col].lower().startswith("yes")
        first = re.sub(r"\([^)]*\)", "", cells[0])  # "(32 files)", "(-processed.csv)"
        tokens = [t.strip().strip("`").strip() for t in re.split(r",|;| and ", first) if t.strip().strip("`").strip()]
        rows.append((folder, tokens, yes))
    return rows


def _token_matches(token: str, rel: str) -> bool:
    name = rel.rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0]
    if "/" in token:
        # "treasurydirect_results_xml_2022-05/R_YYYYMMDD_N.xml": folder inside the section
        sub, token = token.rsplit("/", 1)
        if f"/{sub}/" not in f"/{rel}":
            return False
    if token in (name, stem):
        return True
    if PLACEHOLDER.search(token):
        pattern = re.escape(token)
        for ph, rx in (("YYYYMMDD", r"\d{8}"), ("YYYY", r"\d{4}"), ("YY", r"\d{2}"), ("MM", r"\d{2}"),
                       ("DD", r"\d{2}"), (r"<ID>", r"[A-Z0-9]+"), ("_N", r"_\d+"), ("N", r"\d+")):
            pattern = pattern.replace(re.escape(ph), rx)
        return re.fullmatch(pattern, name) is not None or re.fullmatch(pattern, stem) is not None
    # extension-less ids: "DGS10" matches DGS10.csv; "TREAST" matches TREAST-processed.csv
    return re.fullmatch(re.escape(token) + r"([-_.].*)?", stem) is not None and "." not in token


def is_bundleable(path: Path, mirror: Path, policy: list[tuple[str, list[str], bool]]) -> bool:
    """True only if a README row for the file's folder names it and says ``bundle: yes``."""
    rel = path.relative_to(mirror).as_posix()
    best: bool | None = None
    for folder, tokens, yes in policy:
        if not rel.startswith(folder):
            continue
        sub = rel[len(folder):]
        # a row of a deeper section (fred/legacy_2017/) wins over the parent section's rows
        if any(_token_matches(t, sub) for t in tokens):
            if "/" in sub and not any("/" in t for t in tokens):
                # the parent section's row cannot speak for a file inside a sub-folder section
                deeper = [f for f, _, _ in policy if rel.startswith(f) and len(f) > len(folder)]
                if deeper:
                    continue
            best = yes
    return bool(best)


# --------------------------------------------------------------------------- build
def build_snapshot(mirror: Path, out_dir: Path = SNAPSHOT_DIR, *, sources: list[str] | None = None,
                   report: Callable[[str, str], None] | None = None) -> dict:
    """Build the snapshot from the bundleable files of ``mirror``; returns the manifest.

    A bundleable file that fails to parse or validate is left out and listed,
    one line each, in the manifest's ``failed`` (and reported as an ``error``
    event); the rest of the snapshot is built.
    """
    say = report or (lambda e, d: None)
    readme = mirror / "README.md"
    if not readme.exists():
        raise UstmonError(f"snapshot: {readme} not found: the mirror's README says which files may be bundled")
    policy = bundle_policy(readme)
    files_used: list[dict] = []
    excluded: list[str] = []
    failed: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "snap.duckdb"
        from .fetch import NetSettings
        from .ingest import ingest_gathered, read_mirror

        net = NetSettings.from_env()
        for name in sources or list(SOURCE_MODULES):
            source = get_source(name)
            keep = lambda p: is_bundleable(p, mirror, policy)  # noqa: E731
            for mf in source.mirror_files(mirror):
                if not keep(mf.path):
                    excluded.append(mf.path.relative_to(mirror).as_posix())
            # a file that fails to parse or validate is skipped and reported; the rest of its source goes in
            g = read_mirror(source, mirror, set(), file_filter=keep, max_decompressed=net.max_decompressed_for(name),
                            report=say,
                            on_file=lambda p, name=name: say("file", f"{name}: {p.name}"))
            failed.extend(g.failures)
            with Store.open(db) as st:
                _, refused = ingest_gathered(st, name, g.payloads, mode="mirror", report=say)
            failed.extend(refused)
            for p in g.payloads:
                if any(p.result.origin in f for f in refused):
                    continue
                files_used.append({"source": name, "file": Path(p.result.origin).relative_to(mirror).as_posix()
                                   if p.result.origin.startswith(str(mirror)) else p.result.origin,
                                   "kind": p.kind})
        with Store.open(db, read_only=True) as st:
            obs = st.con.execute(
                "SELECT series_id, date, vintage, value FROM obs ORDER BY series_id, date, vintage").df()
            recs = st.con.execute("SELECT dataset, key, vintage, payload, source FROM records ORDER BY dataset, key, vintage").df()
            cat = st.con.execute(
                "SELECT id, title, source, dataset, frequency, unit, url, attribution, notes FROM series ORDER BY id").df()
            origins = st.con.execute("SELECT source, origin, kind, vintage FROM origins ORDER BY source, origin").df()
    out_dir.mkdir(parents=True, exist_ok=True)
    obs.to_parquet(out_dir / "observations.parquet", compression="zstd", index=False)
    recs.to_parquet(out_dir / "records.parquet", compression="zstd", index=False)
    vintage_by_origin = {o: v for o, v in zip(origins["origin"], origins["vintage"])}
    for f in files_used:
        v = vintage_by_origin.get(str(mirror / f["file"]))
        f["vintage"] = None if v is None or pd.isna(v) else pd.Timestamp(v).date().isoformat()
    latest = obs.dropna(subset=["value"]).groupby(
        obs["series_id"].map(dict(zip(cat["id"], cat["source"]))))["date"].max()
    manifest = {
        "format": "ustmon-snapshot/1",
        "built_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "data_to": str(pd.Timestamp(obs["date"].max()).date()) if len(obs) else None,
        "latest_by_source": {k: str(pd.Timestamp(v).date()) for k, v in latest.items()},
        "rows": int(len(obs)),
        "series": cat.where(cat.notna(), None).to_dict(orient="records"),
        "files": files_used,
        "excluded_not_bundleable": sorted(excluded),
        "failed": failed,
        "policy": "Only files marked 'bundle: yes' in the data README; values re-encoded by ustmon's parsers. "
                  "Attribution per series in 'series'.",
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


# --------------------------------------------------------------------------- seed
def load_manifest(snapshot_dir: Path | None = None) -> dict | None:
    p = (snapshot_dir or SNAPSHOT_DIR) / "manifest.json"
    return json.loads(p.read_text(encoding="utf-8")) if p.exists() else None


def seed_store(store_path: Path, *, sources: list[str] | None = None, snapshot_dir: Path | None = None,
               report: Callable[[str, str], None] | None = None) -> dict[str, IngestStats]:
    """Fill a store from the bundled snapshot (one transaction per source)."""
    say = report or (lambda e, d: None)
    snapshot_dir = snapshot_dir or SNAPSHOT_DIR
    manifest = load_manifest(snapshot_dir)
    if manifest is None:
        raise UstmonError(f"no bundled snapshot in {snapshot_dir}; run `ustmon snapshot build --mirror DIR`")
    obs = pd.read_parquet(snapshot_dir / "observations.parquet")
    recs = pd.read_parquet(snapshot_dir / "records.parquet")
    metas = {r["id"]: SeriesMeta(**{k: (r[k] or "") for k in SeriesMeta.__dataclass_fields__}) for r in manifest["series"]}
    by_source: dict[str, list[str]] = {}
    for sid, m in metas.items():
        by_source.setdefault(m.source, []).append(sid)
    say("snapshot", f"seeding from the bundled snapshot (built {manifest['built_at'][:10]}, data to {manifest['data_to']})")
    stats: dict[str, IngestStats] = {}
    built = datetime.fromisoformat(manifest["built_at"])
    for name, sids in by_source.items():
        if sources and name not in sources:
            continue
        part = obs[obs["series_id"].isin(sids)]
        result = ParseResult(
            source=name, origin=f"ustmon snapshot {manifest['built_at'][:10]}",
            observations=part[["series_id", "date", "value", "vintage"]].reset_index(drop=True),
            series={sid: metas[sid] for sid in sids},
            notes=[f"bundled snapshot, data to {manifest['latest_by_source'].get(name, manifest['data_to'])}"],
        )
        payload = Payload(result=result, kind="snapshot", mode="snapshot",
                          sha256=f"snapshot:{manifest['built_at']}:{name}", retrieved_at=built)
        with Store.open(store_path) as st:
            stats[name] = st.ingest(name, [payload], mode="snapshot",
                                    message=f"bundled snapshot, data to {manifest['data_to']}")
            st.set_meta("snapshot", json.dumps({"built_at": manifest["built_at"], "data_to": manifest["data_to"]}))
    for name, part in recs.groupby("source"):
        if sources and name not in sources:
            continue
        with Store.open(store_path) as st:
            st.con.register("snap_rec", part)
            try:
                st.con.execute(
                    "INSERT INTO records SELECT s.dataset, s.key, s.vintage, s.payload, NULL, s.source FROM snap_rec s "
                    "WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.dataset = s.dataset AND r.key = s.key "
                    "AND r.payload = s.payload)")
            finally:
                st.con.unregister("snap_rec")
            for dataset in sorted(part["dataset"].unique()):  # the decoded frames the views read
                st.refresh_record_frame(dataset)
            if name not in stats:  # a records-only source (auctions): log its update too
                stats[name] = st.ingest(name, [], mode="snapshot", message=f"bundled snapshot: {len(part)} records")
    return stats
