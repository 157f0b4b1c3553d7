"""The chat page as the server renders it: helplines from the directory, text escaped, CSP-safe."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Dict

import pytest

from chatbot.directory import Directory, read_directory
from chatbot.settings import load_settings
from chatbot.web.schools import parse_school
from chatbot.web.widget import STATIC, STRINGS, WidgetPages, content_security_policy, helplines

DIRECTORY = Directory.from_files(read_directory(load_settings().directory_path))


class Fixed:
    """The directory as LiveDirectory gives it (.get()), from the files."""

    def get(self) -> Directory:
        return DIRECTORY


def pages(**schools: dict) -> WidgetPages:
    parsed = {slug: parse_school(slug, doc, f"schools/{slug}.yml") for slug, doc in schools.items()}
    return WidgetPages(load_settings(), parsed, Fixed())


def config_of(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="ayuda-config">(.*?)</script>', page, re.S).group(1))


@pytest.mark.parametrize("country", DIRECTORY.countries())
def test_every_country_gets_its_emergency_number_first_as_a_tel_link(country: str) -> None:
    page = pages().render({"country": country}, embedded=False)
    number = DIRECTORY.emergency_number(country)
    lines = config_of(page)["helplines"]
    assert lines and lines[0]["number"] == number
    assert f'href="tel:{re.sub(r"[^0-9+*#]", "", number)}"' in page


def test_crisis_lines_follow_and_are_the_directorys() -> None:
    lines = helplines(DIRECTORY, "ES")
    crisis_numbers = {c.value for o in DIRECTORY.contacts("ES", ("crisis",)) for c in o.channels if c.kind == "phone"}
    assert 2 <= len(lines) <= 3 and all(line.number in crisis_numbers for line in lines[1:])


def test_language_and_school_settings_reach_the_page() -> None:
    page = pages(**{"college-test": {"name": "Collège <Test>", "language": "fr", "country": "FR", "accent_colour": "#005a8c",
                                     "allowed_origins": ["https://college.example"], "mode": "learn",
                                     "counsellor": {"name": {"es": "Enfermería", "fr": "Infirmerie"}, "phone": "01 23 45 67 89"}}}
                  ).render({"school": "college-test"}, embedded=True)
    config = config_of(page)
    assert '<html lang="fr">' in page and STRINGS["fr"]["exit"] in page
    assert STRINGS["fr"]["dangerIn"].format(country="France") in html.unescape(page)
    assert (config["school"], config["country"], config["mode"], config["accent"]) == ("college-test", "FR", "learn", "#005a8c")
    assert "Collège &lt;Test&gt;" in page and "Collège <Test>" not in page
    assert 'href="tel:0123456789"' in page and "Infirmerie" in page


@pytest.mark.parametrize("args", [{"lang": "fr", "country": "ZZ"}, {"lang": "fr"}, {}, {"lang": "es", "country": ""}])
def test_a_page_without_a_known_country_has_none_and_shows_every_emergency_number(args: Dict[str, str]) -> None:
    """No country is assumed from the language or a default: the band shows each emergency number
    with where it works, and no country's crisis line (024, ANAR, 3114...)."""
    page = pages().render(args, embedded=False)
    config = config_of(page)
    assert config["country"] is None
    language = config["language"]
    band = page[page.index('<section id="danger"'):page.index("</section>")]
    assert html.escape(STRINGS[language]["dangerAnywhere"]) in band
    for code in DIRECTORY.countries():
        number = DIRECTORY.emergency_number(code)
        assert f'<span class="num">{number}</span>' in band
        assert html.escape(DIRECTORY.country_name(code, language)) in band
    crisis_only = {c.value for code in DIRECTORY.countries() for o in DIRECTORY.contacts(code, ("crisis",))
                   for c in o.channels if "emergency" not in o.topics}
    assert not any(f">{number}<" in band for number in crisis_only)
    assert config["helplines"] == config["anywhere"]
    # The page can follow the conversation's country later: every served country's band is there.
    assert set(config["countries"]) == set(DIRECTORY.countries())


def test_an_unknown_school_is_refused() -> None:
    with pytest.raises(KeyError):
        pages().render({"school": "nope"}, embedded=True)


def test_a_school_whose_country_has_no_data_stops_start_up() -> None:
    with pytest.raises(ValueError, match="MC has no helplines"):  # Monaco: no verified line (crisis-lines.md)
        pages(**{"lycee-monaco": {"name": "x", "language": "fr", "country": "MC"}})


def test_frames_are_allowed_only_for_the_schools_origins() -> None:
    school = parse_school("ies-a", {"name": "a", "language": "es", "country": "ES",
                                    "allowed_origins": ["https://a.example"]}, "f.yml")
    assert content_security_policy(school).endswith("frame-ancestors 'self' https://a.example")
    assert content_security_policy(None).endswith("frame-ancestors 'self'")
    assert content_security_policy(school, ("https://ops.example",)).endswith(
        "frame-ancestors 'self' https://a.example https://ops.example")
    assert "'unsafe-inline'" not in content_security_policy(school)


def test_static_files_have_no_inline_script_or_style_and_both_languages_have_every_string() -> None:
    html = (STATIC / "chat.html").read_text(encoding="utf-8")
    assert not re.search(r"<script(?![^>]*(src=|type=\"application/json\"))", html)
    assert "style=" not in html and "<style" not in html and " on" not in re.sub(r'"[^"]*"', "", html)
    assert set(STRINGS["es"]) == set(STRINGS["fr"]) and all(STRINGS[lang][k].strip() for lang in STRINGS for k in STRINGS[lang])
    used = set(re.findall(r'data-t(?:-label|-placeholder)?="(\w+)"', html)) | set(
        re.findall(r'\bt\("(\w+)"\)', (STATIC / "chat.js").read_text(encoding="utf-8")))
    assert used <= set(STRINGS["es"]), used - set(STRINGS["es"])


def test_scripts_never_write_html() -> None:
    for name in ("chat.js", "widget.js"):
        source = (STATIC / name).read_text(encoding="utf-8")
        assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function", source), name


def test_the_widget_stays_within_its_30_kb_gzipped_budget() -> None:
    from bench.widget_size import BUDGET, sizes

    assert sum(packed for _, packed in sizes().values()) <= BUDGET


def test_a_bad_school_file_stops_the_channel_from_starting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chatbot.web.channel import WebChatInput
    from chatbot.web.schools import SchoolConfigError

    (tmp_path / "ies-roto.yml").write_text("name: IES Roto\nlanguage: es\ncountry: ES\ncolour: '#000000'\n", encoding="utf-8")
    monkeypatch.setenv("CHATBOT_SCHOOLS_DIR", str(tmp_path))

    async def on_message(message: object) -> None:
        return None

    with pytest.raises(SchoolConfigError, match=r"ies-roto\.yml: unknown setting\(s\) 'colour'"):
        WebChatInput().blueprint(on_message)


def test_the_band_offers_to_choose_or_change_the_country() -> None:
    without = pages().render({"lang": "fr"}, embedded=False)
    with_country = pages().render({"lang": "es", "country": "MX"}, embedded=False)
    assert f'id="change-country" class="change-country">{html.escape(STRINGS["fr"]["chooseCountry"])}<' in without
    assert f'id="change-country" class="change-country">{html.escape(STRINGS["es"]["changeCountry"])}<' in with_country
    assert html.escape(STRINGS["es"]["dangerIn"].format(country="México")) in with_country
