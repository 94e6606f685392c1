"""Files written whole or not at all (opsbook/core/files.py): write_file and its one-line failures."""

from __future__ import annotations

import errno
import os
import stat
import subprocess

import pytest

from opsbook.core import files
from opsbook.core.errors import OpsbookError


def test_a_written_file_is_whole_with_ordinary_permissions(tmp_path, umask_022):
    target = tmp_path / "out.json"
    files.write_file(target, "première\n")
    assert target.read_bytes() == "première\n".encode()
    files.write_file(target, "second\n")
    assert target.read_bytes() == b"second\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert list(tmp_path.iterdir()) == [target]


def test_a_file_is_written_through_a_symbolic_link_and_into_a_pipe(tmp_path):
    (tmp_path / "real.json").write_text("old\n", encoding="utf-8")
    (tmp_path / "link.json").symlink_to("real.json")
    files.write_file(tmp_path / "link.json", "new\n")
    assert (tmp_path / "link.json").is_symlink() and (tmp_path / "real.json").read_text(encoding="utf-8") == "new\n"
    os.mkfifo(tmp_path / "pipe")
    reader = subprocess.Popen(["cat", str(tmp_path / "pipe")], stdout=subprocess.PIPE, text=True)
    files.write_file(tmp_path / "pipe", "through a pipe\n")
    assert reader.communicate(timeout=30)[0] == "through a pipe\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "pipe", "real.json"]


def test_a_failed_write_keeps_the_old_file_and_removes_the_temporary_one(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_text("old\n", encoding="utf-8")

    def full(_descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OpsbookError) as raised:
        files.write_file(target, "new\n" * 1000)
    assert str(raised.value) == f"cannot write {target}: the disk is full"
    assert target.read_text(encoding="utf-8") == "old\n"
    assert list(tmp_path.iterdir()) == [target]


def test_a_new_file_never_replaces_an_existing_one(tmp_path):
    target = tmp_path / "entry.yaml"
    target.write_text("mine\n", encoding="utf-8")
    with pytest.raises(OpsbookError) as raised:
        files.write_file(target, "skeleton\n", replace=False)
    assert str(raised.value) == f"cannot write {target}: a file of that name already exists"
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert list(tmp_path.iterdir()) == [target]
    files.write_file(tmp_path / "other.yaml", "skeleton\n", replace=False)
    assert (tmp_path / "other.yaml").read_text(encoding="utf-8") == "skeleton\n"


def test_without_hard_links_a_new_file_is_still_placed_and_never_over_an_existing_one(tmp_path, monkeypatch):
    def no_hard_links(_source, _target):
        raise OSError(errno.EPERM, "Operation not permitted")  # as on FAT and some network shares

    monkeypatch.setattr(os, "link", no_hard_links)
    files.write_file(tmp_path / "new.yaml", "skeleton\n", replace=False)
    assert (tmp_path / "new.yaml").read_text(encoding="utf-8") == "skeleton\n"
    with pytest.raises(OpsbookError) as raised:
        files.write_file(tmp_path / "new.yaml", "other\n", replace=False)
    assert str(raised.value) == f"cannot write {tmp_path / 'new.yaml'}: a file of that name already exists"
    assert (tmp_path / "new.yaml").read_text(encoding="utf-8") == "skeleton\n"
    assert [p.name for p in tmp_path.iterdir()] == ["new.yaml"]
