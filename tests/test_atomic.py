"""Files written atomically get the mode any other new file gets (0666 less the umask), not mkstemp's 0600."""
from __future__ import annotations

import json
import os
import stat

import pytest

from cleaner.atomic import write_atomic, write_bytes_atomic
from cleaner.batch.output import ShardWriter


@pytest.fixture
def umask():
    old = os.umask(0o022)
    yield 0o022
    os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_file_has_the_umask_mode(tmp_path, umask):
    write_bytes_atomic(tmp_path / "raw.html", b"<p>x</p>")
    write_atomic(tmp_path / "page.meta.json", json.dumps({}))
    assert mode(tmp_path / "raw.html") == mode(tmp_path / "page.meta.json") == 0o666 & ~umask
    assert not list(tmp_path.glob(".*.tmp"))


def test_fetched_files_and_shards_have_the_same_mode(tmp_path, umask):
    write_bytes_atomic(tmp_path / "fetched.html", b"<p>x</p>")
    writer = ShardWriter(tmp_path)
    writer.write("a", "{}")
    writer.close()
    assert mode(tmp_path / "fetched.html") == mode(tmp_path / "part-00000.jsonl")


def test_replacing_a_file_keeps_working(tmp_path, umask):
    target = tmp_path / "templates.json"
    write_atomic(target, "one")
    write_atomic(target, "two")
    assert target.read_text() == "two" and mode(target) == 0o644
