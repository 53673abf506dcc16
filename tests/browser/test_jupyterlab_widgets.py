"""Chapter 01 in a real browser: JupyterLab runs every cell, the widgets render, the trace stepper steps.

Debian's chromium (no browser download) driven by Playwright; JupyterLab is started on a free localhost
port with a token, on a copy of the chapter (the source notebook is never saved over). Screenshots are
kept under test-artifacts/browser/ (gitignored).
"""
from __future__ import annotations

import importlib.util
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest

REPO = Path(__file__).resolve().parents[2]
CHAPTER = REPO / "notebooks" / "01-switching" / "01-switching.ipynb"
ARTIFACTS = REPO / "test-artifacts" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = pytest.mark.browser


def _need() -> None:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (/usr/bin/chromium): apt-get install chromium")
    for module, why in (("playwright", "playwright is not installed (pip install playwright; no browser download needed)"),
                        ("jupyterlab", "jupyterlab is needed to run the notebook in a browser"),
                        ("jupyterlab_widgets", "jupyterlab_widgets is needed to render the widgets")):
        if importlib.util.find_spec(module) is None:
            pytest.skip(why)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A JupyterLab server on a copy of chapter 01; yields the notebook's URL (with the token)."""
    _need()
    root = tmp_path_factory.mktemp("lab")
    shutil.copy(CHAPTER, root / CHAPTER.name)
    port, token = _free_port(), secrets.token_hex(16)
    settings = root / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    workspaces = root / "workspaces"
    workspaces.mkdir()
    log = open(root / "jupyter.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}", "--ServerApp.open_browser=False",
         f"--LabApp.user_settings_dir={root / 'settings'}", f"--LabApp.workspaces_dir={workspaces}",
         "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        cwd=root, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail("JupyterLab did not start:\n" + (root / "jupyter.log").read_text()[-3000:])
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}/lab/tree/{CHAPTER.name}?token={token}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        log.close()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


STARTED = """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
                   .some(p => /\\[(\\*|\\d+)\\]/.test(p.textContent))"""


def _run_all(page) -> None:
    """Run > Run All Cells, again if the first click came before the kernel was ready."""
    for attempt in range(3):
        page.locator(".jp-Notebook").first.click()
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_text("Run All Cells", exact=True).click()
        try:
            page.wait_for_function(STARTED, timeout=15_000)
            return
        except Exception:
            page.keyboard.press("Escape")
    raise AssertionError("Run All Cells did not start the notebook")


def test_chapter_01_runs_and_the_trace_stepper_steps(jupyterlab: str, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    for old in ARTIFACTS.glob("*"):                 # this run's screenshots only
        old.unlink()
    with sync_playwright() as pw:
        browser = pw.chromium.launch_persistent_context(      # a fresh --user-data-dir
            str(tmp_path / "chromium-profile"), executable_path=str(CHROMIUM), headless=True, args=FLAGS,
            viewport={"width": 1400, "height": 1000})
        page = browser.pages[0] if browser.pages else browser.new_page()
        try:
            page.set_default_timeout(60_000)
            page.goto(jupyterlab)
            page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=90_000)
            page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle'], "
                                   "#jp-main-statusbar :text('Idle')", timeout=90_000)
            _run_all(page)
            # every code cell gets its execution number once the whole notebook ran
            page.wait_for_function(
                """() => {
                    const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
                    return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
                }""", timeout=110_000)
            stepper = page.locator(".course-trace-stepper")
            stepper.wait_for(state="visible", timeout=30_000)
            stepper.scroll_into_view_if_needed()
            _shot(page, "01-after-run-all")

            content = page.content()
            assert "Error displaying widget" not in content
            assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")\
                .filter(has_text="Traceback").count() == 0
            assert page.locator(".course-trace-stepper .trace-ring").count() == 1      # the picture and its ring

            current = stepper.locator(".hop.current")
            assert current.get_attribute("data-index") == "0"
            first_text = current.inner_text()
            stepper.locator(".trace-next").click()
            page.wait_for_function(
                "() => document.querySelector('.course-trace-stepper .hop.current')?.dataset.index === '1'")
            assert stepper.locator(".hop.current").inner_text() != first_text
            assert "hop 2 of" in stepper.inner_text()
            ring_before = stepper.locator(".trace-ring").get_attribute("data-node")
            assert ring_before == "A"
            index = 1
            while stepper.locator(".trace-ring").get_attribute("data-node") == "A" and index < 8:
                stepper.locator(".trace-next").click()
                index += 1
                page.wait_for_function(
                    f"() => document.querySelector('.course-trace-stepper .hop.current')?.dataset.index === '{index}'")
            assert stepper.locator(".trace-ring").get_attribute("data-node") in ("SW1", "B")   # the ring moved on
            _shot(page, "02-after-next")
            stepper.locator(".trace-prev").click()
            page.wait_for_function(
                f"() => document.querySelector('.course-trace-stepper .hop.current')?.dataset.index === '{index - 1}'")
            _shot(page, "03-after-previous")
        except Exception:
            _shot(page, "failure")
            (ARTIFACTS / "failure.html").write_text(page.content())
            raise
        finally:
            browser.close()
