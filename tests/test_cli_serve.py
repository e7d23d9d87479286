"""``cleaner serve``: the real command in a subprocess, on 127.0.0.1 and a free port."""
from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest
import requests

from cleaner.cli.main import main

START_SECONDS = 20


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_answers_health_and_extract_then_stops() -> None:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "cleaner", "serve", "--host", "127.0.0.1", "--port", str(port),
                                "--workers", "1"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    session = requests.Session()
    session.trust_env = False
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            try:
                health = session.get(f"{base}/health", timeout=2)
                break
            except requests.ConnectionError:
                assert process.poll() is None, process.stdout.read().decode() if process.stdout else ""
                assert time.monotonic() < deadline, "cleaner serve did not start"
                time.sleep(0.1)
        assert health.json()["status"] == "ok"
        answer = session.post(f"{base}/extract", data=b"<html><body><p>" + b"A sentence of an article. " * 20
                              + b"</p></body></html>", headers={"Content-Type": "text/html"}, timeout=30)
        assert answer.status_code == 200 and "A sentence of an article." in answer.json()["text"]
    finally:
        process.terminate()
        process.wait(timeout=START_SECONDS)
        if process.stdout:
            process.stdout.close()


@pytest.mark.parametrize("argv", [["serve", "--allow-network", "not-a-network"], ["serve", "--time-limit", "0"]])
def test_bad_settings_are_one_line_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("cleaner: error:") and "\n" not in err


def test_without_the_server_extra_serve_says_what_to_install() -> None:
    blocked = ("import sys; sys.modules['starlette'] = None; sys.modules['uvicorn'] = None; "
               "from cleaner.cli.main import main; sys.exit(main(['serve', '--port', '1']))")
    done = subprocess.run([sys.executable, "-c", blocked], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "pip install 'cleaner[server]'" in done.stderr and "Traceback" not in done.stderr
