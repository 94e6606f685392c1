"""Publishing a site (opsbook/site/publish.py): all or nothing, nothing left behind, ordinary
permissions, and one line when it cannot be done.

Some failures need root to stage here (root ignores folder modes): a small tmpfs to fill for a full
disk, `chattr +i` for files nobody may delete, and `nobody` as the other user of a read-only site.
Without root those tests skip with the reason, except under CI (`CI=true`), where they fail.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

import pytest

from opsbook.core.errors import Interrupted, OpsbookError
from opsbook.site import editions, publish

from .conftest import IS_ROOT, chattr, copy_handbook, opsbook, unavailable

NOBODY = 65534


def debris(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".site-") or p.name.endswith(".tmp"))


def files_of(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


# -- in-process: the swap and its clean-up ------------------------------------------------------


def fake_build(text: str, fail: BaseException | None = None, succeeds: bool = True):
    def build(staging: Path) -> bool:
        (staging / "index.html").write_text(text, encoding="utf-8")
        (staging / "pages").mkdir()
        (staging / "pages/one.html").write_text(text, encoding="utf-8")
        if fail is not None:
            raise fail
        return succeeds

    return build


def test_a_first_site_is_one_rename_with_ordinary_permissions(tmp_path, umask_022):
    site = tmp_path / "site"
    assert publish.publish_site(site, fake_build("one")) == publish.Published(site)
    assert (site / "index.html").read_text(encoding="utf-8") == "one"
    assert stat.S_IMODE(site.stat().st_mode) == 0o755  # mkdtemp's 0o700 made web servers answer 403
    assert stat.S_IMODE((site / "pages").stat().st_mode) == 0o755
    assert debris(tmp_path) == []


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is a Linux system call")
def test_exchange_swaps_two_folders_in_one_call(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
        (folder / "name").write_text(folder.name, encoding="utf-8")
    assert publish._exchange(first, second) is True
    assert (first / "name").read_text(encoding="utf-8") == "second"
    assert (second / "name").read_text(encoding="utf-8") == "first"


@pytest.mark.parametrize("swap", ["renameat2 exchange", "two renames (fallback)"])
def test_publishing_replaces_the_whole_site_and_deletes_the_old_one(tmp_path, monkeypatch, umask_022, swap):
    site = tmp_path / "site"
    publish.publish_site(site, fake_build("old"))
    (site / "only-in-the-old-site.html").write_text("old", encoding="utf-8")
    calls = []
    exchange = publish._exchange

    def spy(a, b):
        calls.append(b)
        return exchange(a, b) if swap.startswith("renameat2") else False

    monkeypatch.setattr(publish, "_exchange", spy)
    assert publish.publish_site(site, fake_build("new")) == publish.Published(site)
    assert calls == [site]
    assert files_of(site) == ["index.html", "pages/one.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(site.stat().st_mode) == 0o755
    assert debris(tmp_path) == []


def test_a_failed_build_leaves_the_site_and_no_staging_folder(tmp_path):
    site = tmp_path / "site"
    publish.publish_site(site, fake_build("old"))
    assert publish.publish_site(site, fake_build("new", succeeds=False)) is None
    assert (site / "index.html").read_text(encoding="utf-8") == "old"
    assert debris(tmp_path) == []


def test_a_full_disk_during_the_build_is_one_message_and_removes_the_staging_folder(tmp_path):
    site = tmp_path / "site"
    publish.publish_site(site, fake_build("old"))
    full = OSError(errno.ENOSPC, "No space left on device", str(tmp_path / ".site-new-1-ab/index.html"))
    with pytest.raises(OpsbookError) as raised:
        publish.publish_site(site, fake_build("new", fail=full))
    assert str(raised.value) == f"cannot build the site into {site}: the disk is full; {site} was left as it was"
    assert raised.value.exit_code == 2
    assert (site / "index.html").read_text(encoding="utf-8") == "old"
    assert debris(tmp_path) == []


def test_a_signal_during_the_build_removes_the_staging_folder(tmp_path):
    site = tmp_path / "site"
    with pytest.raises(Interrupted) as raised:
        publish.publish_site(site, fake_build("new", fail=Interrupted(signal.SIGTERM)))
    assert raised.value.note == f"{site} was left as it was"
    assert not site.exists() and debris(tmp_path) == []


def test_leftovers_of_builds_that_no_longer_run_are_removed(tmp_path):
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    dead, alive = finished.pid, os.getpid()
    removed = [f".site-new-{dead}-0a1b2c3d", f".site-old-{dead}-99ff0011"]
    kept = [
        f".site-new-{alive}-0a1b2c3d",  # a build that still runs
        ".site-new-k2j4l5m6",  # no pid in the name: not ours to judge
        f".site-offline-new-{dead}-0a1b2c3d",
    ]  # another site's folder
    for name in removed + kept:
        (tmp_path / name / "sub").mkdir(parents=True)
        (tmp_path / name / "sub/index.html").write_text("left over", encoding="utf-8")
    (tmp_path / removed[1] / "sub").chmod(0o555)  # read-only leftovers go too
    publish.publish_site(tmp_path / "site", fake_build("new"))
    assert debris(tmp_path) == sorted(kept)


# -- real builds: signals, a full disk, read-only and undeletable sites ------------------------


def start_build(folder: Path, **options) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "opsbook", "build"],
        cwd=folder,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=dict(os.environ, PYTHONIOENCODING="utf-8", **options.pop("env", {})),
        **options,
    )


def opsbook_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("opsbook:")]


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_build_leaves_the_old_or_the_new_complete_site_and_nothing_else(handbook, signum):
    home = handbook / "docs/index.md"
    home_text = home.read_text(encoding="utf-8")
    started = time.monotonic()
    assert opsbook("build", cwd=handbook).returncode == 0
    duration = time.monotonic() - started  # the signals are spread over one build's time, however fast
    complete = files_of(handbook / "site")
    shutil.rmtree(handbook / "site")  # the first interrupt has no previous site
    interrupted = 0
    for run, share in enumerate((0.5, 0.1, 0.3, 0.55, 0.8, 1.05)):
        home.write_text(f"{home_text}\n\nBuild number {run}.\n", encoding="utf-8")
        index = handbook / "site/index.html"
        before = index.read_text(encoding="utf-8") if index.exists() else None
        process = start_build(handbook)
        time.sleep(duration * share)
        process.send_signal(signum)
        output = process.communicate(timeout=300)[0]
        assert debris(handbook) == [], (run, output)
        if index.exists():
            assert files_of(handbook / "site") == complete, (run, output)
            after = index.read_text(encoding="utf-8")
            assert after == before or f"Build number {run}." in after, (run, output)
        else:
            assert before is None, (run, output)
        if process.returncode == 128 + signum:
            interrupted += 1
            assert opsbook_lines(output)[-1].startswith(f"opsbook: interrupted by {signum.name}"), output
            assert "Traceback" not in output
    assert interrupted, "no build was interrupted: the signals all came too late"


def test_the_next_build_removes_what_a_killed_build_left(handbook):
    assert opsbook("build", cwd=handbook).returncode == 0
    good = (handbook / "site/index.html").read_text(encoding="utf-8")
    process = start_build(handbook)
    while not debris(handbook):  # SIGKILL cannot be caught: kill it once its staging folder exists
        assert process.poll() is None, "the build ended before its staging folder was seen"
        time.sleep(0.02)
    process.kill()
    process.communicate(timeout=60)
    assert [name.startswith(f".site-new-{process.pid}-") for name in debris(handbook)] == [True]
    assert (handbook / "site/index.html").read_text(encoding="utf-8") == good
    result = opsbook("build", cwd=handbook)
    assert result.returncode == 0, result.output
    assert debris(handbook) == []


@pytest.fixture
def small_disk(tmp_path):
    """A 48 MiB tmpfs: room for the handbook, two sites and a file that fills the rest."""
    if not IS_ROOT:
        unavailable("filling a disk needs a small tmpfs, and mounting one needs root")
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(disk)], capture_output=True, text=True
    )
    if mounted.returncode:
        unavailable(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def free_bytes(folder: Path) -> int:
    info = os.statvfs(folder)
    return info.f_bavail * info.f_frsize


def test_a_full_disk_leaves_the_site_as_it_was_one_line_exit_2(small_disk):
    copy_handbook(small_disk)
    assert opsbook("build", cwd=small_disk).returncode == 0
    site = (small_disk / "site").resolve()
    before = {name: (site / name).read_bytes() for name in files_of(site)}
    with open(small_disk / "filler", "wb") as filler:  # leave 2 MiB: the build starts, then the disk is full
        os.posix_fallocate(filler.fileno(), 0, free_bytes(small_disk) - 2 * 1024 * 1024)
    free = free_bytes(small_disk)
    result = opsbook("build", cwd=small_disk)
    assert result.returncode == 2, result.output
    assert opsbook_lines(result.output) == [
        f"opsbook: cannot build the site into {site}: the disk is full; {site} was left as it was"
    ]
    assert "Traceback" not in result.output
    assert debris(small_disk) == []
    assert {name: (site / name).read_bytes() for name in files_of(site)} == before
    assert free_bytes(small_disk) == free  # the partial build's space is given back


@pytest.mark.parametrize(
    "failure, raised",
    [(OSError(errno.ENOSPC, "No space left on device", "zh/x.js"), OSError), (RuntimeError("a bug"), None)],
    ids=["full disk", "a bug"],
)
def test_the_other_editions_process_hands_a_full_disk_to_this_one(monkeypatch, capfd, failure, raised):
    """Either process may be the one that fills the disk: the other editions' process says nothing of
    an OSError, and this one raises it, to be reported once, as publish_site words it. Anything else
    is that process's traceback, and the build fails."""

    def fails(config, building):
        raise failure

    monkeypatch.setattr(editions, "build_edition", fails)
    in_parallel = editions.InParallel(None, [types.SimpleNamespace()])  # forks: the child fails at once
    if raised:
        with pytest.raises(OSError) as error:
            in_parallel.succeeded()
        assert error.value.errno == errno.ENOSPC
        assert capfd.readouterr().err == ""
    else:
        assert in_parallel.succeeded() is False
        assert "RuntimeError: a bug" in capfd.readouterr().err


@pytest.fixture
def shared_handbook():
    """A handbook copy that the user `nobody` can work in (pytest's tmp_path is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="opsbook-publish-"))
    folder.chmod(0o755)
    copy_handbook(folder)
    (folder / "tmp").mkdir()
    if IS_ROOT:
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, NOBODY, NOBODY)
    yield folder
    publish.remove_tree(folder)


def build_as_other_user(folder: Path) -> subprocess.CompletedProcess:
    """Root builds as `nobody`, so that modes count; another user builds as itself. Umask 022."""

    def become():
        os.umask(0o022)
        if IS_ROOT:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)

    process = start_build(folder, preexec_fn=become, env={"HOME": str(folder), "TMPDIR": str(folder / "tmp")})
    output = process.communicate(timeout=300)[0]
    return subprocess.CompletedProcess(process.args, process.returncode, output)


def test_a_read_only_site_is_replaced_and_nothing_is_left(shared_handbook):
    first = build_as_other_user(shared_handbook)
    assert first.returncode == 0, first.stdout
    site = shared_handbook / "site"
    for path in [site, *site.rglob("*")]:  # as files copied from read-only media arrive
        path.chmod(0o555 if path.is_dir() else 0o444)
    (shared_handbook / "docs/index.md").write_text("# Home\n\nThe second build.\n", encoding="utf-8")
    second = build_as_other_user(shared_handbook)
    assert second.returncode == 0, second.stdout
    assert second.stdout.splitlines()[-1] == f"Built the handbook in {site.resolve()}"
    assert "The second build." in (site / "index.html").read_text(encoding="utf-8")
    assert debris(shared_handbook) == []
    assert stat.S_IMODE(site.stat().st_mode) == 0o755  # readable by a web server running as another user
    assert {stat.S_IMODE(p.stat().st_mode) for p in site.rglob("*") if p.is_dir()} == {0o755}
    assert {stat.S_IMODE(p.stat().st_mode) for p in site.rglob("*") if p.is_file()} == {0o644}


def test_an_old_site_that_cannot_be_deleted_is_one_line_and_the_next_build_deletes_it(handbook):
    if not IS_ROOT:
        unavailable("an undeletable file (chattr +i) needs root")
    assert opsbook("build", cwd=handbook).returncode == 0
    if not chattr("+i", handbook / "site/index.html"):
        unavailable("`chattr +i` does not work on this file system")
    try:
        result = opsbook("build", cwd=handbook)
    finally:
        for stuck in handbook.glob(".site-old-*/index.html"):
            chattr("-i", stuck)
        chattr("-i", handbook / "site/index.html")
    assert result.returncode == 0, result.output
    [left] = debris(handbook)
    site = (handbook / "site").resolve()
    assert opsbook_lines(result.output) == [
        f"opsbook: built the handbook in {site}, but cannot delete the previous site, now in {site.parent / left}: "
        "the operation is not permitted (read-only or immutable files?); the next build tries again"
    ]
    assert "Where to start" in (site / "index.html").read_text(encoding="utf-8")
    assert opsbook("build", cwd=handbook).returncode == 0
    assert debris(handbook) == []
