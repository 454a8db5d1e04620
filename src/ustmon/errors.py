"""Typed errors.

Every *expected* failure (bad input, network down, unknown series) is a
:class:`UstmonError`; the CLI prints it as one line, never a traceback.
Format errors always name the source, the file or URL, and where possible the
line and field, so a user can open the file and see the problem.
"""

from __future__ import annotations


class UstmonError(Exception):
    """Base class of errors the CLI reports as a single line."""


class SourceFormatError(UstmonError):
    """A downloaded or mirrored file is not in the format its parser expects.

    ``source`` is the publisher key (``"fred"``), ``origin`` the URL or path,
    ``line`` the 1-based line number (or record index for JSON/XML), ``field``
    the column or element name.
    """

    def __init__(
        self,
        source: str,
        origin: str,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        self.source = source
        self.origin = origin
        self.line = line
        self.field = field
        self.message = message
        where = origin
        if line is not None:
            where += f", line {line}"
        if field is not None:
            where += f", field {field!r}"
        super().__init__(f"{source}: {where}: {message}")


class EmptyBodyError(SourceFormatError):
    """The response or file has no content."""


class HtmlInsteadOfDataError(SourceFormatError):
    """An HTML page (typically an error or login page) came back instead of data."""


class TruncatedFileError(SourceFormatError):
    """The file ends early (partial last line, missing closing tag or footer)."""


class MissingColumnError(SourceFormatError):
    """An expected column (or element/field) is missing or was renamed."""


class BadValueError(SourceFormatError):
    """A value that should be numeric (or a date) is not."""


class BadDateError(BadValueError):
    """A date cannot be parsed in the format the publisher uses."""


class DuplicateDateError(SourceFormatError):
    """The same series has two observations for one date in one file."""


class DateOrderError(SourceFormatError):
    """Dates are not in the order the publisher always uses (a spliced or corrupt file)."""


class EncodingError(SourceFormatError):
    """The bytes cannot be decoded as text in any encoding the publisher uses."""


class MissingMemberError(SourceFormatError):
    """A zip archive does not contain the expected member."""


class UnitMismatchError(UstmonError):
    """Values arrive in a unit that differs from the catalog's, and no conversion is known."""


class UnknownSeriesError(UstmonError):
    """A series id is not in the catalog (or not offered by the publisher)."""


class UnknownSourceError(UstmonError):
    """A source name is not one of ustmon's publishers."""


class NetworkError(UstmonError):
    """An HTTP request failed after retries (or was refused with a 4xx)."""

    def __init__(self, url: str, message: str, *, status: int | None = None, body: bytes | None = None) -> None:
        self.url = url
        self.status = status
        self.body = body  # the error response's body (APIs explain 4xx in JSON)
        super().__init__(f"{url}: {message}")


class OfflineError(NetworkError):
    """The network cannot be reached at all (DNS or connection failure)."""


class StoreBusyError(UstmonError):
    """The store is locked by another process for longer than we wait."""


class CoverageError(UstmonError):
    """A figure was asked for whose inputs do not cover what it claims.

    ``what`` names the figure, ``coverage`` says how much the inputs cover (for
    example ``"auction records cover 26% of marketable debt"``) and ``reason``
    why that is not enough.  CLI, Python API and report refuse the figure with
    the same sentence.
    """

    def __init__(self, what: str, reason: str, *, coverage: str | None = None) -> None:
        self.what = what
        self.reason = reason
        self.coverage = coverage
        msg = f"{what}: not computed: {reason}"
        if coverage:
            msg += f" ({coverage})"
        super().__init__(msg)
