"""The explain report rendered by a real browser: Debian's ``chromium``, headless, driven by the test.

For two fixture pages, with hostile scripts added, the rendered DOM must show each label's colour and
count in the legend and every block in the list, and no trace of the page's scripts having run; the
screenshot must show each present label's colour. A control page proves the harness notices a script
that does run. Set CLEANER_SKIP_BROWSER=1 to skip where no browser can be installed (``.ci/run``
installs it with apt-get).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html
from PIL import Image

import cleaner
from cleaner.report.palette import KEPT, KEPT_COLOUR, LABEL_COLOURS, css_class
from cleaner.report.page import label_counts
from cleaner.types import Label

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ("news-article", "cookie-newsletter")
BROWSER_SECONDS = 90
#: A script of the page that, if it ran, would leave marks in the DOM.
HOSTILE_SCRIPT = ("<script>document.documentElement.setAttribute('data-pwned','1');"
                  "document.body.insertAdjacentHTML('afterbegin','<div id=\"pwned\">PWNED</div>')</script>")
#: Text of the article that spells markup out: in the report it must stay text.
HOSTILE_TEXT = ("<p>Attackers wrote &lt;script&gt;document.body.setAttribute('data-pwned','2')&lt;/script&gt; "
                "and &lt;img src=x onerror=\"document.body.setAttribute('data-pwned','3')\"&gt; into the comment "
                "box, the court heard, and the page ran it for every visitor who opened the thread.</p>")


def chromium() -> str:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary:
        return binary
    if os.environ.get("CLEANER_SKIP_BROWSER") == "1":
        pytest.skip("CLEANER_SKIP_BROWSER=1 and no chromium")
    pytest.fail("the browser test needs Debian's chromium (apt-get install chromium); "
                "set CLEANER_SKIP_BROWSER=1 to skip it")


def run_browser(page: Path, profile: Path, *action: str) -> str:
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
               "--force-color-profile=srgb", "--hide-scrollbars", "--run-all-compositor-stages-before-draw",
               "--virtual-time-budget=2000", "--window-size=1280,1000", *action, page.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=BROWSER_SECONDS, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def hostile(fixture: str) -> str:
    source = (ROOT / "fixtures" / "pages" / fixture / "source.html").read_text(encoding="utf-8")
    source = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + HOSTILE_SCRIPT, source, count=1)
    first_paragraph_end = source.index("</p>") + len("</p>")
    return source[:first_paragraph_end] + HOSTILE_TEXT + source[first_paragraph_end:]


def assert_no_script_ran(dom: lxml_html.HtmlElement) -> None:
    assert not dom.xpath("//*[@id='pwned'] | //*[@data-pwned]"), "a script of the page ran in the report"
    assert not dom.xpath("//script"), "the report carries a script element"


def test_the_harness_notices_a_script_that_runs(tmp_path: Path) -> None:
    control = tmp_path / "control.html"
    control.write_text(f"<!DOCTYPE html><html><body>{HOSTILE_SCRIPT}<p>plain page</p></body></html>",
                       encoding="utf-8")
    dom = lxml_html.fromstring(run_browser(control, tmp_path / "profile", "--dump-dom"))
    with pytest.raises(AssertionError):
        assert_no_script_ran(dom)


@pytest.mark.parametrize("fixture", FIXTURES)
def test_report_renders_labels_colours_and_counts_and_runs_no_script(fixture: str, tmp_path: Path) -> None:
    document = cleaner.extract(hostile(fixture), url=f"https://example.org/{fixture}")
    assert document.ok and document.removed
    report = tmp_path / "report.html"
    report.write_text(document.explain_html(), encoding="utf-8")
    dom = lxml_html.fromstring(run_browser(report, tmp_path / "profile", "--dump-dom"))

    assert_no_script_ran(dom)
    shown = " ".join(dom.xpath("//li[contains(@class,'blk')]//text()"))
    assert "<script>document.body.setAttribute" in shown, "the article's text about a script is shown as text"

    style = " ".join(dom.xpath("//style/text()"))
    for name, count in label_counts(document).items():
        label = None if name == KEPT else Label(name)
        colour = KEPT_COLOUR if label is None else LABEL_COLOURS[label]
        assert re.search(rf"\.{css_class(label)}\{{--c:{colour};", style), f"no colour rule for {name}"
        entry = dom.xpath(f"//ul[@class='legend']/li[@data-label='{name}']")
        assert len(entry) == 1 and css_class(label) in entry[0].get("class", "")
        assert entry[0].xpath("string(.//span[@class='count'])") == str(count), f"legend count of {name}"
        assert len(dom.xpath(f"//ol[@class='page']/li[@data-label='{name}']")) == count, f"blocks of {name}"

    screenshot = tmp_path / f"report-{fixture}.png"
    run_browser(report, tmp_path / "profile", f"--screenshot={screenshot}")
    if os.environ.get("CLEANER_SCREENSHOT_DIR"):
        shutil.copy(screenshot, Path(os.environ["CLEANER_SCREENSHOT_DIR"]) / screenshot.name)
    pixels = {rgb for _, rgb in Image.open(screenshot).convert("RGB").getcolors(maxcolors=1 << 24)}
    for name, count in label_counts(document).items():
        colour = KEPT_COLOUR if name == KEPT else LABEL_COLOURS[Label(name)]
        rgb = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
        if count:
            assert rgb in pixels, f"the colour of {name} ({colour}) is not on the screen"
