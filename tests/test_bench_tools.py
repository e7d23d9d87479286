"""bench/ tooling around the metric: dataset loading, error analysis, metadata matching, floors and the
quality.py command, on tiny benchmark folders written to tmp_path. Offline; never reads ../shared."""
from __future__ import annotations

import gzip
import json
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import quality  # noqa: E402  (bench/ is a folder of scripts, not a package)
import scorer_folds  # noqa: E402
from datasets import DatasetError, MetadataFields, Page, load_set, select_part, without_markup_names  # noqa: E402
from diagnose import analyse_page, format_report, line_diff  # noqa: E402
from gate import Floor, failures, raise_floors, read_floors  # noqa: E402
from metadata_match import match_fields, normalise  # noqa: E402
from systems import predict  # noqa: E402

ARTICLE = "The council approved the new budget on Monday after a long debate about schools."
PAGE = (f"<html><head><title>Budget</title><script>var x = 1;</script></head><body>"
        f"<nav>Home News Sport</nav><p>{ARTICLE}</p></body></html>")


@pytest.fixture()
def bench_root(tmp_path: Path) -> Path:
    aeb = tmp_path / "aeb-dev"
    (aeb / "html").mkdir(parents=True)
    (aeb / "html" / "a1.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    (aeb / "ground-truth.json").write_text(json.dumps({"a1": {"articleBody": ARTICLE, "url": "https://x.test/a"}}))
    case = tmp_path / "readability" / "r1"
    case.mkdir(parents=True)
    (case / "source.html").write_text(PAGE)
    (case / "expected.txt").write_text(ARTICLE + "\n")
    (case / "expected-metadata.json").write_text(json.dumps({"title": "Budget", "byline": None, "lang": "en"}))
    write_wcxb(tmp_path)
    return tmp_path


FORUM = ("<html><head><title>Help</title></head><body><nav>Forums Latest Top</nav><div class=post><p>{}</p>"
         "</div></body></html>")
WCXB_PAGES = {  # id -> (kind, page, truth); 0003 is in the check part (id % 3 == 0)
    "0001": ("article", PAGE, ARTICLE),
    "0002": ("forum", FORUM.format(ARTICLE), ARTICLE),
    "0003": ("article", PAGE, ARTICLE),
}


def write_wcxb(root: Path) -> None:
    folder = root / "wcxb-dev"
    (folder / "html").mkdir(parents=True)
    truth = {}
    for page_id, (kind, html, text) in WCXB_PAGES.items():
        (folder / "html" / f"{page_id}.html.gz").write_bytes(gzip.compress(html.encode()))
        truth[page_id] = {"url": f"https://x.test/{page_id}", "page_type": kind, "main_content": text,
                          "title": "Budget", "author": "", "publish_date": "2025-01-02"}
    (folder / "ground-truth.json").write_text(json.dumps(truth))


def test_load_sets(bench_root: Path):
    (aeb,) = load_set(bench_root, "aeb-dev")
    assert aeb.url == "https://x.test/a" and aeb.truth == ARTICLE and b"<nav>" in aeb.html
    (rd,) = load_set(bench_root, "readability")
    assert rd.url is None and rd.metadata == MetadataFields(title="Budget", language="en")
    with pytest.raises(DatasetError):
        load_set(bench_root, "nope")
    with pytest.raises(DatasetError):
        load_set(bench_root / "missing", "aeb-dev")


def test_full_text_baseline_keeps_visible_text_only(bench_root: Path):
    (page,) = load_set(bench_root, "aeb-dev")
    prediction = predict("full-text", page)
    assert ARTICLE in prediction.text and "Home News Sport" in prediction.text
    assert "var x" not in prediction.text and "Budget" not in prediction.text
    assert predict("nonsense", page).error


def test_line_diff_reports_missing_and_extra_lines():
    truth = "first line of the real article\nthen a closing paragraph went missing\nOK"
    prediction = "first line of the real article\nShare this on social media now\nOK"
    diff = line_diff(truth, prediction)
    assert diff.missing == ("then a closing paragraph went missing",)
    assert diff.extra == ("Share this on social media now",)


def test_report_page_names_both_sides(bench_root: Path):
    (page,) = load_set(bench_root, "readability")
    report = format_report(analyse_page(page, "Home News Sport and a completely different text", 0.0, "balanced"))
    assert "MISSING" in report and "EXTRA" in report and "Home News Sport" in report


def test_metadata_matching_normalises_and_counts_expected_only():
    assert normalise("title", "  Hello\n World ") == "hello world"
    assert normalise("date", "2013-09-29T10:00:00Z") == "2013-09-29"
    assert normalise("language", "en-GB") == "en"
    want = MetadataFields(title="Hello World", language="en")
    got = MetadataFields(title="hello  world", language="fr", author="someone")
    by_field = {m.field: m for m in match_fields([(want, got), (MetadataFields(), None)])}
    assert (by_field["title"].matched, by_field["title"].expected) == (1, 1)
    assert (by_field["language"].matched, by_field["language"].expected) == (0, 1)
    assert by_field["author"].expected == 0


def test_floors_gate_and_raise_only_upwards(tmp_path: Path):
    path = tmp_path / "floors.json"
    path.write_text(json.dumps({"aeb-dev": {"f1": 0.9, "fast": {"f1": 0.8}}}))
    floors = read_floors(path)
    assert set(floors) == {Floor("aeb-dev", "balanced", 0.9), Floor("aeb-dev", "fast", 0.8)}
    reached = {("aeb-dev", "balanced"): 0.95678, ("aeb-dev", "fast"): 0.7}
    (message,) = failures(floors, reached)
    assert "fast" in message and "below" in message
    data = raise_floors(path, floors, reached)
    assert data == {"aeb-dev": {"f1": 0.956, "fast": {"f1": 0.8}}}
    assert json.loads(path.read_text()) == data


def test_quality_command_scores_a_baseline(bench_root: Path, capsys):
    code = quality.main([str(bench_root), "--preset", "none", "--systems", "full-text", "--jobs", "1",
                         "--timing", "--errors", "1"])
    out = capsys.readouterr().out
    assert code == 0
    assert "aeb-dev (1 pages)" in out and "readability (1 pages)" in out and "wcxb-dev tune (2 pages)" in out
    assert "full-text" in out and "F1" in out and "pages/s" in out and "worst 1 pages" in out


def test_quality_command_rejects_bad_arguments(bench_root: Path, capsys):
    assert quality.main([str(bench_root / "missing")]) == 2
    assert quality.main([str(bench_root), "--systems", "nope", "--preset", "none"]) == 2
    assert quality.main([str(bench_root), "--preset", "nope"]) == 2
    assert quality.main([str(bench_root), "--gate", "--strip-names"]) == 2
    assert "quality.py:" in capsys.readouterr().err


def test_quality_cross_validated_runs_training_pages_with_their_fold_models(bench_root: Path, tmp_path: Path,
                                                                           capsys, monkeypatch):
    folds = tmp_path / "folds"
    monkeypatch.setattr(scorer_folds, "FOLDS_DIR", folds)
    argv = [str(bench_root), "--preset", "balanced", "--systems", "none", "--jobs", "1", "--cross-validated"]
    assert quality.main(argv) == 2
    assert "train_scorer.py folds" in capsys.readouterr().err
    for fold in range(scorer_folds.FOLDS):  # copies of the shipped models: the +cv lines equal the plain ones
        shutil.copytree(ROOT / "cleaner" / "data", scorer_folds.fold_folder(fold))
    assert quality.main(argv) == 0
    lines = [line.split() for line in capsys.readouterr().out.splitlines() if "cleaner-balanced" in line]
    plain = [line[1:] for line in lines if line[0] == "cleaner-balanced"]
    folded = [line[1:] for line in lines if line[0] == "cleaner-balanced+cv"]
    assert folded and folded == plain
    assert quality.main([*argv, "--gate"]) == 2


def test_without_markup_names_keeps_text_and_structure():
    html = (b'<div class="nav bar" id=top role="navigation" data-id="7"><p itemprop=\'articleBody\' '
            b'aria-label="x">Text</p></div>')
    stripped = without_markup_names(Page("s", "p", html, "Text")).html
    assert stripped == b'<div data-id="7"><p>Text</p></div>'


def test_quality_command_on_pages_without_names(bench_root: Path, capsys):
    code = quality.main([str(bench_root), "--preset", "balanced", "--systems", "none", "--jobs", "1",
                         "--strip-names"])
    assert code == 0 and "cleaner-balanced" in capsys.readouterr().out


@pytest.mark.parametrize(("floor", "code"), [(0.0, 0), (1.01, 1)])
def test_gate_compares_cleaner_with_its_floor(bench_root: Path, tmp_path: Path, capsys, floor: float, code: int):
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"aeb-dev": {"f1": floor}}))
    argv = [str(bench_root), "--sets", "aeb-dev", "--gate", "--floors", str(floors), "--jobs", "1"]
    assert quality.main(argv) == code
    captured = capsys.readouterr()
    assert "cleaner-balanced" in captured.out and "trafilatura" not in captured.out
    assert ("below its floor" in captured.err) == (code == 1)


def test_stages_command_times_each_stage_and_restores_the_pipeline(bench_root: Path, capsys):
    import stages  # noqa: E402
    from cleaner.html import pipeline

    before = pipeline.segment_page
    assert stages.main([str(bench_root), "--presets", "fast", "--rounds", "1"]) == 0
    out = capsys.readouterr().out
    assert "2 pages" in out and "trafilatura" in out and "x trafilatura's pages per CPU-second" in out
    assert "segment_page" in out and "run_trafilatura" not in out  # fast never asks trafilatura
    assert pipeline.segment_page is before


def test_stages_command_reports_missing_data(tmp_path: Path, capsys):
    import stages  # noqa: E402

    assert stages.main([str(tmp_path / "nowhere")]) == 2
    assert "stages:" in capsys.readouterr().err


def test_wcxb_set_has_kinds_parts_and_metadata(bench_root: Path):
    pages = load_set(bench_root, "wcxb-dev")
    assert [(p.page_id, p.kind, p.part) for p in pages] == [
        ("0001", "article", "tune"), ("0002", "forum", "tune"), ("0003", "article", "check")]
    assert pages[0].url == "https://x.test/0001" and pages[0].truth == ARTICLE
    assert pages[0].metadata == MetadataFields(title="Budget", date="2025-01-02")  # empty author: not expected
    assert [p.page_id for p in select_part(pages, "check")] == ["0003"]


def test_quality_on_wcxb_prints_parts_kinds_and_writes_per_page(bench_root: Path, tmp_path: Path, capsys):
    per_page = tmp_path / "out" / "pages.jsonl"
    argv = [str(bench_root), "--sets", "wcxb-dev", "--systems", "full-text", "--jobs", "1", "--metadata",
            "--per-page", str(per_page), "--cache", str(tmp_path / "cache")]
    assert quality.main(argv) == 0
    out = capsys.readouterr().out
    for part in ("wcxb-dev tune (2 pages)", "wcxb-dev check (1 pages)", "wcxb-dev all (3 pages)"):
        assert part in out
    assert "article" in out and "forum" in out and "cleaner-balanced" in out
    assert "metadata on wcxb-dev check" in out and "title" in out and "author" not in out
    records = [json.loads(line) for line in per_page.read_text().splitlines()]
    assert [(r["id"], r["kind"], r["part"]) for r in records] == [
        ("0001", "article", "tune"), ("0002", "forum", "tune"), ("0003", "article", "check")]
    scores = records[0]["scores"]["cleaner-balanced"]
    assert set(scores) == {"p", "r", "f1", "empty"} and scores["f1"] == 1.0
    assert 0 < records[0]["scores"]["full-text"]["p"] < 1


def test_quality_reads_trafilatura_from_its_cache(bench_root: Path, tmp_path: Path, capsys, monkeypatch):
    argv = [str(bench_root), "--sets", "wcxb-dev", "--part", "check", "--preset", "none", "--systems",
            "trafilatura", "--jobs", "1", "--cache", str(tmp_path / "cache")]
    assert quality.main(argv) == 0
    first = capsys.readouterr().out
    (cached,) = (tmp_path / "cache").rglob("wcxb-dev.json")
    assert "0003" in json.loads(cached.read_text())

    import systems

    def no_trafilatura(*args, **kwargs):
        raise AssertionError("trafilatura ran although its output was cached")

    monkeypatch.setattr(systems, "_trafilatura", no_trafilatura)
    assert quality.main(argv) == 0
    assert capsys.readouterr().out == first


def test_gate_holds_wcxb_check_floors_and_fails_without_the_data(bench_root: Path, tmp_path: Path, capsys):
    floors = tmp_path / "floors.json"
    floors.write_text(json.dumps({"wcxb-dev/check": {"f1": 0.5}, "wcxb-dev/check/article": {"f1": 0.5}}))
    argv = ["--gate", "--floors", str(floors), "--jobs", "1", "--sets", "wcxb-dev"]
    assert quality.main([str(bench_root), *argv]) == 0
    assert "wcxb-dev check (1 pages)" in capsys.readouterr().out  # the gate reads the check part only
    floors.write_text(json.dumps({"wcxb-dev/check/article": {"f1": 1.01}}))
    assert quality.main([str(bench_root), *argv]) == 1
    assert "wcxb-dev/check/article cleaner-balanced" in capsys.readouterr().err
    import shutil

    shutil.rmtree(bench_root / "wcxb-dev")
    assert quality.main([str(bench_root), *argv]) == 2
    assert "wcxb-dev" in capsys.readouterr().err


def test_raise_floors_with_a_margin(tmp_path: Path):
    path = tmp_path / "floors.json"
    reached = {("wcxb-dev/check", "balanced"): 0.8137, ("wcxb-dev/check", "fast"): 0.7}
    data = raise_floors(path, (), reached, margin=0.005)
    assert data == {"wcxb-dev/check": {"f1": 0.808, "fast": {"f1": 0.695}}}


def test_text_quality_on_both_scraped_sets(tmp_path: Path, capsys):
    import text_quality

    for name, ids in (("scraped-text-dev", ["a1"]), ("scraped-text-wcxb-dev", list(WCXB_PAGES))):
        (tmp_path / name / "input").mkdir(parents=True)
        for page_id in ids:
            (tmp_path / name / "input" / f"{page_id}.txt").write_text(f"Home\nNews\n{ARTICLE}\nFooter\n")
        (tmp_path / name / "truth.json").write_text(json.dumps({i: ARTICLE for i in ids}))
    write_wcxb(tmp_path)
    per_page = tmp_path / "text.jsonl"
    assert text_quality.main([str(tmp_path), "--per-page", str(per_page), "--worst", "5"]) == 0
    out = capsys.readouterr().out
    assert "scraped-text-dev: 1 pages" in out and "scraped-text-wcxb-dev check (1 pages)" in out
    assert "input as is" in out and "clean_text - input as is" not in out and "forum" in out
    worst = out.split("worst")[-1]
    assert "0001" in worst and "0003" not in worst  # check pages are not listed one by one
    records = [json.loads(line) for line in per_page.read_text().splitlines()]
    assert len(records) == 4 and records[-1]["part"] == "check"
    assert text_quality.main([str(tmp_path / "nowhere")]) == 2


def test_recall_loss_reads_tune_pages_only_and_names_the_rules(bench_root: Path, tmp_path: Path, capsys):
    import recall_loss

    records = tmp_path / "loss.jsonl"
    argv = [str(bench_root), "--jobs", "1", "--cache", str(tmp_path / "cache"), "--json", str(records)]
    assert recall_loss.main(argv) == 0
    out = capsys.readouterr().out
    assert "## article: 1 tune pages" in out and "## forum: 1 tune pages" in out and "recall lost" in out
    ids = [json.loads(line)["id"] for line in records.read_text().splitlines()]
    assert ids == ["0001", "0002"]  # 0003 is a check page
    assert recall_loss.reason_key("class/id token 'menu' in <li class=\"a\">") == "class/id token 'menu'"
    masked = recall_loss.reason_key("hidden element <div hidden>; link density 0.83")
    assert masked == "hidden element <>; link density #"
    assert recall_loss.main([str(tmp_path / "nowhere")]) == 2


def test_a_field_a_system_never_extracts_is_not_shown_as_zero_percent():
    """trafilatura's extract_metadata has no language: 'language 0%' would read as 73 wrong answers."""
    from metadata_match import format_matches

    want = MetadataFields(title="Hello", language="en")
    line = format_matches("trafilatura", match_fields([(want, MetadataFields(title="Hello"))] * 3))
    assert "title 100% (3/3)" in line
    assert "language n/a (not extracted)" in line and "language 0%" not in line
    wrong = format_matches("other", match_fields([(want, MetadataFields(title="Hello", language="fr"))]))
    assert "language 0% (0/1)" in wrong


def test_sample_check_passes_the_expected_text_and_reports_a_different_one(tmp_path, monkeypatch):
    import sample_check

    samples = tmp_path / "samples"
    samples.mkdir()
    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "text" / "scraped-harbour.txt"
    (samples / sample_check.SAMPLE).write_text(fixture.read_text(encoding="utf-8"), encoding="utf-8")
    expected = tmp_path / "expected.txt"
    monkeypatch.setattr(sample_check, "EXPECTED", expected)
    expected.write_text(fixture.with_name("scraped-harbour.expected.txt").read_text(encoding="utf-8"))
    assert all("text differs" not in p for p in sample_check.check(samples / sample_check.SAMPLE))
    expected.write_text("A different article\n")
    problems = sample_check.check(samples / sample_check.SAMPLE)
    assert problems[0].startswith("text differs") and "-A different article" in problems[0]
    assert sample_check.main([str(tmp_path / "nowhere" / "bench")]) == 1
