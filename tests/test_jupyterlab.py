"""JupyterLab as a student finds it: a lesson opens, *Run All* runs, and no cell shows an error.

The test starts JupyterLab the way `make lab` does (the course's settings in jupyter/settings,
a first start with empty user settings) on copies of lessons 01 and 08 in quick mode (the first
lesson, and the last and heaviest: Keras training, progress bars, exercises), opens each in
headless Chromium, runs every cell with JupyterLab's own "Run All Cells" command over the Chrome
DevTools protocol, and reads every cell's outputs from the notebook model. It also checks that
the "get notified about Jupyter news?" prompt is switched off and that the Korean language pack
(Settings > Language > 한국어) is installed.

Chromium is found by tests/browser.py: the run-all test is skipped without it on a laptop and
fails without it in CI; the settings and language-pack checks need no browser and always run.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browser import chromium_or_skip

REPO = Path(__file__).resolve().parent.parent
LESSONS = [sorted((REPO / "notebooks").glob(f"{n}_*.ipynb"))[0] for n in ("01", "08")]
SETTINGS = REPO / "jupyter" / "settings"
NEWS_PROMPT = "official Jupyter news"

RUN_ALL = """
(async () => {
  const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
  const started = Date.now();
  const wanted = "__LESSON__";  // the lesson this run opened, not one a workspace restored
  const panel = () => window.jupyterapp && window.jupyterapp.shell.currentWidget;
  while (!(panel() && panel().sessionContext && panel().content && panel().content.model
           && panel().title.label === wanted)) {
    if (Date.now() - started > 120000) return {problem: `${wanted} did not open in 120 s`};
    await sleep(200);
  }
  const app = window.jupyterapp, notebook = panel();
  await app.restored;
  await notebook.context.ready;
  await notebook.sessionContext.ready;
  while (!notebook.sessionContext.session || !notebook.sessionContext.session.kernel) await sleep(200);
  const runStarted = Date.now();
  await app.commands.execute("notebook:run-all-cells");
  while (notebook.sessionContext.session.kernel.status !== "idle") await sleep(200);
  const seconds = (Date.now() - runStarted) / 1000;
  await sleep(1500);  // let a late toast (the news prompt) appear if it would
  const cells = notebook.content.model.cells;
  const result = {seconds, title: notebook.title.label, code: 0, executed: 0, errors: [], figures: 0,
                  text: document.body.innerText};
  for (let i = 0; i < cells.length; i++) {
    const cell = cells.get(i);
    if (cell.type !== "code") continue;
    result.code += 1;
    if (cell.executionCount) result.executed += 1;
    for (let j = 0; j < cell.outputs.length; j++) {
      const output = cell.outputs.get(j).toJSON();
      if (output.output_type === "error") result.errors.push(`cell ${i}: ${output.ename}: ${output.evalue}`);
      if (output.data && output.data["image/png"]) result.figures += 1;
    }
  }
  return result;
})()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float) -> bytes:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def evaluate(websocket_url: str, expression: str, timeout: float) -> dict:
    """Runtime.evaluate over the DevTools protocol; the expression's promise result, as JSON.

    Retried while the page is still navigating (the login with ?token= redirects once)."""
    import websocket  # websocket-client, installed with jupyter_server

    for attempt in range(30):
        connection = websocket.create_connection(websocket_url, timeout=timeout, suppress_origin=True)
        try:
            connection.send(json.dumps({"id": 1, "method": "Runtime.evaluate",
                                        "params": {"expression": expression, "awaitPromise": True,
                                                   "returnByValue": True}}))
            while True:
                message = json.loads(connection.recv())
                if message.get("id") == 1:
                    break
        finally:
            connection.close()
        if "context" not in message.get("error", {}).get("message", ""):
            break
        time.sleep(1)
    result = message.get("result", {})
    assert "result" in result and "exceptionDetails" not in result, message
    return result["result"]["value"]


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    """JupyterLab started like `make lab`, on copies of LESSONS, with empty user settings."""
    home = tmp_path_factory.mktemp("jupyterlab")
    (home / "notebooks").mkdir()
    for lesson in LESSONS:  # autosave must not write into the repository
        shutil.copy(lesson, home / "notebooks" / lesson.name)
    port, token = free_port(), secrets.token_hex(16)
    environment = {key: value for key, value in os.environ.items() if key != "MPLBACKEND"}
    environment.update({"LESSONS_QUICK": "1", "PYTHONPATH": str(REPO), "LESSONS_BUILD_DIR": str(home / "build"),
                        "JUPYTERLAB_SETTINGS_DIR": str(home / "user-settings"),  # a first start
                        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
                        "JUPYTER_RUNTIME_DIR": str(home / "runtime")})
    with open(home / "jupyterlab.log", "w", encoding="utf-8") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root", f"--port={port}",
             "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={token}",
             f"--ServerApp.root_dir={home / 'notebooks'}", f"--LabApp.app_settings_dir={SETTINGS}",
             "--LabApp.expose_app_in_browser=True"],
            stdout=log, stderr=subprocess.STDOUT, env=environment, cwd=home)
    try:
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for(f"{base}/api/status?token={token}", 120)
        except OSError:
            pytest.fail("JupyterLab did not start:\n" + (home / "jupyterlab.log").read_text(encoding="utf-8")[-3000:])
        yield {"base": base, "token": token, "home": home}
    finally:
        stop(server)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def run_all_in_chromium(jupyterlab, lesson: Path) -> dict:
    """Open ``lesson`` in headless Chromium, Run All Cells, and return what RUN_ALL collects."""
    chromium = chromium_or_skip()
    debug_port = free_port()
    url = f"{jupyterlab['base']}/lab/tree/{lesson.name}?reset&token={jupyterlab['token']}"
    browser = subprocess.Popen(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
         "--disable-background-networking", "--disable-component-update",
         f"--user-data-dir={jupyterlab['home'] / ('chromium-' + lesson.stem)}",
         f"--remote-debugging-port={debug_port}",
         "--window-size=1280,900", url],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        targets = json.loads(wait_for(f"http://127.0.0.1:{debug_port}/json/list", 60))
        page = next(target for target in targets if target.get("type") == "page")
        return evaluate(page["webSocketDebuggerUrl"], RUN_ALL.replace("__LESSON__", lesson.name), timeout=600)
    finally:
        stop(browser)


def api(jupyterlab, path: str) -> dict:
    url = f"{jupyterlab['base']}{path}?token={jupyterlab['token']}"
    return json.loads(wait_for(url, 10))


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.name[:2])
def test_run_all_cells_in_jupyterlab_shows_no_error(jupyterlab, lesson):
    result = run_all_in_chromium(jupyterlab, lesson)
    assert "problem" not in result, result
    assert result["title"] == lesson.name, f"ran {result['title']}, not {lesson.name}"
    print(f"{lesson.name}: {result['executed']}/{result['code']} code cells ran in {result['seconds']:.1f} s "
          f"(quick mode), {result['figures']} figures")
    assert not result["errors"], "errors in JupyterLab:\n" + "\n".join(result["errors"])
    assert result["code"] > 5 and result["executed"] == result["code"], result
    assert result["figures"] >= 1, "no figure was drawn"
    assert NEWS_PROMPT not in result["text"], "the Jupyter news pop-up was shown"


def test_the_news_prompt_is_switched_off_by_the_course_settings(jupyterlab):
    settings = api(jupyterlab, "/lab/api/settings/@jupyterlab/apputils-extension:notification")
    # the server applies overrides.json to the schema's defaults; the student's own settings are empty
    defaults = {name: spec.get("default") for name, spec in settings["schema"]["properties"].items()}
    assert defaults["fetchNews"] == "false" and defaults["checkForUpdates"] is False, defaults
    assert "fetchNews" not in settings["settings"], settings["settings"]
    assert json.loads((SETTINGS / "overrides.json").read_text(encoding="utf-8"))[
        "@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"


def test_the_korean_language_pack_is_installed(jupyterlab):
    languages = api(jupyterlab, "/lab/api/translations/")["data"]
    assert "ko_KR" in languages, f"jupyterlab-language-pack-ko-kr is not installed: {sorted(languages)}"
    assert languages["ko_KR"]["nativeName"].startswith("한국어"), languages["ko_KR"]
