"""Put what Opsbook writes in place all or nothing: one file, or a whole site folder.

A file is written to a temporary file in its own folder, flushed to disk, then renamed over
the target, so nobody (and no full disk) ever leaves half of it.

A site is built into a staging folder next to SITE, `.SITE-new-PID-RANDOM`, made by `os.mkdir`
with ordinary permissions (0o777 minus the umask; `tempfile.mkdtemp` gives 0o700, and a web
server running as another user then answers 403). On Linux, publishing it is one system call:
renameat2(RENAME_EXCHANGE) swaps the staging folder and SITE, so SITE is at every moment the old
or the new complete site. Where that call is missing (other systems, old kernels, some file
systems) SITE is renamed aside and the staging folder renamed into place: two calls, with a moment
without SITE in between. With no SITE yet, it is a single rename. The old site is then deleted; if
that fails (read-only folders), its folders are made writable and it is tried once more.

The staging folder is removed on every way out: a failed build, an error such as a full disk, and
SIGINT/SIGTERM/SIGHUP, which `errors.stop_signals_raise` turns into an exception; swaps and
deletions run with those signals held back, so a second Ctrl-C cannot cut them short. SIGKILL
cannot be caught: the PID in the names lets the next build delete the folders of builds that no
longer run.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import secrets
import shutil
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from glob import escape
from pathlib import Path

from opsbook.core.errors import Interrupted, OpsbookError, os_errors, reason, stop_signals_deferred
from opsbook.site import editions

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


# -- a whole site --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    site: Path
    left_behind: Path | None = None  # the previous site, when it could not be deleted
    why: str = ""


def publish_site(site: Path, build: Callable[[Path], bool]) -> Published | None:
    """Run `build(staging)`; if it returns True, make the staging folder `site`. None: the build failed."""
    site = Path(site)
    if site.exists() and not site.is_dir():
        raise OpsbookError(f"cannot build into {site}: it is a file, not a folder")
    remove_leftovers(site)
    staging = site.with_name(f".{site.name}-new-{os.getpid()}-{secrets.token_hex(4)}")
    try:  # from before the folder exists: a signal just after mkdir must not skip the clean-up below
        with os_errors("cannot build into", site):
            os.mkdir(staging)  # 0o777 minus the umask: ordinary permissions once published
        try:
            if not build(staging):
                return None
        except OSError as error:  # a full disk, most often
            raise OpsbookError(
                f"cannot build the site into {site}: {reason(error)}; {site} was left as it was"
            ) from None
        except Interrupted as stop:
            stop.note = f"{site} was left as it was"
            raise
        with stop_signals_deferred(), os_errors("cannot replace", site):
            retired = _swap(staging, site)
            failure = remove_tree(retired) if retired else None
        return Published(site, retired if failure else None, reason(failure) if failure else "")
    finally:
        with stop_signals_deferred():
            editions.stop_all()  # a stop signal reaches this process only: nothing may write into staging after
            remove_tree(staging)


def _swap(staging: Path, site: Path) -> Path | None:
    """Make `staging` the site; return the folder now holding the previous site, if there was one."""
    if not os.path.lexists(site):
        os.rename(staging, site)
        return None
    retired = site.with_name(f".{site.name}-old-{os.getpid()}-{secrets.token_hex(4)}")
    if _exchange(staging, site):
        os.rename(staging, retired)  # the previous site, under a name that says so
        return retired
    os.rename(site, retired)
    try:
        os.rename(staging, site)
    except OSError:
        os.rename(retired, site)
        raise
    return retired


@cache
def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    function = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)  # glibc 2.28+, musl 1.2.4+
    if function is not None:
        function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        function.restype = ctypes.c_int
    return function


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one system call; False where the system or file system cannot."""
    function = _renameat2()
    if function is None:
        return False
    if function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def remove_leftovers(site: Path) -> None:
    """Delete the staging and retired folders of builds that no longer run (killed by SIGKILL, a crash)."""
    pattern = re.compile(rf"\.{re.escape(site.name)}-(?:new|old)-(\d+)-[0-9a-f]+")
    for path in site.parent.glob(f".{escape(site.name)}-*-*"):
        match = pattern.fullmatch(path.name)
        if match and path.is_dir() and not path.is_symlink() and not _running(int(match[1])):
            with stop_signals_deferred():
                remove_tree(path)


def _running(pid: int) -> bool:
    if pid == os.getpid() or os.name == "nt":  # on Windows, os.kill would end the process: keep its folders
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it runs, as another user
        return True
    return True


def remove_tree(path: Path) -> OSError | None:
    """Delete a folder tree; on failure make its folders writable and try once more. The error if that fails."""
    for attempt in range(2):
        try:
            shutil.rmtree(path)
            return None
        except FileNotFoundError:
            return None
        except OSError as error:
            if attempt:
                return error
            _make_writable(path)
    return None


def _make_writable(path: Path) -> None:
    """u+rwx on every folder of the tree (top down, so each is readable before it is listed)."""

    def allow(folder: str) -> None:
        try:
            if not os.path.islink(folder):
                os.chmod(folder, stat.S_IMODE(os.stat(folder).st_mode) | stat.S_IRWXU)
        except OSError:
            pass

    allow(str(path))
    for folder, subfolders, _files in os.walk(path):
        for name in subfolders:
            allow(os.path.join(folder, name))
