"""What stops a command before it can do its work: one line for the user, exit 2.

Problems in the playbooks' content are not errors here; they are `Problem`s (exit 1).
File-system failures become `opsbook: <what> <path>: <reason in plain words>`, and
SIGINT/SIGTERM/SIGHUP become an exception, so that `finally` blocks remove temporary
files before the process ends.
"""

from __future__ import annotations

import errno
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))

_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "the operation is not permitted (read-only or immutable files?)",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EEXIST: "it already exists",
    errno.EISDIR: "it is a folder, not a file",
    errno.ENAMETOOLONG: "the name is too long",
    errno.ELOOP: "too many symbolic links",
    errno.EIO: "the device reported an input/output error",
}


class OpsbookError(Exception):
    """Opsbook could not run; the command line shows it as one line `opsbook: MESSAGE`."""

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code


class Interrupted(BaseException):
    """A stop signal arrived. A BaseException, so that MkDocs' `except Exception` lets it through."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.note = ""  # what the interrupted command left as it was


def reason(error: OSError, path: Path | None = None) -> str:
    """The cause of `error` in plain words; `path` is what the command tried to use."""
    path = Path(path if path is not None else error.filename or ".")
    if error.errno == errno.ENOENT:
        parent = path.parent
        return f"there is no folder {parent}" if not parent.is_dir() else "there is no such file or folder"
    if error.errno == errno.ENOTDIR:
        blocker = next((p for p in [*reversed(path.parents), path] if p.exists() and not p.is_dir()), None)
        return f"{blocker} is a file, not a folder" if blocker else "part of the path is a file, not a folder"
    if error.errno == errno.EEXIST and path.exists() and not path.is_dir():
        return "a file of that name already exists"
    return _REASONS.get(error.errno) or (error.strerror or str(error)).lower()


def file_error(what: str, path, error: OSError) -> OpsbookError:
    """`what path: reason` as an OpsbookError, e.g. `cannot write out.json: there is no folder out`."""
    return OpsbookError(f"{what} {path}: {reason(error, Path(path))}")


@contextmanager
def os_errors(what: str, path) -> Iterator[None]:
    """Turn an OSError in the block into one line naming `path`, the path the user gave."""
    try:
        yield
    except OSError as error:
        raise file_error(what, path, error) from None


def unexpected(error: OSError) -> OpsbookError:
    """The last resort for an OSError no command explained: still one line, with the path it names."""
    where = f" {error.filename}" if error.filename is not None else ""
    return OpsbookError(f"cannot access{where}: {reason(error)}")


def playbooks_folder(path: Path) -> Path:
    """The one check of `--playbooks` that validate, export, stale, diff and new share: an existing folder."""
    if path.is_dir():
        return path
    if path.exists() or path.is_symlink():
        raise OpsbookError(f"cannot read the playbooks folder {path}: it is a file, not a folder")
    raise OpsbookError(
        f"cannot read the playbooks folder {path}: there is no such folder; "
        "run this from the handbook's top folder, or name it with --playbooks"
    )


def _raise_interrupted(signum, _frame):
    raise Interrupted(signum)


@contextmanager
def stop_signals_raise() -> Iterator[None]:
    """While the block runs, a stop signal raises `Interrupted` (SIGTERM and SIGHUP would end the process
    without running `finally`, and SIGINT's KeyboardInterrupt would not name the signal)."""
    previous = {signum: signal.signal(signum, _raise_interrupted) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


@contextmanager
def stop_signals_deferred() -> Iterator[None]:
    """Hold stop signals back while the block runs (a swap, a clean-up): they take effect when it ends.
    The mask is this thread's; MkDocs builds in the main thread and leaves no other thread running."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no signal masks
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
