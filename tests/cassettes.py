"""Read vcrpy cassettes (recorded live HTTP responses) in place.

The ``openbb_vcr_cassettes/`` folders of ``../shared/data`` hold YAML files
whose response bodies are the verbatim API answers, often gzip-compressed and
base64-encoded (``!!binary``).  Tests decode them here and feed the body to
ustmon's live parser, exactly as a live answer would arrive.
"""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import yaml


@dataclass(frozen=True)
class Interaction:
    """One recorded request and its decoded response body."""

    method: str
    uri: str  # URL-decoded
    status: int
    headers: dict[str, list[str]]
    body: bytes


def _decode(body, headers: dict[str, list[str]]) -> bytes:
    raw = body.get("string", b"") if isinstance(body, dict) else body
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    enc = ",".join(v for k, vs in headers.items() if k.lower() == "content-encoding" for v in vs).lower()
    if "gzip" in enc or raw[:2] == b"\x1f\x8b":
        return gzip.decompress(raw)
    if "deflate" in enc:
        return zlib.decompress(raw)
    return raw


def read_cassette(path: Path) -> list[Interaction]:
    """Every interaction of a cassette, bodies decompressed."""
    doc = yaml.safe_load(Path(path).read_bytes())
    out = []
    for it in doc.get("interactions", []):
        req, resp = it["request"], it["response"]
        headers = {k: v if isinstance(v, list) else [v] for k, v in (resp.get("headers") or {}).items()}
        out.append(Interaction(method=req.get("method", "GET"), uri=unquote(req.get("uri", "")),
                               status=int((resp.get("status") or {}).get("code", 0)), headers=headers,
                               body=_decode(resp.get("body", b""), headers)))
    return out


def cassettes_under(root: Path) -> list[Path]:
    """All cassette files in every ``openbb_vcr_cassettes`` folder below ``root`` (found, never listed by hand)."""
    return sorted(p for p in Path(root).rglob("*.yaml") if "openbb_vcr_cassettes" in p.parts)
