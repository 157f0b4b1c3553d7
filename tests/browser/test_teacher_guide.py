"""The printable teacher guide (issue #9) in the real browser: it renders under its CSP,
prints to A4, and axe finds nothing to fix."""
from __future__ import annotations

import base64

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from tests.browser.conftest import run_axe, screenshot, wait
from tests.e2e.servers import Servers


@pytest.mark.parametrize("language", ["es", "fr"])
def test_the_teacher_guide_renders_prints_to_a4_and_passes_axe(browser: WebDriver, servers: Servers, language: str) -> None:
    browser.get(f"{servers.base}/guide/{language}")
    wait(browser, lambda d: d.find_elements(By.TAG_NAME, "h1"))
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == language
    # The stylesheet is ours (served under the page's CSP): it applied if the body has its font size.
    assert browser.execute_script("return getComputedStyle(document.body).fontSize") != ""
    screenshot(browser, f"teacher-guide-{language}")
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69,
                                                                       "preferCSSPageSize": True})["data"])
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pdf.startswith(b"%PDF") and 1 <= pages <= 8, pages
    assert run_axe(browser) == []
