"""What every subcommand does alike: no input on a terminal, URLs of other schemes, a missing file."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from cleaner.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "fixtures" / "pages" / "cookie-newsletter" / "source.html"
TEXT = ROOT / "fixtures" / "text" / "scraped-harbour.txt"


class Terminal(io.TextIOWrapper):
    """stdin as a person at a terminal: reading it would wait for them."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO(b""))

    def isatty(self) -> bool:
        return True

    def read(self, *args):  # pragma: no cover - reached only when the command waits on the terminal
        raise AssertionError("the command read the terminal instead of printing its usage")

    @property
    def buffer(self):
        raise AssertionError("the command read the terminal instead of printing its usage")


@pytest.mark.parametrize("command", ["extract", "text"])
def test_no_input_on_a_terminal_prints_usage_and_exits_2(command, monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", Terminal())
    assert main([command]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"usage: cleaner {command}") and "stdin" in captured.err


@pytest.mark.parametrize("command,path,expected", [("extract", PAGE, "keeping that promise"),
                                                   ("text", TEXT, "ferry terminal")])
def test_no_input_from_a_pipe_reads_stdin(command, path, expected, monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(path.read_bytes())))
    assert main([command]) == 0
    assert expected in capsys.readouterr().out


# A batch reads storage URLs through fsspec (ftp:// among them: see test_batch_spread); a scheme that is
# neither fetched nor stored is refused the same way as in extract.
@pytest.mark.parametrize("argv", [["extract", "ftp://example.org/page.html"],
                                  ["batch", "gopher://example.org/page.html", "-o", "{out}"]])
def test_a_url_of_another_scheme_says_only_http_and_https(argv, tmp_path, capsys) -> None:
    status = main([a.replace("{out}", str(tmp_path / "out")) for a in argv])
    err = capsys.readouterr().err
    assert status == 1
    (line,) = err.strip().splitlines()
    assert "only http and https" in line and "no such file" not in line


@pytest.mark.parametrize("argv", [["extract", "{missing}"], ["text", "{missing}"],
                                  ["batch", "{missing}", "-o", "{out}"]])
def test_a_missing_file_exits_1_in_every_command(argv, tmp_path, capsys) -> None:
    missing = tmp_path / "missing.html"
    status = main([a.replace("{missing}", str(missing)).replace("{out}", str(tmp_path / "out")) for a in argv])
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert status == 1 and "no such file" in line and str(missing) in line
