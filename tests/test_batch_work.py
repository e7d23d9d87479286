"""The work on one document of a batch: an empty file is an empty document, not a failure."""
from __future__ import annotations

import json

from cleaner.batch.inputs import discover
from cleaner.batch.runner import BatchConfig, run_batch
from cleaner.batch.records import DocumentTask, Outcome
from cleaner.batch.work import WorkSettings, process_document


def test_an_empty_file_is_empty_not_failed(tmp_path):
    for name, content in (("empty.html", b""), ("blank.html", b"  \n\t\n")):
        path = tmp_path / name
        path.write_bytes(content)
        result = process_document(DocumentTask(source=str(path), path=str(path)), WorkSettings())
        assert result.outcome is Outcome.EMPTY
        assert json.loads(result.payload)["status"] == "empty_input"


def test_a_batch_counts_empty_files_as_empty(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.html").write_bytes(b"")
    (folder / "page.html").write_text("<html><body><article><p>" + "A sentence of prose for the page. " * 8
                                      + "</p></article></body></html>", encoding="utf-8")
    summary = run_batch(discover([str(folder)]), BatchConfig(out=tmp_path / "out", jobs=1))
    assert (summary.ok, summary.empty, summary.failed) == (1, 1, 0)
