"""The chat page and the school widget in a real headless Chromium, against the real servers."""
from __future__ import annotations

import json
import re
import time
from typing import List

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver

from chatbot.directory import Directory, read_directory
from chatbot.settings import load_settings
from chatbot.web.widget import STRINGS
from tests.browser.conftest import SLOW_EXIT_SECONDS, run_axe, screenshot, sent_messages, wait
from tests.e2e.languages import language_of
from tests.e2e.servers import Servers

DIRECTORY = Directory.from_files(read_directory(load_settings().directory_path))


def bot_texts(driver: WebDriver) -> List[str]:
    """What the bot said, as seen on screen (without the screen-reader-only hints)."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#log .msg.bot:not(.note) > .text')).map(n => {"
        " const c = n.cloneNode(true); c.querySelectorAll('.sr-only').forEach(x => x.remove()); return c.textContent; })")


def idle(driver: WebDriver) -> bool:
    return driver.execute_script("return document.getElementById('typing').hidden")


def open_chat(driver: WebDriver, url: str) -> None:
    driver.get(url)
    wait(driver, lambda d: bot_texts(d) and idle(d))


def say(driver: WebDriver, text: str) -> List[str]:
    """Types `text` and Enter like a person; returns the bot's new messages."""
    before = len(bot_texts(driver))
    box = driver.find_element(By.ID, "text")
    box.send_keys(text)
    box.send_keys(Keys.ENTER)
    wait(driver, lambda d: len(bot_texts(d)) > before and idle(d))
    return bot_texts(driver)[before:]


def languages(texts: List[str]) -> set:
    return {language_of(t) for t in texts}


def press_shift(driver: WebDriver, times: int) -> None:
    for _ in range(times):
        ActionChains(driver).key_down(Keys.SHIFT).key_up(Keys.SHIFT).perform()


def band_numbers(driver: WebDriver) -> List[str]:
    return [n.text for n in driver.find_elements(By.CSS_SELECTOR, "#danger-list .num")]


def test_chat_in_spanish_then_french_with_the_language_switch(browser: WebDriver, servers: Servers) -> None:
    open_chat(browser, f"{servers.base}/")
    assert languages(bot_texts(browser)) == {"es"}
    # No country on the page: the band has each emergency number with where it works, no crisis line.
    assert browser.find_element(By.ID, "danger-title").text == STRINGS["es"]["dangerAnywhere"]
    assert set(band_numbers(browser)) == {DIRECTORY.emergency_number(c) for c in DIRECTORY.countries()}
    assert "automático" in bot_texts(browser)[0], "the first message says it is an automatic assistant"
    replies = say(browser, "me han hecho un montaje con mi cara")
    assert languages(replies) == {"es"}, replies
    replies = say(browser, "quiero hablar con alguien")
    assert languages(replies) == {"es"}, replies
    assert not browser.find_elements(By.CSS_SELECTOR, "#log a.action[href^='tel:']"), "no country's line before the country"
    replies = say(browser, "estoy en México")
    calls = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#log a.action[href^='tel:']")]
    mexico = {c.tel for o in DIRECTORY.contacts("MX", ("emotional_support", "crisis")) for c in o.channels if c.tel}
    assert calls and set(calls) <= mexico, (calls, replies)
    # The band follows the conversation's country.
    wait(browser, lambda d: d.find_element(By.ID, "danger-title").text == STRINGS["es"]["dangerIn"].format(country="México"))
    assert band_numbers(browser)[0] == DIRECTORY.emergency_number("MX")
    web = browser.find_elements(By.CSS_SELECTOR, "#log a[href^='https://']")
    assert all(a.get_attribute("target") == "_blank" and a.get_attribute("rel") == "noopener noreferrer" for a in web)
    screenshot(browser, "desktop-es")

    browser.find_element(By.CSS_SELECTOR, "button.lang[data-lang='fr']").click()
    wait(browser, lambda d: d.find_element(By.ID, "exit").text == STRINGS["fr"]["exit"] and idle(d))
    assert browser.execute_script("return document.documentElement.lang") == "fr"
    assert browser.find_element(By.ID, "danger-title").text == STRINGS["fr"]["dangerIn"].format(country="Mexique")
    replies = say(browser, "on m'a fait un montage avec ma photo")
    assert languages(replies) == {"fr"}, replies
    screenshot(browser, "desktop-fr")


@pytest.mark.parametrize("start, language, tap, country", [("/?lang=fr", "fr", "Canada", "CA"), ("/?country=ES", "es", "Chile", "CL")])
def test_the_band_button_changes_the_country_of_every_number_that_follows(
        browser: WebDriver, servers: Servers, start: str, language: str, tap: str, country: str) -> None:
    open_chat(browser, f"{servers.base}{start}")
    button = browser.find_element(By.ID, "change-country")
    assert button.text == STRINGS[language]["chooseCountry" if "country=" not in start else "changeCountry"]
    before = len(bot_texts(browser))
    button.click()
    wait(browser, lambda d: len(bot_texts(d)) > before and idle(d))
    choice = next(b for b in browser.find_elements(By.CSS_SELECTOR, ".replies .reply") if b.text == tap)
    choice.click()
    name = DIRECTORY.country_name(country, language)
    wait(browser, lambda d: d.find_element(By.ID, "danger-title").text == STRINGS[language]["dangerIn"].format(country=name))
    assert band_numbers(browser)[0] == DIRECTORY.emergency_number(country)
    assert browser.find_element(By.ID, "change-country").text == STRINGS[language]["changeCountry"]
    assert name in bot_texts(browser)[-1]


def test_quick_replies_and_the_whole_path_by_keyboard_only(browser: WebDriver, servers: Servers) -> None:
    open_chat(browser, f"{servers.base}/?lang=fr&country=FR")
    assert languages(bot_texts(browser)) == {"fr"}
    first_reply = browser.find_element(By.CSS_SELECTOR, ".replies .reply")
    title = first_reply.text
    # Tab from the top of the page until the first quick reply has focus.
    for _ in range(40):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        focused = browser.switch_to.active_element
        outline = browser.execute_script("const s = getComputedStyle(arguments[0]); return s.outlineStyle + ' ' + s.outlineWidth", focused)
        assert outline.startswith("solid") and not outline.endswith(" 0px"), f"no visible focus on {focused.tag_name}: {outline}"
        if focused == first_reply:
            break
    else:
        pytest.fail("the quick replies cannot be reached with Tab")
    before = len(bot_texts(browser))
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    wait(browser, lambda d: len(bot_texts(d)) > before and idle(d))
    users = browser.find_elements(By.CSS_SELECTOR, "#log .msg.user .text")
    assert users[-1].text == title
    assert browser.switch_to.active_element.get_attribute("id") == "text", "focus goes to the message box, not lost"
    assert languages(bot_texts(browser)[before:]) == {"fr"}
    # Writing works from there without the mouse.
    before = len(bot_texts(browser))
    ActionChains(browser).send_keys("j'ai besoin de parler à quelqu'un", Keys.ENTER).perform()
    wait(browser, lambda d: len(bot_texts(d)) > before and idle(d))
    assert languages(bot_texts(browser)[before:]) == {"fr"}


def test_each_new_bot_message_is_announced_once_and_the_history_never(browser: WebDriver, servers: Servers) -> None:
    open_chat(browser, f"{servers.base}/")
    log_live = browser.execute_script("const l = document.getElementById('log'); return [l.getAttribute('aria-live'), l.getAttribute('role')]")
    assert log_live == [None, None], "the visible history is not a live region (it would be read again)"
    live = browser.find_element(By.ID, "announcer")
    assert live.get_attribute("aria-live") == "polite"
    replies = say(browser, "quiero hablar con alguien")
    announced = browser.execute_script("return Array.from(document.querySelectorAll('#announcer > p')).map(p => p.textContent)")
    assert announced == replies, "one announcement per new message, in order, nothing older"


def test_markup_from_either_side_is_shown_as_text(browser: WebDriver, servers: Servers) -> None:
    open_chat(browser, f"{servers.base}/")
    typed = '<img src=x onerror="window.owned=1"><b>hola</b>'
    say(browser, typed)
    assert browser.find_elements(By.CSS_SELECTOR, "#log .msg.user .text")[-1].text == typed
    # Now the server's side: the next reply carries markup and javascript: links (the real
    # assistant never sends them, so the page's network call is answered in the browser).
    evil = [{"text": '<script>window.owned=2</script><a href="javascript:window.owned=3">x</a>'},
            {"text": "Formulario: https://www.example.org/form/. Gracias"},
            {"custom": {"contact": {"kind": "web_form", "link": "javascript:window.owned=4", "label": "<i>x</i>"}}}]
    browser.execute_script("const body = arguments[0]; window.fetch = () => Promise.resolve("
                           "new Response(body, {headers: {'Content-Type': 'application/json'}}));", json.dumps(evil))
    browser.find_element(By.ID, "text").send_keys("hola", Keys.ENTER)
    wait(browser, lambda d: evil[0]["text"] in bot_texts(d))
    assert browser.execute_script("return window.owned") is None
    assert not browser.find_elements(By.CSS_SELECTOR, "#log script, #log img, #log b, #log i, #log a[href^='javascript']")
    # An https address in the bot's text is a link that opens safely in a new tab (the full stop stays text).
    web = browser.find_element(By.CSS_SELECTOR, "#log a.inline[href='https://www.example.org/form/']")
    assert (web.get_attribute("target"), web.get_attribute("rel")) == ("_blank", "noopener noreferrer")


# Chromedriver waits for a navigation that an action starts, so "blank at once" is measured
# in the page itself: when the chat went blank, and when the page was left (the neutral page
# answers SLOW_EXIT_SECONDS late). Both times go to the origin's sessionStorage, read afterwards.
BLANK_PROBE = """
const [target, selector] = arguments;
const root = target === 'shadow' ? document.getElementById('ayuda-widget').shadowRoot : document.body;
const mark = k => { if (!sessionStorage.getItem(k)) sessionStorage.setItem(k, String(performance.now())); };
new MutationObserver(() => {
  if (selector ? root.querySelector(selector) : root.textContent === '') mark('probe-blank');
}).observe(root, {childList: true, subtree: true, characterData: true});
addEventListener('pagehide', () => mark('probe-left'));
"""


def blank_before_leaving(driver: WebDriver) -> float:
    """Milliseconds between the chat going blank and the page being left (read on the probe's origin)."""
    blank, left = driver.execute_script(
        "return [sessionStorage.getItem('probe-blank'), sessionStorage.getItem('probe-left')]")
    assert blank is not None, "the chat never went blank"
    assert left is not None, "the page was never left"
    return float(left) - float(blank)


def test_quick_exit_button_blanks_the_chat_at_once_and_leaves_the_whole_tab(browser: WebDriver, servers: Servers, site: str) -> None:
    browser.get(site)
    host = wait(browser, lambda d: d.find_element(By.ID, "ayuda-widget"))
    ActionChains(browser).send_keys(Keys.TAB, Keys.TAB).perform()  # skip the page's own link, then the launcher
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    frame = wait(browser, lambda d: host.shadow_root.find_element(By.CSS_SELECTOR, "iframe"))
    browser.execute_script(BLANK_PROBE, "shadow", ".blank")
    browser.switch_to.frame(frame)
    wait(browser, lambda d: bot_texts(d) and idle(d))
    assert browser.find_element(By.ID, "exit").text == STRINGS["es"]["exit"]
    browser.find_element(By.ID, "exit").click()
    browser.switch_to.default_content()
    wait(browser, lambda d: d.current_url.endswith("/neutral.html"), 15)  # the whole tab, not the iframe
    assert blank_before_leaving(browser) >= 1000 * SLOW_EXIT_SECONDS * 0.8


@pytest.mark.parametrize("how", ["button", "keys"])
def test_quick_exit_from_a_schools_own_iframe_leaves_the_whole_tab(browser: WebDriver, servers: Servers, site: str, how: str) -> None:
    browser.get(site + "iframe.html")
    browser.switch_to.frame(browser.find_element(By.CSS_SELECTOR, "iframe.chat"))
    wait(browser, lambda d: bot_texts(d) and idle(d))
    if how == "button":
        browser.find_element(By.ID, "exit").click()
    else:
        browser.find_element(By.ID, "text").click()  # the keyboard is in the chat, inside the frame
        press_shift(browser, 3)
    browser.switch_to.default_content()
    wait(browser, lambda d: d.current_url.endswith("/neutral.html"), 15)


@pytest.mark.parametrize("before", ["typed and Enter", "typed, no Enter", "tapped a quick reply"])
def test_shift_three_times_leaves_right_after_typing_or_tapping(browser: WebDriver, servers: Servers, site: str, before: str) -> None:
    """The first Shift after any other key used to be swallowed as "held for a capital" (issue 17)."""
    open_chat(browser, f"{servers.base}/?school=test-school")  # its exit address is the test site's neutral page
    box = browser.find_element(By.ID, "text")
    if before == "tapped a quick reply":
        browser.find_element(By.CSS_SELECTOR, ".replies .reply").click()
    else:
        box.send_keys("me están chantajeando")
        if before == "typed and Enter":
            box.send_keys(Keys.ENTER)
    press_shift(browser, 3)
    wait(browser, lambda d: d.current_url.endswith("/neutral.html"), 15)


def test_shift_three_times_in_a_schools_iframe_right_after_typing(browser: WebDriver, servers: Servers, site: str) -> None:
    browser.get(site + "iframe.html")
    browser.switch_to.frame(browser.find_element(By.CSS_SELECTOR, "iframe.chat"))
    wait(browser, lambda d: bot_texts(d) and idle(d))
    say(browser, "salut")
    press_shift(browser, 3)
    browser.switch_to.default_content()
    wait(browser, lambda d: d.current_url.endswith("/neutral.html"), 15)


def test_each_shift_press_is_announced_and_so_is_its_expiry(browser: WebDriver, servers: Servers) -> None:
    """As GOV.UK's "Exit this page": a screen reader hears how many presses are left."""
    open_chat(browser, f"{servers.base}/?lang=es&country=ES")
    status = browser.find_element(By.ID, "exit-status")
    assert status.get_attribute("aria-live") == "assertive"
    press_shift(browser, 1)
    assert status.get_attribute("textContent") == STRINGS["es"]["exitPress"].replace("{n}", "2")
    press_shift(browser, 1)
    assert status.get_attribute("textContent") == STRINGS["es"]["exitPress"].replace("{n}", "1")
    wait(browser, lambda d: status.get_attribute("textContent") == STRINGS["es"]["exitExpired"], 8)
    press_shift(browser, 2)  # the count started again: two presses do not leave
    time.sleep(0.3)
    assert not browser.current_url.endswith("/neutral.html")


@pytest.mark.parametrize("page", ["chat", "school"])
def test_shift_three_times_leaves_but_capital_letters_do_not(browser: WebDriver, servers: Servers, site: str, page: str) -> None:
    if page == "chat":
        open_chat(browser, f"{servers.base}/?school=test-school")
        browser.execute_script(BLANK_PROBE, "body", None)
    else:
        browser.get(site)
        host = wait(browser, lambda d: d.find_element(By.ID, "ayuda-widget"))
        host.shadow_root.find_element(By.CSS_SELECTOR, ".launcher").click()
        browser.execute_script(BLANK_PROBE, "shadow", ".blank")
        browser.switch_to.frame(wait(browser, lambda d: host.shadow_root.find_element(By.CSS_SELECTOR, "iframe")))
        wait(browser, lambda d: bot_texts(d) and idle(d))
        browser.switch_to.default_content()
        browser.find_element(By.TAG_NAME, "h1").click()  # the school's page has the keyboard now
    # Shift held for capitals while typing is not a quick exit.
    for letter in "abc":
        ActionChains(browser).key_down(Keys.SHIFT).send_keys(letter).key_up(Keys.SHIFT).perform()
    time.sleep(0.3)
    assert not browser.current_url.endswith("/neutral.html")
    press_shift(browser, 3)
    wait(browser, lambda d: d.current_url.endswith("/neutral.html"), 15)
    if page == "chat":
        browser.get(f"{servers.base}/health")  # the chat's origin, where the probe wrote
    assert blank_before_leaving(browser) >= 1000 * SLOW_EXIT_SECONDS * 0.8


def test_server_down_says_so_shows_the_helplines_and_retries(browser: WebDriver, servers: Servers) -> None:
    open_chat(browser, f"{servers.base}/?lang=fr&country=FR")
    number = DIRECTORY.emergency_number("FR")
    strip = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#danger-list a")]
    assert strip and strip[0] == "tel:" + re.sub(r"\D", "", number)
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.emulateNetworkConditions",
                            {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    browser.find_element(By.ID, "text").send_keys("salut", Keys.ENTER)
    down = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#log .msg.down"), 15)
    assert STRINGS["fr"]["down"] in down.text
    links = [a.get_attribute("href") for a in down.find_elements(By.CSS_SELECTOR, "a[href^='tel:']")]
    assert links == strip, "the message repeats the country's helplines as tel: links"
    assert browser.find_element(By.ID, "danger").is_displayed()
    screenshot(browser, "server-down-fr")
    browser.execute_cdp_cmd("Network.emulateNetworkConditions",
                            {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    wait(browser, lambda d: not d.find_elements(By.CSS_SELECTOR, "#log .msg.down") and idle(d), 30)
    assert STRINGS["fr"]["back"] in browser.find_element(By.ID, "log").text
    assert languages(bot_texts(browser)[-1:]) == {"fr"}


def test_the_widget_embeds_from_another_origin_and_only_there(browser: WebDriver, servers: Servers, site: str) -> None:
    browser.get(site)
    host = wait(browser, lambda d: d.find_element(By.ID, "ayuda-widget"))
    launcher = host.shadow_root.find_element(By.CSS_SELECTOR, ".launcher")
    assert launcher.get_attribute("aria-expanded") == "false"
    launcher.click()
    assert launcher.get_attribute("aria-expanded") == "true"
    frame = host.shadow_root.find_element(By.CSS_SELECTOR, "iframe")
    assert frame.get_attribute("src").startswith(servers.base + "/chat?")
    browser.switch_to.frame(frame)
    wait(browser, lambda d: bot_texts(d) and idle(d))
    assert browser.find_element(By.CSS_SELECTOR, "h1 .school").text == "IES Prueba"
    assert "Orientación del IES" in browser.find_element(By.ID, "counsellor").text
    assert languages(say(browser, "hola")) == {"es"}
    assert browser.switch_to.active_element.get_attribute("id") == "text"
    screenshot(browser, "school-page-frame")
    browser.switch_to.default_content()
    screenshot(browser, "school-page-open")
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()  # Escape in the school's page closes the panel
    assert launcher.get_attribute("aria-expanded") == "false"
    assert browser.execute_script("return document.activeElement.id") == "ayuda-widget", "focus returns to the launcher"
    # The iframe mode, for a French school.
    browser.get(site + "iframe.html")
    browser.switch_to.frame(browser.find_element(By.CSS_SELECTOR, "iframe.chat"))
    wait(browser, lambda d: bot_texts(d) and idle(d))
    assert languages(bot_texts(browser)) == {"fr"} and browser.find_element(By.ID, "exit").text == STRINGS["fr"]["exit"]
    # An unknown school is an error the school's web team sees at once.
    import urllib.error
    import urllib.request

    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{servers.base}/chat?school=no-such-school", timeout=10)
    assert refused.value.code == 404
    # A site the school did not list cannot frame the chat (frame-ancestors).
    browser.switch_to.default_content()
    browser.get(site.replace("localhost", "127.0.0.1") + "iframe.html")
    time.sleep(1.5)
    browser.switch_to.frame(browser.find_element(By.CSS_SELECTOR, "iframe.chat"))
    assert not browser.find_elements(By.ID, "log"), "the chat rendered inside a page the school did not allow"


def test_nothing_is_stored_by_default_and_session_storage_only_when_the_school_opts_in(browser: WebDriver, servers: Servers) -> None:
    open_chat(browser, f"{servers.base}/?school=test-school")
    say(browser, "hola")
    stored = browser.execute_script("return [document.cookie, localStorage.length, sessionStorage.length]")
    assert stored == ["", 0, 0] and browser.get_cookies() == []
    open_chat(browser, f"{servers.base}/?school=test-keep")
    say(browser, "hola")
    assert browser.execute_script("return localStorage.length") == 0
    kept = json.loads(browser.execute_script("return sessionStorage.getItem('ayuda-chat')"))
    assert ["user", "hola"] in kept["history"]
    browser.refresh()
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#log .msg.user"))
    assert browser.find_elements(By.CSS_SELECTOR, "#log .msg.user .text")[-1].text == "hola"
    press_shift(browser, 3)
    wait(browser, lambda d: d.current_url.endswith("/neutral.html"), 15)
    browser.get(f"{servers.base}/health")  # same origin as the chat: its sessionStorage
    assert browser.execute_script("return sessionStorage.getItem('ayuda-chat')") is None


def test_learn_mode_starts_with_the_learn_payload_and_says_so_in_metadata(browser: WebDriver, servers: Servers) -> None:
    open_chat(browser, f"{servers.base}/?school=test-learn")
    first = sent_messages(browser)[0]
    assert first["message"] == "/learn"
    assert first["metadata"] == {"language": "es", "country": "ES", "mode": "learn", "school": "test-learn"}


def in_view(driver: WebDriver, element_id: str) -> bool:
    return driver.execute_script(
        "const r = document.getElementById(arguments[0]).getBoundingClientRect();"
        "return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;", element_id)


@pytest.mark.parametrize("width, height, scale", [(360, 640, 1), (375, 667, 1), (412, 915, 1), (640, 360, 2)])
def test_the_danger_band_stays_in_view_through_a_long_conversation(
        browser: WebDriver, servers: Servers, width: int, height: int, scale: int) -> None:
    """Issue 17: at about 500x500 the band scrolled out of view once the conversation started."""
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": scale == 1})
    open_chat(browser, f"{servers.base}/")
    for text in ("me han hecho un montaje", "no", "sí", "sí", "estoy en Chile", "siguiente", "siguiente"):
        say(browser, text)
        assert in_view(browser, "danger") and in_view(browser, "exit"), text
    browser.execute_script("document.getElementById('chat').scrollTop = 0")
    assert in_view(browser, "danger")
    browser.find_element(By.ID, "text").click()
    assert in_view(browser, "danger") and browser.execute_script("return document.scrollingElement.scrollTop") == 0
    assert band_numbers(browser)[0] == DIRECTORY.emergency_number("CL")


@pytest.mark.parametrize("width, height, scale, name", [(360, 640, 1, "phone"), (640, 400, 2, "zoom-200")])
def test_phone_and_200_percent_zoom_need_no_sideways_scrolling_and_motion_can_be_reduced(
        browser: WebDriver, servers: Servers, width: int, height: int, scale: int, name: str) -> None:
    driver = browser
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": name == "phone"})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-reduced-motion", "value": "reduce"}]})
    open_chat(driver, f"{servers.base}/?school=test-school")
    still = driver.execute_script("return getComputedStyle(document.querySelector('#typing span')).animationName")
    assert still == "none", "the typing dots must not move when the user asked for reduced motion"
    say(driver, "me están chantajeando")
    sizes = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert sizes[0] <= sizes[1], f"sideways scrolling at {width}x{height}: {sizes}"
    for element_id in ("exit", "text"):
        box = driver.execute_script("return arguments[0].getBoundingClientRect().toJSON()", driver.find_element(By.ID, element_id))
        assert box["right"] <= width and box["left"] >= 0, (element_id, box)
    screenshot(driver, name)
    violations = run_axe(driver)
    assert violations == [], json.dumps(violations, indent=1)[:3000]


def test_axe_finds_no_violation_on_the_page_the_frame_and_the_school_page(browser: WebDriver, servers: Servers, site: str) -> None:
    open_chat(browser, f"{servers.base}/?lang=fr&country=FR")
    say(browser, "on me fait du chantage")
    report = {"chat page": run_axe(browser)}
    browser.get(site)
    host = wait(browser, lambda d: d.find_element(By.ID, "ayuda-widget"))
    host.shadow_root.find_element(By.CSS_SELECTOR, ".launcher").click()
    browser.switch_to.frame(host.shadow_root.find_element(By.CSS_SELECTOR, "iframe"))
    wait(browser, lambda d: bot_texts(d) and idle(d))
    report["widget frame"] = run_axe(browser)
    browser.switch_to.default_content()
    report["school page, panel open"] = run_axe(browser)
    found = {where: [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
             for where, violations in report.items() if violations}
    print("axe-core:", {where: len(v) for where, v in report.items()}, "violations")
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)
