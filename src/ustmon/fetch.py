"""Getting raw bytes: HTTP with timeouts, retries, politeness and a raw-response cache.

* connect/read timeouts; retries with exponential backoff on connection
  errors, 429 (honouring ``Retry-After``) and 5xx; no retry on other 4xx;
* a descriptive User-Agent and a minimum interval between requests to one host;
* every successful response body is kept in ``<home>/cache/http`` with its
  retrieval time, ETag and Last-Modified, and re-requests are conditional
  (``If-None-Match`` / ``If-Modified-Since``): a 304 serves the cached bytes;
* secrets (the FRED API key) travel only in ``secret_params``; they are never
  part of the origin string, the cache index or any message.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlencode, urlsplit

import httpx

from . import __version__
from .errors import NetworkError, OfflineError

USER_AGENT = f"ustmon/{__version__} (US Treasury market monitor; open-source research tool; +https://pypi.org/project/ustmon/)"
RETRY_STATUSES = {429, 500, 502, 503, 504}


def origin_of(url: str, params: dict[str, Any] | None) -> str:
    """The URL a user can open, without secrets."""
    if not params:
        return url
    return f"{url}?{urlencode(params, doseq=True)}"


@dataclass
class CachedResponse:
    body: bytes
    retrieved_at: datetime
    etag: str | None
    last_modified: str | None
    from_cache: bool


class HttpClient:
    """A small, polite HTTP client.  One per update run."""

    def __init__(
        self,
        cache_dir: Path | None,
        *,
        timeout: httpx.Timeout | None = None,
        retries: int = 4,
        backoff: float = 1.0,
        min_interval: float = 0.5,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.cache_dir = cache_dir
        self.retries = retries
        self.backoff = backoff
        self.min_interval = min_interval
        self._sleep = sleep
        self._last_request: dict[str, float] = {}
        self._client = httpx.Client(
            timeout=timeout or httpx.Timeout(60.0, connect=10.0),
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=True,
            transport=transport,
        )
        self.last: CachedResponse | None = None

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "HttpClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- cache ---------------------------------------------------------------
    def _cache_paths(self, origin: str) -> tuple[Path, Path] | None:
        if self.cache_dir is None:
            return None
        key = hashlib.sha256(origin.encode()).hexdigest()[:32]
        host = urlsplit(origin).netloc or "local"
        d = self.cache_dir / host
        return d / f"{key}.body", d / f"{key}.json"

    def _read_cache(self, origin: str) -> CachedResponse | None:
        paths = self._cache_paths(origin)
        if not paths or not paths[0].exists() or not paths[1].exists():
            return None
        meta = json.loads(paths[1].read_text())
        return CachedResponse(
            body=paths[0].read_bytes(),
            retrieved_at=datetime.fromisoformat(meta["retrieved_at"]),
            etag=meta.get("etag"),
            last_modified=meta.get("last_modified"),
            from_cache=True,
        )

    def _write_cache(self, origin: str, resp: CachedResponse) -> None:
        paths = self._cache_paths(origin)
        if not paths:
            return
        paths[0].parent.mkdir(parents=True, exist_ok=True)
        tmp = paths[0].with_suffix(".tmp")
        tmp.write_bytes(resp.body)
        tmp.replace(paths[0])  # atomic: a killed process never leaves half a body
        paths[1].write_text(
            json.dumps(
                {
                    "origin": origin,
                    "retrieved_at": resp.retrieved_at.isoformat(),
                    "etag": resp.etag,
                    "last_modified": resp.last_modified,
                    "bytes": len(resp.body),
                }
            )
        )

    # -- requests ------------------------------------------------------------
    def _polite_wait(self, url: str) -> None:
        host = urlsplit(url).netloc
        last = self._last_request.get(host)
        if last is not None:
            wait = self.min_interval - (time.monotonic() - last)
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = time.monotonic()

    def get(
        self,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        secret_params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[bytes, str]:
        """GET ``url``; returns ``(body, origin)``.  Raises NetworkError / OfflineError."""
        origin = origin_of(url, params)
        cached = self._read_cache(origin)
        req_headers = dict(headers or {})
        if cached is not None:
            if cached.etag:
                req_headers["If-None-Match"] = cached.etag
            if cached.last_modified:
                req_headers["If-Modified-Since"] = cached.last_modified
        all_params = {**(params or {}), **(secret_params or {})}
        attempt = 0
        while True:
            attempt += 1
            self._polite_wait(url)
            try:
                resp = self._client.get(url, params=all_params or None, headers=req_headers)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                # no route / no DNS: one quick retry, then tell the caller we are offline
                if attempt > min(self.retries, 1):
                    raise OfflineError(origin, f"cannot connect ({type(exc).__name__}); offline?") from None
                self._sleep(self.backoff * 2 ** (attempt - 1))
                continue
            except httpx.TransportError as exc:  # read timeouts, protocol errors
                if attempt > self.retries:
                    raise NetworkError(origin, f"transfer failed after {attempt} attempts ({type(exc).__name__})") from None
                self._sleep(self.backoff * 2 ** (attempt - 1))
                continue
            if resp.status_code == 304 and cached is not None:
                self.last = cached
                return cached.body, origin
            if resp.status_code in RETRY_STATUSES:
                if attempt > self.retries:
                    raise NetworkError(origin, f"HTTP {resp.status_code} after {attempt} attempts", status=resp.status_code)
                self._sleep(self._retry_after(resp) or self.backoff * 2 ** (attempt - 1))
                continue
            if resp.status_code >= 400:
                raise NetworkError(origin, f"HTTP {resp.status_code} {resp.reason_phrase}", status=resp.status_code,
                                   body=resp.content[:100_000])
            got = CachedResponse(
                body=resp.content,
                retrieved_at=datetime.now(timezone.utc),
                etag=resp.headers.get("ETag"),
                last_modified=resp.headers.get("Last-Modified"),
                from_cache=False,
            )
            self._write_cache(origin, got)
            self.last = got
            return got.body, origin

    @staticmethod
    def _retry_after(resp: httpx.Response) -> float | None:
        value = resp.headers.get("Retry-After")
        if not value:
            return None
        try:
            return max(0.0, float(value))
        except ValueError:
            when = email.utils.parsedate_to_datetime(value)
            if when is None:
                return None
            return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
