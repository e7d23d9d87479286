"""``cleaner fetch`` and ``cleaner extract URL`` against a real HTTP server on 127.0.0.1."""
from __future__ import annotations

import json

import pytest

from cleaner.cli.main import main
from cleaner.cli.fetch import file_stem
from fetch_server import page, server  # noqa: F401 - ``server`` is a fixture

ARTICLE = (
    "<html><head><title>Night trains return</title></head><body>"
    "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/about'>About</a></nav>"
    "<article><h1>Night trains return</h1>"
    "<p>Night trains are coming back across the continent, as travellers look for slower and cleaner "
    "ways to cross borders, and rail operators find that sleeping cars can pay their way again.</p>"
    "<p>The new services link the capital with the coast three times a week, leaving late in the "
    "evening and arriving early the next morning, in time for breakfast by the sea.</p>"
    "<p>Tickets went on sale on Monday, and the first month sold out within a few hours, the operator "
    "said, adding that more carriages would be added before the summer holidays.</p>"
    "</article><footer>Copyright 2026 Example News. All rights reserved.</footer></body></html>"
)


def run_fetch(tmp_path, *args: str) -> int:
    return main(["fetch", "-o", str(tmp_path / "out"), "--delay", "0", *args])


def test_fetch_saves_each_page_with_its_json(server, tmp_path, capsys):
    urls = [server.route("/a.html", page(ARTICLE)), server.route("/b", page("<p>b</p>"))]
    assert run_fetch(tmp_path, *urls) == 0
    out = tmp_path / "out"
    for url in urls:
        body = out / (file_stem(url) + ".html")
        meta = json.loads((out / (file_stem(url) + ".meta.json")).read_text(encoding="utf-8"))
        assert body.read_bytes() == (ARTICLE.encode() if url.endswith("a.html") else b"<p>b</p>")
        assert (meta["url"], meta["final_url"], meta["status"]) == (url, url, 200)
        assert meta["headers"]["Content-Type"] == "text/html; charset=utf-8"
        assert meta["encoding"] == "utf-8" and meta["saved_as"] == body.name
    assert sorted(capsys.readouterr().out.split()) == sorted(str(out / (file_stem(u) + ".html")) for u in urls)


def test_a_failed_url_is_one_line_and_exit_1_and_the_others_are_saved(server, tmp_path, capsys):
    good = server.route("/good", page(ARTICLE))
    missing = server.url("/missing")
    assert run_fetch(tmp_path, good, missing, "file:///etc/passwd") == 1
    errors = capsys.readouterr().err.strip().splitlines()
    assert errors == [f"cleaner: error: HTTP status 404 ({missing})",
                      "cleaner: error: only http and https URLs can be fetched, not 'file' (file:///etc/passwd)"]
    assert (tmp_path / "out" / (file_stem(good) + ".html")).exists()


def test_robots_txt_is_honoured_by_default_and_can_be_turned_off(server, tmp_path, capsys):
    server.route("/robots.txt", page("User-agent: *\nDisallow: /private\n", content_type="text/plain"))
    url = server.route("/private/page", page(ARTICLE))
    assert run_fetch(tmp_path, url) == 1
    assert "robots.txt disallows" in capsys.readouterr().err
    assert server.hits["/private/page"] == 0
    assert run_fetch(tmp_path, "--no-robots", url) == 0


def test_non_html_is_saved_with_its_extension_unless_html_only(server, tmp_path, capsys):
    url = server.route("/doc", page(b"%PDF-1.4", content_type="application/pdf"))
    assert run_fetch(tmp_path, url) == 0
    assert (tmp_path / "out" / (file_stem(url) + ".pdf")).read_bytes() == b"%PDF-1.4"
    assert run_fetch(tmp_path, "--html-only", url) == 1
    assert "not HTML but application/pdf" in capsys.readouterr().err


def test_too_large_leaves_no_file_behind(server, tmp_path, capsys):
    url = server.route("/big", page(b"x" * 5000))
    assert run_fetch(tmp_path, "--max-bytes", "1000", url) == 1
    assert "over the limit" in capsys.readouterr().err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_bad_option_is_a_usage_error(tmp_path, capsys):
    assert main(["fetch", "-o", str(tmp_path), "--jobs", "0", "http://127.0.0.1/"]) == 2


def test_extract_url_prints_the_cleaned_article(server, capsys):
    url = server.route("/page.html", page(ARTICLE))
    status = main(["extract", url])
    out = capsys.readouterr().out
    assert status == 0
    assert "Night trains are coming back across the continent" in out
    assert "sold out within a few hours" in out
    assert "All rights reserved" not in out and "About" not in out


def test_fetch_with_a_cache_dir_revalidates_the_second_time(server, tmp_path, capsys):
    from fetch_server import validated

    url = server.route("/cached", validated(ARTICLE, '"a1"', headers={"Cache-Control": "no-cache"}))
    for _ in range(2):
        assert run_fetch(tmp_path, "--cache-dir", str(tmp_path / "cache"), url) == 0
    meta = json.loads((tmp_path / "out" / (file_stem(url) + ".meta.json")).read_text(encoding="utf-8"))
    assert meta["from_cache"] and meta["revalidated"] and meta["status"] == 200
    assert server.headers["/cached"][1]["if-none-match"] == '"a1"'
    assert (tmp_path / "out" / (file_stem(url) + ".html")).read_bytes() == ARTICLE.encode()
