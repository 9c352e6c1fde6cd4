"""End to end: the real `wsoa serve` over the real index and embedding model, in headless Chromium.

The app runs as a subprocess with a fresh index folder (so the first start builds
the index) and the extractive backend (fast, no LLM). Screenshots go to
``tests/screenshots/`` for a person to look at.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.settings import REPO_ROOT
from tests.badfiles import write_garbage_pdf
from tests.conftest import CORPUS, PDFS
from tests.net import free_port

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(__file__).parent / "screenshots"
PDF = next(p for p in PDFS if p.name == "bedford.pdf")
WSOA = REPO_ROOT / ".venv" / "bin" / "wsoa"
_STARTUP_SHOT: list[Path] = []
SECTION_HEADINGS = ["Progress on key actions", "Evidence of impact", "Key next steps", "Sources"]


def _wait_http(url: str, process: subprocess.Popen[bytes], log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"wsoa serve exited early:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"wsoa serve did not answer in {seconds}s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`wsoa serve` on a free port with an empty index folder (first start builds it)."""
    if not WSOA.exists():
        pytest.skip("no .venv/bin/wsoa: run `make setup`")
    root = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = {
        **os.environ,
        "WSOA_INDEX_DIR": str(root / "index"),
        "WSOA_LIBRARY_DIRS": "[]",  # the bundled corpus only: the library takes minutes
        "WSOA_LLM_BACKEND": "extractive",
        "WSOA_CHROMA_URL": "",
        "WSOA_AUTH": "",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "HOME": str(root / "home"),
    }
    log = root / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(WSOA), "serve", "--port", str(port)],
            cwd=REPO_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_http(url, process, log, 90)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        print(log.read_text(errors="replace")[-2000:], file=sys.stderr)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: run `make browser`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser: Any, app_url: str) -> Iterator[Any]:
    """A fresh page on the app, once the index is ready (the first one waits for the build)."""
    SHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.goto(app_url)
    startup = SHOTS / "startup.png"
    if not _STARTUP_SHOT:  # the first page sees the first-start index build
        _STARTUP_SHOT.append(startup)
        page.wait_for_timeout(4000)
        page.screenshot(path=str(startup))
    page.wait_for_selector("#banner .wsoa-ok", timeout=180_000)
    yield page
    context.close()


def _words(text: str | None) -> str:
    return " ".join((text or "").split())


def _open_tab(page: Any, name: str) -> None:
    tab = page.get_by_role("tab", name=name)
    if not tab.is_visible():  # a narrow screen keeps the last tabs behind the "⋯" menu
        page.locator(".overflow-menu button").first.click()
        page.locator(".overflow-dropdown button", has_text=name).first.click()
        return
    tab.click()


def test_ask_streams_an_answer_and_opens_a_citation(page: Any) -> None:
    page.fill("#ask-question textarea", "How long are waits for autism assessment?")
    page.click("#ask-button")
    page.wait_for_selector("#answer .wsoa-sources", timeout=60_000)
    first = page.locator("#answer p .wsoa-cite").first
    key = first.get_attribute("data-cite")
    quote = page.locator(f'#answer .wsoa-sources li:has([data-cite="{key}"]) q').text_content()
    first.click()
    page.wait_for_selector(f'#ask-passage .wsoa-passage[data-key="{key}"] mark', timeout=20_000)
    highlighted = page.locator("#ask-passage mark").text_content()
    assert _words(highlighted) == _words(quote)
    head = page.locator("#ask-passage .wsoa-passage-head").inner_text()
    # The passage names its page as citations do: "p. 3", "p. ≤ 26", "pp. 4–5" or "page unknown".
    assert re.search(r"\b(?:pp?\. \S|page unknown)", head), head
    page.screenshot(path=str(SHOTS / "ask-citation.png"), full_page=True)


def test_what_an_area_must_improve_is_a_list_of_cited_items(page: Any) -> None:
    page.fill("#ask-question textarea", "What must Shropshire improve?")
    page.click("#ask-button")
    page.wait_for_selector("#answer .wsoa-sources", timeout=60_000)
    items = page.locator("#answer ul > li")  # the sources are an <ol>
    # One list item per priority of the 2020 WSoA, each with its own citation pin.
    assert page.locator("#answer ul > li .wsoa-cite").count() == 6
    assert "names 6 priorities" in page.locator("#answer").inner_text()
    last = page.locator("#answer ul > li .wsoa-cite").last
    key = last.get_attribute("data-cite")
    last.click()
    page.wait_for_selector(f'#ask-passage .wsoa-passage[data-key="{key}"] mark', timeout=20_000)
    assert "exclusions" in _words(page.locator("#ask-passage mark").text_content())
    assert items.count() == 6
    page.screenshot(path=str(SHOTS / "ask-must-improve.png"), full_page=True)


def _open_draft(page: Any) -> None:
    """The Draft tab, once its priority list is filled from the index."""
    _open_tab(page, "Draft")
    page.wait_for_function(
        "document.querySelector('#draft-priority input')?.value.length > 0", timeout=20_000
    )


def _line_texts(page: Any, section: str) -> list[str]:
    return [box.input_value() for box in page.locator(f".wsoa-line-{section} textarea").all()]


def test_draft_editor_edits_moves_deletes_and_adds_lines(page: Any, tmp_path: Path) -> None:
    _open_draft(page)
    page.click("#draft-button")
    page.wait_for_selector("#draft-status .wsoa-ok", timeout=90_000)
    page.wait_for_selector(".wsoa-line-progress textarea", timeout=20_000)
    progress = _line_texts(page, "progress")
    assert progress and all(text.strip() for text in progress)
    # Lines are plain words: no Markdown marks and no [n] in the text; pins sit beside.
    assert not any(re.search(r"\*|\[\d+\]", text) for text in progress), progress
    quote = _words(page.locator("#draft-sources q").first.text_content())
    assert quote
    page.locator("#draft-sources .wsoa-cite").first.click()
    page.wait_for_selector("#draft-passage mark", timeout=20_000)

    document = _download_docx(page, tmp_path / "draft.docx")
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in SECTION_HEADINGS:
        assert heading in headings, headings
    assert quote in _words("\n".join(p.text for p in document.paragraphs))

    # A pin beside a line opens that line's passage.
    cited = page.locator(".wsoa-line-progress:has(.wsoa-cite)")
    first_cited = cited.first
    key = first_cited.locator(".wsoa-cite").first.get_attribute("data-cite")
    first_cited.locator(".wsoa-cite").first.click()
    page.wait_for_selector(f'#draft-passage .wsoa-passage[data-key="{key}"] mark', timeout=20_000)

    # ✕ deletes a line: gone from the page and from the download.
    doomed = _words(first_cited.locator("textarea").input_value())
    count = page.locator(".wsoa-line-progress").count()
    first_cited.locator('[data-line-action="delete"]').click()
    page.wait_for_function(
        f"document.querySelectorAll('.wsoa-line-progress').length === {count - 1}",
        timeout=20_000,
    )
    _wait_for_docx(page, tmp_path, lambda text: doomed not in text, "deleting a line")

    # ↑ moves the last cited line above the one before it, in the download too.
    lines = page.locator(".wsoa-line-progress")
    last, before = (_words(lines.nth(i).locator("textarea").input_value()) for i in (-1, -2))
    lines.last.locator('[data-line-action="up"]').click()
    page.wait_for_function(
        "(t) => { const b = [...document.querySelectorAll('.wsoa-line-progress textarea')];"
        " return b.length > 1 && b[b.length - 2].value.replace(/\\s+/g, ' ').trim() === t; }",
        arg=last,
        timeout=20_000,
    )
    _wait_for_docx(
        page, tmp_path, lambda text: 0 <= text.find(last) < text.find(before), "moving a line"
    )

    # "+ Add a line" gives an empty line, focused: typing there is the adviser's observation.
    page.locator(".wsoa-add-line").last.click()
    page.wait_for_function(
        "[...document.querySelectorAll('.wsoa-line-next_steps textarea')]"
        ".some(t => t.value === '' && t === document.activeElement)",
        timeout=20_000,
    )
    page.keyboard.type("Adviser's own next step.")
    _wait_for_docx(
        page,
        tmp_path,
        lambda text: "Adviser's own next step. (adviser's observation)" in text,
        "typing",
    )
    page.wait_for_function(
        "document.querySelector('#draft-edits')?.innerText.includes('observation')",
        timeout=20_000,
    )

    # Select-all and replace a cited line: it keeps its pin and is checked against it.
    box = page.locator(".wsoa-line-impact:has(.wsoa-cite) textarea").first
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.insert_text("Replaced by the adviser.")
    page.keyboard.press("Tab")  # moving on from the line: a replace-all counts then
    document = _wait_for_docx(
        page, tmp_path, lambda text: "Replaced by the adviser. (⚠ unsupported)" in text, "replacing"
    )
    assert "Adviser's own next step" in _docx_text(document)  # earlier edits are kept
    assert "*" not in _docx_text(document)  # no Markdown reaches Word
    page.wait_for_selector(".wsoa-line-impact .wsoa-flag", timeout=20_000)
    DOC_SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOC_SHOTS / "draft-editor-1400.png"), full_page=True)

    # Drafting again over edits asks first and keeps them; a second click replaces them.
    page.click("#draft-button")
    page.wait_for_selector("#draft-status .wsoa-error", timeout=20_000)
    assert "hold your edits" in page.locator("#draft-status").inner_text()
    assert "Adviser's own next step." in _line_texts(page, "next_steps")
    page.click("#draft-button")
    page.wait_for_selector("#draft-status .wsoa-ok", timeout=90_000)
    page.wait_for_function(
        "![...document.querySelectorAll('.wsoa-line-next_steps textarea')]"
        ".some(t => t.value.includes('Adviser'))",
        timeout=20_000,
    )
    assert _words(" ".join(_line_texts(page, "progress"))).count(doomed) == 1  # back again


def _docx_text(document: Any) -> str:
    return _words("\n".join(p.text for p in document.paragraphs))


def _wait_for_docx(page: Any, tmp_path: Path, ok: Any, what: str) -> Any:
    """Download the .docx until ``ok(text)`` holds (the rewrite runs after the change)."""
    for attempt in range(20):
        page.wait_for_timeout(500)
        document = _download_docx(page, tmp_path / f"{what.replace(' ', '-')}-{attempt}.docx")
        if ok(_docx_text(document)):
            return document
    pytest.fail(f"the .docx download did not follow the edit ({what})")


def _download_docx(page: Any, target: Path) -> Any:
    from docx import Document

    with page.expect_download(timeout=30_000) as download:
        page.click("#draft-docx")
    download.value.save_as(target)
    return Document(str(target))


def test_compare_gaps_and_status_render(page: Any) -> None:
    _open_tab(page, "Compare")
    page.click("#compare-button")
    page.wait_for_selector("#comparison .wsoa-column", timeout=90_000)
    assert page.locator("#comparison .wsoa-column").count() >= 2
    page.screenshot(path=str(SHOTS / "compare.png"), full_page=True)

    _open_tab(page, "Evidence gaps")
    page.click("#gaps-button")
    page.wait_for_selector("#gaps .wsoa-gap", timeout=90_000)
    page.locator("#gaps .wsoa-cite").first.click()
    page.wait_for_selector("#gaps-passage mark", timeout=20_000)
    page.screenshot(path=str(SHOTS / "gaps.png"), full_page=True)

    _open_tab(page, "Status")
    status = page.locator("#status").inner_text()
    assert "extractive" in status and "passages" in status
    page.screenshot(path=str(SHOTS / "status.png"), full_page=True)


def test_my_area_and_the_comparison_set_are_remembered(browser: Any, app_url: str) -> None:
    """ "My area" moves Ask, Draft and gaps to it; it and the comparison set outlive a reload,
    so comparing the chosen areas again is two clicks: the Compare tab, then Compare."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    try:
        page.goto(app_url)
        page.wait_for_selector("#banner .wsoa-ok", timeout=180_000)
        page.click("#my-area input")
        page.get_by_role("option", name="Torbay").click()
        page.wait_for_function(
            "document.querySelector('#ask-area input')?.value === 'Torbay'", timeout=20_000
        )
        _open_tab(page, "Draft")
        page.wait_for_function(
            "document.querySelector('#draft-area input')?.value === 'Torbay'", timeout=20_000
        )
        _open_tab(page, "Compare")
        chips = page.locator("#compare-areas .token")
        assert chips.count() == 3  # the areas with working documents, none to remove
        page.locator('#compare-areas .token:has-text("Shropshire") .token-remove').click()
        page.wait_for_function(
            "document.querySelectorAll('#compare-areas .token').length === 2", timeout=20_000
        )
        page.wait_for_timeout(1000)  # the choice reaches the browser's storage

        page.reload()
        page.wait_for_selector("#banner .wsoa-ok", timeout=60_000)
        assert page.locator("#my-area input").input_value() == "Torbay"
        assert page.locator("#ask-area input").input_value() == "Torbay"
        _open_tab(page, "Compare")  # click 1
        page.wait_for_function(
            "document.querySelectorAll('#compare-areas .token').length === 2", timeout=20_000
        )
        page.click("#compare-button")  # click 2
        page.wait_for_selector("#comparison .wsoa-column", timeout=90_000)
        cards = page.locator("#comparison .wsoa-column > h3").all_inner_texts()
        assert cards == ["Torbay", "Wirral"], cards
    finally:
        context.close()


def test_library_rejects_a_bad_file_readably(page: Any, tmp_path: Path) -> None:
    _open_tab(page, "Library")
    page.wait_for_selector("#library-table table", timeout=20_000)
    page.set_input_files("#library-upload input[type=file]", str(write_garbage_pdf(tmp_path)))
    message = page.locator("#upload-message .wsoa-error")
    message.wait_for(timeout=30_000)
    text = message.inner_text()
    assert "garbage.pdf" in text and "cannot be added" in text
    assert "Traceback" not in page.content()
    assert page.locator("#add-button").is_disabled()
    page.screenshot(path=str(SHOTS / "library-bad-file.png"), full_page=True)


def test_library_asks_before_replacing_or_deleting(page: Any, tmp_path: Path) -> None:
    _open_tab(page, "Library")
    page.wait_for_selector("#library-table table", timeout=20_000)
    # A failed upload's message goes when the file is removed.
    page.set_input_files("#library-upload input[type=file]", str(write_garbage_pdf(tmp_path)))
    page.locator("#upload-message .wsoa-error").wait_for(timeout=30_000)
    page.locator("#library-upload button[aria-label='Clear']").click()
    page.wait_for_function(
        "document.querySelector('#upload-message').innerText.includes('Choose a PDF')",
        timeout=20_000,
    )
    assert page.locator("#upload-message .wsoa-error").count() == 0

    # An unrelated file with an indexed document's name: said before, asked on Add.
    name = "torbay-2024-02-wsoa-review-note.txt"
    unrelated = tmp_path / name
    unrelated.write_text("Shopping list: eggs, milk.", encoding="utf-8")
    page.set_input_files("#library-upload input[type=file]", str(unrelated))
    page.wait_for_function(
        "document.querySelector('#upload-message').innerText.includes('would replace')",
        timeout=30_000,
    )
    page.click("#add-button")
    page.wait_for_function(
        "document.querySelector('#upload-message').innerText.includes('Press Replace')",
        timeout=30_000,
    )
    message = _words(page.locator("#upload-message").inner_text())
    assert re.search(
        r"This would replace “.+” \(torbay-2024-02-wsoa-review-note, \d+ passages\)", message
    )
    assert page.locator("#add-button").inner_text().strip() == "Replace"
    page.screenshot(path=str(SHOTS / "library-replace.png"), full_page=True)
    rows = page.locator("#library-table tbody tr").count()

    # Delete asks too; nothing is deleted until it is confirmed.
    page.locator("#delete-choice input").click()
    page.get_by_role("option").first.click()
    page.click("#delete-button")
    page.wait_for_function(
        "document.querySelector('#library-message').innerText.includes('Confirm delete')",
        timeout=30_000,
    )
    assert page.locator("#delete-button").inner_text().strip() == "Confirm delete"
    assert page.locator("#library-table tbody tr").count() == rows


def test_reuploading_an_indexed_file_changes_nothing(page: Any, tmp_path: Path) -> None:
    _open_tab(page, "Library")
    page.wait_for_function(  # the bundled corpus, listed once the first build is done
        "document.querySelector('#library-table').innerText.includes('Wirral WSoA review')",
        timeout=120_000,
    )
    torbay_rows = "Torbay WSoA review meeting note"
    assert page.locator("#library-table").inner_text().count(torbay_rows) == 1
    copy = tmp_path / "renamed copy of the torbay note.txt"
    copy.write_bytes((CORPUS / "torbay-2024-02-wsoa-review-note.txt").read_bytes())
    page.set_input_files("#library-upload input[type=file]", str(copy))
    page.wait_for_function(
        "document.querySelector('#upload-message').innerText.includes('already in the library')",
        timeout=30_000,
    )
    message = _words(page.locator("#upload-message").inner_text())
    assert "(torbay-2024-02-wsoa-review-note): nothing to add" in message
    assert page.locator("#add-button").is_disabled()
    assert page.locator("#library-table").inner_text().count(torbay_rows) == 1


def test_a_pdf_citation_shows_its_page_with_the_quote_marked(page: Any) -> None:
    """An uploaded inspection report: a pin in the answer opens the passage and, one click
    on, the PDF page itself with the quoted lines marked."""
    _open_tab(page, "Library")
    page.wait_for_selector("#library-table table", timeout=20_000)
    page.set_input_files("#library-upload input[type=file]", str(PDF))
    page.wait_for_function(
        "document.querySelector('#add-button') && !document.querySelector('#add-button').disabled",
        timeout=30_000,
    )
    page.click("#add-button")
    page.wait_for_function(
        "document.querySelector('#upload-message').innerText.includes('Added')",
        timeout=180_000,
    )
    _open_tab(page, "Ask")
    page.fill("#ask-question textarea", "What must Bedford improve?")
    page.click("#ask-button")
    page.wait_for_selector("#answer .wsoa-sources", timeout=60_000)
    page.locator("#answer ul > li .wsoa-cite").first.click()
    figure = page.locator("#ask-passage details.wsoa-page")
    figure.wait_for(timeout=20_000)
    summary = figure.locator("summary").inner_text()
    assert re.fullmatch(r"See page \d+ of the PDF", summary.strip()), summary
    figure.locator("summary").click()
    image = figure.locator("img")
    image.wait_for(state="visible", timeout=10_000)
    assert image.evaluate("(img) => img.complete && img.naturalWidth") > 500
    assert "the quoted passage marked" in (image.get_attribute("alt") or "")
    page.screenshot(path=str(SHOTS / "ask-pdf-page.png"), full_page=True)


_IN_VIEW = """(node) => {
  const r = node.getBoundingClientRect();
  return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
}"""


def _click_bottom_pin_and_see_its_passage(page: Any, pins: str, passage: str) -> None:
    """Click the last pin of ``pins`` where the reader has scrolled to it: its highlighted
    quote must be on screen at once, and the page must not have moved."""
    pin = page.locator(pins).last
    pin.scroll_into_view_if_needed()
    key = pin.get_attribute("data-cite")
    scrolled = page.evaluate("window.scrollY")
    pin.click()
    mark = page.locator(f'{passage} .wsoa-passage[data-key="{key}"] mark')
    mark.wait_for(timeout=20_000)
    page.wait_for_timeout(300)  # the panel floats after the passage is drawn
    assert mark.evaluate(_IN_VIEW), "the cited passage is off screen"
    assert page.evaluate("window.scrollY") == scrolled  # the reader stays where they are


def _floating(page: Any, passage: str) -> bool:
    return page.evaluate(
        f"document.querySelector('{passage} .wsoa-passage').closest('.wsoa-floating') !== null"
    )


def test_a_citation_at_the_bottom_of_a_long_answer_shows_in_view_on_a_phone(
    browser: Any, app_url: str
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 760})
    page = context.new_page()
    page.goto(app_url)
    page.wait_for_selector("#banner .wsoa-ok", timeout=180_000)
    try:
        page.fill("#ask-question textarea", "What must Shropshire improve?")
        page.click("#ask-button")
        page.wait_for_selector("#answer .wsoa-sources", timeout=60_000)
        _click_bottom_pin_and_see_its_passage(page, "#answer ul > li .wsoa-cite", "#ask-passage")
        # Below the answer on a phone, the panel floats over the corner instead.
        assert _floating(page, "#ask-passage")
        page.screenshot(path=str(SHOTS / "ask-citation-phone.png"))
        page.keyboard.press("Escape")  # puts it back in its place
        page.wait_for_timeout(200)
        assert not _floating(page, "#ask-passage")
    finally:
        context.close()


def test_a_citation_at_the_bottom_of_a_comparison_shows_in_view(page: Any) -> None:
    _open_tab(page, "Compare")
    # The shortcut picks the areas with a priority on the theme: none is "closest passages".
    page.click("#compare-on-theme")
    page.wait_for_timeout(1500)
    page.click("#compare-button")
    page.wait_for_selector("#comparison .wsoa-column", timeout=90_000)
    assert "no priority on this theme" not in page.locator("#comparison").inner_text()
    # Cards wrap in a grid: none is pushed off the side of the screen.
    right = page.evaluate(
        "Math.max(...[...document.querySelectorAll('#comparison .wsoa-column')]"
        ".map(c => c.getBoundingClientRect().right))"
    )
    assert right <= page.evaluate("window.innerWidth")
    page.wait_for_selector("#comparison .wsoa-column .wsoa-cite", timeout=90_000)
    _click_bottom_pin_and_see_its_passage(
        page, "#comparison .wsoa-column .wsoa-cite", "#compare-passage"
    )
    page.screenshot(path=str(SHOTS / "compare-citation.png"))


def _contrast_on_white(*rgb: int) -> float:
    linear = [
        (c / 255) / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb
    ]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


TABS = ["Ask", "Draft", "Compare", "Evidence gaps", "Library", "Status"]
SHOT_WIDTHS = (1366, 390)  # the widths committed under docs/screenshots; 1024 is checked only
DOC_SHOTS = REPO_ROOT / "docs" / "screenshots"


@pytest.mark.parametrize("width", [1366, 1024, 390])
def test_every_tab_fits_the_screen_at_laptop_and_phone_width(
    browser: Any, app_url: str, width: int
) -> None:
    """Each tab at 1366, 1024 and 390 px: nothing wider than the screen (no sideways scroll);
    the screenshots are committed under docs/screenshots for people to look at."""
    DOC_SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(app_url)
    page.wait_for_selector("#banner .wsoa-ok", timeout=180_000)
    try:
        for tab in TABS:
            _open_tab(page, tab)
            page.wait_for_timeout(500)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"{tab} at {width} px scrolls sideways by {overflow} px"
            # The chosen tab's label is readable (WCAG AA, 4.5:1 on white).
            rgb = page.evaluate(
                'getComputedStyle(document.querySelector(\'button[role="tab"]'
                '[aria-selected="true"]\')).color'
            )
            red, green, blue = (int(v) for v in re.findall(r"\d+", rgb)[:3])
            assert _contrast_on_white(red, green, blue) >= 4.5, (tab, rgb)
            if tab == "Library":
                # Titles read as lines, not letters stacked one a line (the table scrolls
                # sideways inside its own box on a phone).
                title = page.locator('#library-table th[data-testid="header-0"]')
                assert title.bounding_box()["width"] >= 200, title.bounding_box()
            if width in SHOT_WIDTHS:
                name = tab.lower().replace(" ", "-")
                page.screenshot(path=str(DOC_SHOTS / f"{name}-{width}.png"), full_page=True)
    finally:
        context.close()


def test_eight_tabs_open_and_all_answer(browser: Any, app_url: str) -> None:
    """Browsers allow six connections per host over HTTP/1.1: eight tabs of the app in one
    browser must all load and all answer."""
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    try:
        pages = []
        for _ in range(8):
            tab = context.new_page()
            tab.goto(app_url)
            pages.append(tab)
        for tab in pages:
            tab.wait_for_selector("#banner .wsoa-ok", timeout=60_000)
        # Each tab drafts and deletes a line: the editor's redraw holds no connection open.
        for tab in pages:
            _open_draft(tab)
            tab.click("#draft-button")
        for tab in pages:
            tab.wait_for_selector(".wsoa-line-progress textarea", timeout=90_000)
            lines = tab.locator(".wsoa-line").count()
            tab.locator('.wsoa-line [data-line-action="delete"]').first.click()
            tab.wait_for_function(
                f"document.querySelectorAll('.wsoa-line').length === {lines - 1}", timeout=30_000
            )
            _open_tab(tab, "Ask")
        for n, tab in enumerate(pages):
            tab.fill("#ask-question textarea", f"What must Shropshire improve? ({n})")
            tab.click("#ask-button")
        for tab in pages:
            tab.wait_for_selector("#answer .wsoa-sources", timeout=60_000)
            assert tab.locator("#answer ul > li .wsoa-cite").count() == 6
        ninth = context.new_page()  # and a ninth tab still opens
        ninth.goto(app_url)
        ninth.wait_for_selector("#banner .wsoa-ok", timeout=30_000)
    finally:
        context.close()
