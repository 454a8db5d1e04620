"""The console and the error boundary every interface shares.

Text from data is printed as data: no markup, no emoji codes, control characters stripped (:func:`safe_text`,
:func:`console`).  :func:`handle_errors` turns expected failures into one line on stderr and exit status 1
(``refused:`` for a figure whose inputs do not cover it), never a traceback.  rich and typer are imported
inside the functions, so importing this module is cheap.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable

FORMATS = ("table", "csv", "json")

#: C0 and C1 control characters (and DEL) except tab and newline: never sent to the terminal from data
_CONTROL = dict.fromkeys([*range(0, 9), *range(11, 32), 127, *range(128, 160)])


def safe_text(value) -> str:
    """Data-derived text made safe to print: control characters (terminal escape codes) removed.

    Markup is never interpreted on ustmon's consoles (see :func:`console`), so
    a cell ``[/x]`` or ``[link=...]`` prints as written.
    """
    return str(value).translate(_CONTROL)


def make_console(**kwargs):
    from rich.console import Console

    class SafeConsole(Console):
        """A console on which text is data: no markup, no emoji codes, control characters stripped."""

        def render_str(self, text, **kw):  # type: ignore[override]
            kw["markup"] = False
            kw["emoji"] = False
            return super().render_str(safe_text(text), **kw)

    return SafeConsole(markup=False, emoji=False, **kwargs)


def console():
    """ustmon's console on stdout (160 columns when not a terminal: pipes and CI)."""
    c = make_console()
    if not c.is_terminal:  # pipes and CI: do not squeeze tables into 80 columns
        c = make_console(width=160)
    return c


def styled(text, style: str):
    """Text in a style, without interpreting markup in ``text``."""
    from rich.text import Text

    return Text(safe_text(text), style=style)


def fmt_value(v: float) -> str:
    """A number as a desk would read it: thousands separators, no float noise, — for missing."""
    if v != v:
        return "—"
    if float(v).is_integer() and abs(v) < 1e15:
        return f"{v:,.0f}"
    return f"{v:,.6f}".rstrip("0").rstrip(".")


def err(message: str) -> None:
    """One ``error: ...`` line on stderr."""
    from rich.text import Text

    line = Text.assemble(("error: ", "bold red"), safe_text(message))
    make_console(stderr=True).print(line, highlight=False, soft_wrap=True)


def store_path() -> Path:
    """The store of this command: ``--store``, else ``USTMON_STORE``, else ``$USTMON_HOME`` (:mod:`ustmon.context`)."""
    from ..context import store_path as resolve

    return resolve()


def parse_date(value, option: str):
    """A date option as a ``pd.Timestamp`` (one-line error naming the option): :func:`ustmon.context.parse_date`."""
    from ..context import parse_date as parse

    return parse(value, option)


def check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        from ..errors import UstmonError

        raise UstmonError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def handle_errors(fn: Callable) -> Callable:
    """Turn expected errors into one line on stderr and exit status 1."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        import typer

        from ..errors import CoverageError, UstmonError

        try:
            return fn(*args, **kwargs)
        except CoverageError as exc:  # a figure whose inputs do not cover it: refused, as in the report and the API
            from rich.console import Console

            Console(stderr=True).print(f"[bold yellow]refused:[/] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None
        except UstmonError as exc:
            err(str(exc))
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            err("interrupted; the store keeps its last complete state")
            raise typer.Exit(130) from None
        except Exception as exc:
            message = expected_failure(exc)
            if message is None:
                raise
            err(message)
            raise typer.Exit(1) from None

    return wrapper


def _chain(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def expected_failure(exc: BaseException) -> str | None:
    """One line for failures of the machine rather than of ustmon: disk full, read-only or
    missing folders, a damaged store.  None for anything else (a real bug: keep the traceback)."""
    import errno

    chain = list(_chain(exc))
    for e in chain:  # "no space left" can hide behind "cannot rollback - no transaction is active"
        if isinstance(e, OSError) and e.errno == errno.ENOSPC or "no space left" in str(e).lower():
            where = getattr(e, "filename", None) or store_path()
            return f"no space left on the device writing {where}; free some space and run the command again"
    for e in chain:
        if isinstance(e, OSError) and e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return f"cannot write {e.filename or store_path()}: {e.strerror} (read-only folder or file?)"
        if isinstance(e, OSError) and e.errno in (errno.ENOENT, errno.ENOTDIR, errno.EISDIR) and e.filename:
            return f"{e.filename}: {e.strerror}"
    try:
        import duckdb
    except ImportError:  # pragma: no cover
        return None
    for e in chain:
        if isinstance(e, duckdb.Error):
            from ..store import store_open_error

            return str(store_open_error(store_path(), e))
    return None
