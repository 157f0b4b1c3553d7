"""Real servers, a sample school site on another origin, and Debian's headless Chromium.

The Rasa server and the action server run as `make run` starts them (tests/e2e/servers.py)
with a schools folder written here, so the test schools allow the school site's origin.
The school site is a plain HTTP server on `localhost` (the chat is on `127.0.0.1`: another
site for the browser). Chromium is driven by Selenium with /usr/bin/chromedriver given
explicitly, so Selenium Manager never downloads anything.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List

import pytest
import yaml
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from tests.e2e.servers import ROOT, Servers, free_port, trained_model

SITE = Path(__file__).parent / "site"
ARTIFACTS = ROOT / "tests" / "artifacts"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SLOW_EXIT_SECONDS = 2.0  # the neutral page answers late, so a test can see the chat blank before it loads


@pytest.fixture(scope="session")
def site_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def site(site_port: int, servers: Servers) -> Iterator[str]:
    """The sample school's site, http://localhost:<port>/, with the chat's address filled in."""
    chat = servers.base + "/"

    class Handler(SimpleHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            name = self.path.split("?")[0].lstrip("/") or "index.html"
            if name == "axe.min.js":
                return self._send(AXE.read_bytes(), "application/javascript")
            path = SITE / name
            if not path.is_file() or path.parent != SITE:
                self.send_error(404)
                return
            if name == "neutral.html":
                time.sleep(SLOW_EXIT_SECONDS)
            body = path.read_bytes().replace(b"{{CHAT}}", chat.encode())
            self._send(body, "text/css" if name.endswith(".css") else "text/html; charset=utf-8")

        def _send(self, body: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", site_port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{site_port}/"
    server.shutdown()


def school_files(folder: Path, site_port: int) -> None:
    origin = f"http://localhost:{site_port}"
    common = {"allowed_origins": [origin], "exit_url": f"{origin}/neutral.html"}
    schools = {
        "test-school": {"name": "IES Prueba", "language": "es", "country": "ES", **common,
                        "counsellor": {"name": {"es": "Orientación del IES", "fr": "Orientation du lycée"},
                                       "where": {"es": "Despacho 12", "fr": "Bureau 12"},
                                       "email": "orientacion@example.org"}},
        "test-college": {"name": "Collège Test", "language": "fr", "country": "FR", "accent_colour": "#005a8c", **common},
        "test-keep": {"name": "IES Guarda", "language": "es", "country": "ES", "keep_history_in_tab": True, **common},
        "test-learn": {"name": "IES Aprende", "language": "es", "country": "ES", "mode": "learn", **common},
    }
    for slug, document in schools.items():
        (folder / f"{slug}.yml").write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="session")
def servers(site_port: int) -> Iterator[Servers]:
    folder = Path(tempfile.mkdtemp(prefix="schools-"))
    school_files(folder, site_port)
    before = os.environ.get("CHATBOT_SCHOOLS_DIR")
    os.environ["CHATBOT_SCHOOLS_DIR"] = str(folder)
    running = Servers(free_port(), free_port(), ROOT / "var" / "log" / "browser")
    try:
        running.start(trained_model())
        yield running
    finally:
        running.stop()
        if before is None:
            os.environ.pop("CHATBOT_SCHOOLS_DIR", None)
        else:
            os.environ["CHATBOT_SCHOOLS_DIR"] = before
        shutil.rmtree(folder, ignore_errors=True)


def new_driver(width: int = 1280, height: int = 900) -> WebDriver:
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.fail("Chromium is missing: run `bash scripts/browser-deps.sh` (apt-get install chromium chromium-driver).")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="chromium-")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", f"--window-size={width},{height}",
                 "--lang=es"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    driver._profile_dir = profile  # type: ignore[attr-defined]
    return driver


def _quit(driver: WebDriver) -> None:
    driver.quit()
    shutil.rmtree(driver._profile_dir, ignore_errors=True)  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def chromium() -> Iterator[WebDriver]:
    driver = new_driver()
    yield driver
    _quit(driver)


@pytest.fixture
def browser(chromium: WebDriver) -> Iterator[WebDriver]:
    """A fresh tab for each test (its own sessionStorage, no emulation left over, an empty
    network log); one Chromium for the whole run, as starting one costs seconds."""
    old = chromium.window_handles
    chromium.switch_to.new_window("tab")
    fresh = chromium.current_window_handle
    for handle in old:
        chromium.switch_to.window(handle)
        chromium.close()
    chromium.switch_to.window(fresh)
    chromium.get_log("performance")
    yield chromium


def wait(driver: WebDriver, condition: Callable[[WebDriver], Any], seconds: float = 60) -> Any:
    return WebDriverWait(driver, seconds, poll_frequency=0.1).until(condition)


def screenshot(driver: WebDriver, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def run_axe(driver: WebDriver) -> List[Dict[str, Any]]:
    """axe-core from node_modules, every rule it runs by default plus the WCAG 2.2 AA tags."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify([{id: 'axe-error', help: String(e), nodes: []}])));"
    )
    return json.loads(result)


def sent_messages(driver: WebDriver) -> List[Dict[str, Any]]:
    """The bodies the page POSTed to /message, read from Chromium's own network log."""
    bodies = []
    for entry in driver.get_log("performance"):
        event = json.loads(entry["message"])["message"]
        if event.get("method") == "Network.requestWillBeSent":
            request = event["params"]["request"]
            if request["url"].endswith("/message") and request.get("postData"):
                bodies.append(json.loads(request["postData"]))
    return bodies
