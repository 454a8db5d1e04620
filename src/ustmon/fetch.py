"""Getting raw bytes: HTTP with timeouts, retries, politeness, size limits and an RFC 9111 cache.

Built from well-kept libraries, with ustmon's own rules on top:

* **caching**: ``hishel`` (RFC 9111 for httpx) keeps responses in
  ``<home>/cache/http/responses.sqlite``; every re-request is conditional
  (requests carry ``Cache-Control: no-cache``, so a stored response is
  revalidated with ``If-None-Match`` / ``If-Modified-Since`` before use, and a
  304 serves the stored bytes).  The retrieval time travels with the
  stored response (header ``X-Ustmon-Retrieved-At``);
* **retries**: ``tenacity``.  Connection errors (one quick retry), read
  timeouts, 429 and 5xx are retried with exponential backoff; 429/503 honour
  ``Retry-After`` (seconds or an HTTP date; anything else, such as ``soon``,
  falls back to the backoff), **capped** at :attr:`NetSettings.retry_after_cap`;
  other 4xx are never retried;
* **budgets**: every source gets a total time budget
  (:meth:`HttpClient.begin_source`); no request or wait runs past it, so a
  silent server costs at most that budget, and a host that failed to connect
  or timed out twice is not asked again in the same run (its sources fall
  back; others go on live);
* **politeness**: a descriptive User-Agent and at most two requests a second
  per host (only requests that reach the network count);
* **size limits**: a response body larger than
  :attr:`NetSettings.max_download_bytes` (counted as it streams, after
  transfer decompression) is refused with one line naming the URL and the
  limit; :func:`check_decompressed_size` bounds zip members and gzip payloads;
* **secrets** (the FRED API key) travel only in ``secret_params``: they are
  added to the URL by the innermost transport, below the cache, so they are
  never part of the cache key, the stored request, the origin string, any
  message or any stored error body (bodies that echo them are scrubbed).

Settings come from the environment (see README, "Configuration"):
``USTMON_HTTP_TIMEOUT``, ``USTMON_HTTP_RETRIES``, ``USTMON_RETRY_AFTER_CAP``,
``USTMON_SOURCE_BUDGET``, ``USTMON_MAX_DOWNLOAD_MB``, ``USTMON_MAX_DECOMPRESSED_MB``.
"""

from __future__ import annotations

import email.utils
import io
import os
import threading
import time
import zipfile
import zlib
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote, quote_plus, urlencode, urlsplit

import httpx
import tenacity

from . import __version__
from .errors import NetworkError, OfflineError, UstmonError

USER_AGENT = f"ustmon/{__version__} (US Treasury market monitor; open-source research tool; +https://pypi.org/project/ustmon/)"
RETRY_STATUSES = {429, 500, 502, 503, 504}
RETRIEVED_HEADER = "X-Ustmon-Retrieved-At"
_SECRETS_EXT = "ustmon_secret_params"
_MB = 1024 * 1024


class SizeLimitError(NetworkError):
    """A response or a decompressed payload is larger than the configured limit."""


class BudgetExceededError(NetworkError):
    """A source used up its total time budget; its remaining requests are not made."""


class SettingsError(UstmonError):
    """A configuration variable has a value ustmon cannot use."""


# --------------------------------------------------------------------------- settings
@dataclass(frozen=True)
class NetSettings:
    """Network limits.  :meth:`from_env` reads the ``USTMON_*`` variables (documented in the README)."""

    timeout: float = 30.0             # seconds without a byte before a read gives up
    connect_timeout: float = 10.0
    retries: int = 4                  # retries after the first attempt
    backoff: float = 1.0              # first backoff; doubles each retry
    retry_after_cap: float = 60.0     # never wait longer than this for a Retry-After
    source_budget: float = 300.0      # total seconds for all requests of one source
    min_interval: float = 0.5         # seconds between requests to one host (two a second)
    max_download_bytes: int = 512 * _MB
    max_decompressed_bytes: int = 1024 * _MB
    #: per-source overrides of ``max_decompressed_bytes`` (``USTMON_MAX_DECOMPRESSED_MB_CFTC=2048``)
    max_decompressed_by_source: dict = field(default_factory=dict)

    def max_decompressed_for(self, source: str) -> int:
        return int(self.max_decompressed_by_source.get(source, self.max_decompressed_bytes))

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "NetSettings":
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for name, var in SETTINGS_ENV.items():
            raw = env.get(var)
            if raw is None or raw.strip() == "":
                continue
            try:
                num = float(raw)
            except ValueError:
                raise SettingsError(f"{var}={raw!r}: not a number") from None
            if not num >= 0 or num == float("inf"):
                raise SettingsError(f"{var}={raw!r}: must be a finite number >= 0")
            if name.endswith("_bytes"):
                values[name] = int(num * _MB)
            elif name == "retries":
                values[name] = int(num)
            else:
                values[name] = num
        prefix = SETTINGS_ENV["max_decompressed_bytes"] + "_"
        per_source = {}
        for var, raw in env.items():
            if var.startswith(prefix) and raw.strip():
                try:
                    num = float(raw)
                except ValueError:
                    raise SettingsError(f"{var}={raw!r}: not a number") from None
                if not num >= 0 or num == float("inf"):
                    raise SettingsError(f"{var}={raw!r}: must be a finite number >= 0")
                per_source[var[len(prefix):].lower()] = int(num * _MB)
        if per_source:
            values["max_decompressed_by_source"] = per_source
        return cls(**values)


#: NetSettings field -> environment variable (sizes in MB)
SETTINGS_ENV = {
    "timeout": "USTMON_HTTP_TIMEOUT",
    "retries": "USTMON_HTTP_RETRIES",
    "retry_after_cap": "USTMON_RETRY_AFTER_CAP",
    "source_budget": "USTMON_SOURCE_BUDGET",
    "max_download_bytes": "USTMON_MAX_DOWNLOAD_MB",
    "max_decompressed_bytes": "USTMON_MAX_DECOMPRESSED_MB",
}


def _mb(n: int) -> str:
    return f"{n / _MB:,.0f} MB" if n >= _MB else f"{n:,} bytes"


# --------------------------------------------------------------------------- helpers
def origin_of(url: str, params: dict[str, Any] | None) -> str:
    """The URL a user can open, without secrets."""
    if not params:
        return url
    return f"{url}?{urlencode(params, doseq=True)}"


def scrub(text: str | bytes | None, secrets: dict[str, str] | None) -> Any:
    """``text`` with every secret value (plain or URL-encoded) replaced by ``***``."""
    if text is None or not secrets:
        return text
    values = {v for s in secrets.values() if s for v in (str(s), quote(str(s), safe=""), quote_plus(str(s)))}
    for v in sorted(values, key=len, reverse=True):
        if isinstance(text, bytes):
            text = text.replace(v.encode(), b"***")
        else:
            text = text.replace(v, "***")
    return text


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP date); None if unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        secs = float(value)
        return max(0.0, secs) if secs == secs and secs != float("inf") else None
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def check_decompressed_size(raw: bytes, origin: str, limit: int, *, source: str = "") -> None:
    """Refuse a zip whose members, or a gzip stream whose content, exceed ``limit`` bytes.

    Zip: the declared member sizes are summed (Python's zip reader never
    returns more than a member declares).  Gzip: decompressed in bounded
    chunks and counted, without keeping the output.
    """
    who = f"{source}: " if source else ""
    if raw[:4] == b"PK\x03\x04":
        try:
            total = sum(i.file_size for i in zipfile.ZipFile(io.BytesIO(raw)).infolist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return  # the parser reports an unreadable archive with its own message
        if total > limit:
            raise SizeLimitError(origin, f"{who}zip members unpack to {_mb(total)}, over the limit of {_mb(limit)} "
                                         "(USTMON_MAX_DECOMPRESSED_MB)")
    elif raw[:2] == b"\x1f\x8b":
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        total, data = 0, raw
        try:
            while data:
                total += len(d.decompress(data, 1 * _MB))
                if total > limit:
                    raise SizeLimitError(origin, f"{who}gzip content unpacks to more than {_mb(limit)} "
                                                 "(USTMON_MAX_DECOMPRESSED_MB)")
                data = d.unconsumed_tail
                if d.eof:
                    break
        except zlib.error:
            return


@dataclass
class CachedResponse:
    body: bytes
    retrieved_at: datetime
    etag: str | None
    last_modified: str | None
    from_cache: bool


# --------------------------------------------------------------------------- transports
class _Retry(Exception):
    """One attempt failed in a way worth retrying."""

    def __init__(self, what: str, *, host: str = "", cause: str = "", status: int | None = None,
                 retry_after: float | None = None, connect: bool = False, timeout: bool = False) -> None:
        super().__init__(what)
        self.what = what
        self.host = host
        self.cause = cause
        self.status = status
        self.retry_after = retry_after
        self.connect = connect
        self.timeout = timeout


class _NetworkTransport(httpx.BaseTransport):
    """Innermost layer: adds secret parameters, spaces requests per host, stamps the retrieval time.

    It sits *below* the cache, so the cache only ever sees the request without
    secrets.
    """

    def __init__(self, inner: httpx.BaseTransport, client: "HttpClient") -> None:
        self.inner = inner
        self.client = client

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        secrets = request.extensions.get(_SECRETS_EXT) or {}
        if secrets:
            ext = {k: v for k, v in request.extensions.items() if k != _SECRETS_EXT}
            request = httpx.Request(request.method, request.url.copy_merge_params(secrets),
                                    headers=request.headers, extensions=ext)
        self.client._polite_wait(request.url.host)
        response = self.inner.handle_request(request)
        response.headers[RETRIEVED_HEADER] = datetime.now(timezone.utc).isoformat()
        return response

    def close(self) -> None:
        self.inner.close()


def _usable_cache_file(path: Path) -> str | None:
    """None if ``path`` is a usable SQLite file (or absent); else why not, after moving it aside."""
    import sqlite3

    if not path.exists():
        return None
    try:
        con = sqlite3.connect(path)
        try:
            con.execute("PRAGMA schema_version").fetchone()
        finally:
            con.close()
        return None
    except sqlite3.Error as exc:
        broken = path.with_name(path.name + ".broken")
        try:
            path.replace(broken)
        except OSError:
            pass
        return f"HTTP cache {path} was unreadable ({exc}); moved aside to {broken.name}, starting a new one"


def _cache_transport(inner: httpx.BaseTransport, cache_dir: Path, max_bytes: int,
                     say: Callable[[str, str], None] | None = None) -> httpx.BaseTransport:
    import logging

    import hishel
    from hishel.httpx import CacheTransport

    # the cache treats its own storage errors as misses; keep their tracebacks off the user's terminal
    # (a handler configured by the caller still receives them)
    logging.getLogger("hishel").addHandler(logging.NullHandler())
    cache_dir.mkdir(parents=True, exist_ok=True)
    db = cache_dir / "responses.sqlite"
    problem = _usable_cache_file(db)
    if problem and say:
        say("notice", problem)
    storage = hishel.SqliteStorage(database_path=str(db), max_stream_size=max_bytes)
    return CacheTransport(inner, storage=storage, rfc=hishel.CacheOptions(shared=False))


# --------------------------------------------------------------------------- client
class HttpClient:
    """A small, polite HTTP client.  One per update run; call :meth:`begin_source` per source."""

    def __init__(
        self,
        cache_dir: Path | None,
        *,
        settings: NetSettings | None = None,
        timeout: httpx.Timeout | None = None,
        retries: int | None = None,
        backoff: float | None = None,
        min_interval: float | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        report: Callable[[str, str], None] | None = None,
    ) -> None:
        s = settings or NetSettings.from_env()
        over = {k: v for k, v in (("retries", retries), ("backoff", backoff), ("min_interval", min_interval))
                if v is not None}
        self.settings = replace(s, **over) if over else s
        self.cache_dir = cache_dir
        self._sleep = sleep
        self._clock = clock
        self.report = report
        self._lock = threading.Lock()
        self._last_request: dict[str, float] = {}
        self._dead_hosts: dict[str, str] = {}
        self._timeouts: dict[str, int] = {}
        self.source: str | None = None
        self._deadline: float | None = None
        base = _NetworkTransport(transport or httpx.HTTPTransport(), self)
        outer = (_cache_transport(base, cache_dir, self.settings.max_download_bytes, self._say) if cache_dir
                 else base)
        self._timeout = timeout or httpx.Timeout(self.settings.timeout, connect=self.settings.connect_timeout)
        self._client = httpx.Client(
            timeout=self._timeout,
            # no-cache: a stored response is always revalidated (a conditional request) before use, so a
            # publisher's new data is never hidden behind a heuristic freshness lifetime
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate", "Cache-Control": "no-cache"},
            follow_redirects=True,
            transport=outer,
        )
        self.last: CachedResponse | None = None

    # compatibility with callers that read these directly
    @property
    def retries(self) -> int:
        return self.settings.retries

    @property
    def min_interval(self) -> float:
        return self.settings.min_interval

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "HttpClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- per-source budget --------------------------------------------------
    def begin_source(self, name: str, budget: float | None = None) -> None:
        """Start the time budget of source ``name`` (default :attr:`NetSettings.source_budget`)."""
        self.source = name
        b = self.settings.source_budget if budget is None else budget
        self._deadline = self._clock() + b if b > 0 else None

    def remaining(self) -> float | None:
        return None if self._deadline is None else self._deadline - self._clock()

    def _say(self, event: str, detail: str) -> None:
        if self.report:
            self.report(event, detail)

    # -- politeness ---------------------------------------------------------
    def _polite_wait(self, host: str) -> None:
        with self._lock:
            last = self._last_request.get(host)
            now = self._clock()
            wait = 0.0 if last is None else self.settings.min_interval - (now - last)
            self._last_request[host] = now + max(wait, 0.0)
        if wait > 0:
            self._sleep(wait)

    # -- requests -----------------------------------------------------------
    def get(
        self,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        secret_params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[bytes, str]:
        """GET ``url``; returns ``(body, origin)``.  Raises NetworkError / OfflineError (never with secrets)."""
        origin = origin_of(url, params)
        host = urlsplit(url).hostname or ""
        if host in self._dead_hosts:
            raise OfflineError(origin, f"host {host} {self._dead_hosts[host]} earlier in this run; not asked again")
        s = self.settings
        retrying = tenacity.Retrying(
            stop=_Stop(self, s.retries + 1),
            wait=_Wait(self),
            retry=tenacity.retry_if_exception_type(_Retry),
            sleep=self._sleep,
            before_sleep=lambda rs: self._say("retry", self._retry_line(origin, rs)),
            reraise=True,
        )
        try:
            return retrying(self._attempt, url, origin, host, params, secret_params, headers)
        except _Retry as exc:
            attempts = retrying.statistics.get("attempt_number", 1)
            if exc.connect:
                self._dead_hosts[host] = "could not be reached"
                raise OfflineError(origin, f"cannot connect to {host} ({exc.cause}); offline?") from None
            if exc.timeout and self._timeouts.get(host, 0) >= 2:
                self._dead_hosts[host] = "did not answer"
                raise OfflineError(origin, f"{host} did not answer ({exc.what}, {attempts} attempts)") from None
            rem = self.remaining()
            if rem is not None and attempts < s.retries + 1:
                raise BudgetExceededError(
                    origin, f"{exc.what}; time budget of {s.source_budget:.0f} s for source "
                            f"{self.source or '?'} used up (USTMON_SOURCE_BUDGET)", status=exc.status) from None
            raise NetworkError(origin, f"{exc.what} after {attempts} attempts", status=exc.status) from None

    def _retry_line(self, origin: str, rs: tenacity.RetryCallState) -> str:
        exc = rs.outcome.exception() if rs.outcome else None
        what = getattr(exc, "what", "failed")
        wait = rs.upcoming_sleep
        return f"{self.source or ''}{': ' if self.source else ''}{origin}: {what}; retry {rs.attempt_number} of " \
               f"{self.settings.retries} in {wait:.0f} s"

    def _attempt(self, url, origin, host, params, secret_params, headers) -> tuple[bytes, str]:
        rem = self.remaining()
        if rem is not None and rem <= 0:
            raise BudgetExceededError(origin, f"time budget of {self.settings.source_budget:.0f} s for source "
                                              f"{self.source or '?'} used up before this request (USTMON_SOURCE_BUDGET)")
        timeout = self._timeout
        if rem is not None:
            cap = max(rem, 0.5)
            timeout = httpx.Timeout(connect=min(self._timeout.connect or cap, cap),
                                    read=min(self._timeout.read or cap, cap),
                                    write=min(self._timeout.write or cap, cap), pool=min(self._timeout.pool or cap, cap))
        ext = {_SECRETS_EXT: dict(secret_params)} if secret_params else {}
        limit = self.settings.max_download_bytes
        try:
            with self._client.stream("GET", url, params=params or None, headers=headers, timeout=timeout,
                                     extensions=ext) as resp:
                status = resp.status_code
                if status in RETRY_STATUSES:
                    ra = parse_retry_after(resp.headers.get("Retry-After"))
                    raise _Retry(f"HTTP {status}", status=status, retry_after=ra)
                if status >= 400:
                    body = b""
                    for chunk in resp.iter_bytes():
                        body += chunk
                        if len(body) >= 100_000:
                            break
                    raise NetworkError(origin, f"HTTP {status} {scrub(resp.reason_phrase, secret_params)}",
                                       status=status, body=scrub(body[:100_000], secret_params))
                declared = resp.headers.get("Content-Length")
                if declared and declared.isdigit() and "content-encoding" not in resp.headers and int(declared) > limit:
                    raise SizeLimitError(origin, f"response of {_mb(int(declared))} is over the download limit of "
                                                 f"{_mb(limit)} (USTMON_MAX_DOWNLOAD_MB)")
                buf = bytearray()
                for chunk in resp.iter_bytes():
                    buf += chunk
                    if self._deadline is not None and self._clock() > self._deadline:
                        # a server trickling bytes never hits the read timeout: the budget still ends it
                        raise BudgetExceededError(origin, f"time budget of {self.settings.source_budget:.0f} s for "
                                                          f"source {self.source or '?'} used up while reading "
                                                          f"({_mb(len(buf))} so far; USTMON_SOURCE_BUDGET)")
                    if len(buf) > limit:
                        raise SizeLimitError(origin, f"response is over the download limit of {_mb(limit)} "
                                                     "(USTMON_MAX_DOWNLOAD_MB); stopped reading")
                caching = resp.extensions.get("caching") or {}
                stamp = resp.headers.get(RETRIEVED_HEADER)
        except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
            raise _Retry(f"cannot connect ({type(exc).__name__})", cause=type(exc).__name__, connect=True) from None
        except httpx.TimeoutException as exc:
            self._timeouts[host] = self._timeouts.get(host, 0) + 1
            raise _Retry(f"no answer within the timeout ({type(exc).__name__})", host=host, timeout=True) from None
        except httpx.TransportError as exc:  # protocol errors, broken connections
            raise _Retry(f"transfer failed ({type(exc).__name__})") from None
        except RuntimeError as exc:  # a cached body vanished while it was read: treat as a transfer failure
            raise _Retry(f"cache read failed ({str(exc)[:80]})") from None
        self._timeouts.pop(host, None)
        try:
            retrieved = datetime.fromisoformat(stamp) if stamp else datetime.now(timezone.utc)
        except ValueError:
            retrieved = datetime.now(timezone.utc)
        from_cache = bool(caching.get("from_cache"))
        self.last = CachedResponse(body=bytes(buf), retrieved_at=retrieved if from_cache else datetime.now(timezone.utc),
                                   etag=resp.headers.get("ETag"), last_modified=resp.headers.get("Last-Modified"),
                                   from_cache=from_cache)
        return self.last.body, origin

    @staticmethod
    def _retry_after(resp: httpx.Response) -> float | None:
        return parse_retry_after(resp.headers.get("Retry-After"))


class _Stop(tenacity.stop.stop_base):
    """Stop after ``attempts``, or when the next wait would run past the source's budget."""

    def __init__(self, client: HttpClient, attempts: int) -> None:
        self.client = client
        self.attempts = attempts

    def __call__(self, rs: tenacity.RetryCallState) -> bool:
        exc = rs.outcome.exception() if rs.outcome else None
        if rs.attempt_number >= self.attempts:
            return True
        if isinstance(exc, _Retry) and exc.connect and rs.attempt_number >= min(2, self.attempts):
            return True  # no route / no DNS: one quick retry, then the caller falls back
        if isinstance(exc, _Retry) and exc.timeout and self.client._timeouts.get(exc.host, 0) >= 2:
            return True
        rem = self.client.remaining()
        return rem is not None and _Wait(self.client)(rs) >= rem


class _Wait(tenacity.wait.wait_base):
    """Exponential backoff; a readable ``Retry-After`` replaces it, capped at ``retry_after_cap``."""

    def __init__(self, client: HttpClient) -> None:
        self.client = client

    def __call__(self, rs: tenacity.RetryCallState) -> float:
        s = self.client.settings
        exc = rs.outcome.exception() if rs.outcome else None
        ra = getattr(exc, "retry_after", None)
        if ra is not None:
            return min(ra, s.retry_after_cap)
        return s.backoff * 2 ** (rs.attempt_number - 1)


__all__ = ["HttpClient", "NetSettings", "SizeLimitError", "BudgetExceededError", "SettingsError",
           "check_decompressed_size", "parse_retry_after", "scrub", "origin_of", "USER_AGENT"]
