"""Files written whole or not at all: a temporary file beside the target, flushed to disk, then renamed."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from pathlib import Path

from opsbook.core.errors import os_errors, stop_signals_deferred


def write_file(path: Path, text: str, *, replace: bool = True) -> None:
    """Write `text` (UTF-8) to `path` whole or not at all; with replace=False, never over an existing file."""
    path = Path(path)
    real = Path(os.path.realpath(path))  # through a symbolic link, as a plain write would go
    if real.exists() and not real.is_file():  # /dev/stdout, a named pipe: nothing to replace
        with os_errors("cannot write", path), open(real, "w", encoding="utf-8") as stream:
            stream.write(text)
        return
    temporary = real.with_name(f".{real.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    with os_errors("cannot write", path):
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)  # mode: minus the umask
        try:
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(text.encode("utf-8"))
                stream.flush()
                os.fsync(stream.fileno())
            if replace:
                os.replace(temporary, real)
            else:
                _place_new(temporary, real)
        except BaseException:
            with stop_signals_deferred():
                _unlink(temporary)
            raise
        _sync_folder(real.parent)


def _place_new(temporary: Path, path: Path) -> None:
    """Give the finished file its name only if that name is free: a hard link fails on an existing file."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links (FAT, some network shares): check, then rename
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
        os.rename(temporary, path)
        return
    _unlink(temporary)


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; some systems cannot open or sync a folder, which is harmless here."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
