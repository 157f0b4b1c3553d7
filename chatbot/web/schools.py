"""Per-school settings of the chat widget: one YAML file per school in schools/<slug>.yml.

Why checked at start-up, key by key: a school's file is written by a person who
is not a developer. A typo ("colour:" for "accent_colour:"), a country we have no
helplines for, or an accent colour that white text cannot be read on must stop the
server with a sentence that names the file and the key, not show a teen a broken
or unreadable panel. The action server can import `get_school()` to show the
school's own counsellor among the contacts (pass `school` in the message metadata).

File format (docs/widget.md):

    name: "IES Ejemplo"                 # required: shown in the chat header
    language: es                        # es | fr: the panel's first language
    country: ES                         # a country of data/directory/: its helplines
    region: "Comunidad de Madrid"       # optional, free text
    counsellor:                         # optional: the school's own wellbeing contact
      name: {es: "...", fr: "..."}
      where: {es: "...", fr: "..."}     # optional: office, hours
      phone: "..."                      # optional, at least one of phone/email/url
      email: "..."
      url: "https://..."
    accent_colour: "#4b2a8a"            # needs 4.5:1 contrast with white text
    allowed_origins: ["https://www.ies-ejemplo.es"]   # pages that may embed the chat
    exit_url: "https://www.google.com/" # where "quick exit" sends the whole tab
    keep_history_in_tab: false          # true: sessionStorage keeps the chat on reload
    mode: help                          # help | learn (the awareness lessons); as the channel accepts
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, Tuple
from urllib.parse import urlsplit

import yaml

from chatbot.directory.files import INTERNATIONAL, KNOWN_COUNTRIES, _phone_fits_country, tel_link
from chatbot.settings import PROJECT_ROOT, SUPPORTED_LANGUAGES

# Where the school files live; tests and operators point elsewhere with this variable.
SCHOOLS_DIR_VARIABLE = "CHATBOT_SCHOOLS_DIR"
DEFAULT_EXIT_URL = "https://www.google.com/"
DEFAULT_ACCENT = "#4b2a8a"
MODES = ("help", "learn")  # as chatbot.web.channel.MODES
MIN_CONTRAST = 4.5  # WCAG 2.2 AA, normal text: white text on the accent colour
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
_LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
_KEYS = ("name", "language", "country", "region", "counsellor", "accent_colour", "allowed_origins",
         "exit_url", "keep_history_in_tab", "mode")
_COUNSELLOR_KEYS = ("name", "where", "phone", "email", "url")


class SchoolConfigError(ValueError):
    """A school file is wrong; the message names the file and the key."""


@dataclass(frozen=True)
class Counsellor:
    """The school's own counsellor or wellbeing contact, in both languages."""

    name: Mapping[str, str]
    where: Optional[Mapping[str, str]] = None
    phone: Optional[str] = None
    email: Optional[str] = None
    url: Optional[str] = None

    @property
    def tel(self) -> Optional[str]:
        return tel_link(self.phone) if self.phone else None


@dataclass(frozen=True)
class School:
    slug: str
    name: str
    language: str
    country: str
    region: Optional[str] = None
    counsellor: Optional[Counsellor] = None
    accent_colour: str = DEFAULT_ACCENT
    allowed_origins: Tuple[str, ...] = ()
    exit_url: str = DEFAULT_EXIT_URL
    keep_history_in_tab: bool = False
    mode: str = "help"


def schools_dir() -> Path:
    return Path(os.environ.get(SCHOOLS_DIR_VARIABLE, "").strip() or PROJECT_ROOT / "schools")


def contrast_with_white(colour: str) -> float:
    """WCAG contrast ratio of white text on `colour` (#rrggbb)."""

    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def _text(value: Any, where: str, key: str, limit: int = 120) -> str:
    if not isinstance(value, str) or not value.strip():
        raise SchoolConfigError(f"{where}: '{key}' must be a non-empty text.")
    if len(value) > limit:
        raise SchoolConfigError(f"{where}: '{key}' is longer than {limit} characters.")
    return value.strip()


def _texts(value: Any, where: str, key: str) -> Dict[str, str]:
    if not isinstance(value, dict) or set(value) != set(SUPPORTED_LANGUAGES):
        raise SchoolConfigError(f"{where}: '{key}' needs exactly one text per language: "
                                f"{{{', '.join(f'{lang}: ...' for lang in SUPPORTED_LANGUAGES)}}}.")
    return {lang: _text(value[lang], where, f"{key}.{lang}") for lang in SUPPORTED_LANGUAGES}


def _https_url(value: Any, where: str, key: str, local_http: bool = False) -> str:
    """An https:// address (http:// only for a local test site where `local_http`)."""
    url = _text(value, where, key, limit=300)
    parts = urlsplit(url)
    local = local_http and parts.scheme == "http" and parts.hostname in _LOCAL_HOSTS
    if (parts.scheme != "https" and not local) or not parts.netloc:
        raise SchoolConfigError(f"{where}: '{key}' must be an https:// address, found {url!r}.")
    return url


def _origin(value: Any, where: str) -> str:
    """`scheme://host[:port]`, as browsers send it: no path, no trailing slash."""
    origin = _text(value, where, "allowed_origins", limit=200)
    parts = urlsplit(origin)
    if parts.scheme not in ("https", "http") or not parts.netloc or origin != f"{parts.scheme}://{parts.netloc}":
        raise SchoolConfigError(f"{where}: allowed origin {origin!r} must look like 'https://www.school.example' "
                                "(scheme and host only, no path or trailing slash).")
    if parts.scheme == "http" and parts.hostname not in _LOCAL_HOSTS:
        raise SchoolConfigError(f"{where}: allowed origin {origin!r} must use https:// (http only for localhost).")
    return origin


def _unknown_keys(document: Mapping[str, Any], known: Tuple[str, ...], where: str) -> None:
    unknown = sorted(set(document) - set(known))
    if unknown:
        raise SchoolConfigError(f"{where}: unknown setting(s) {', '.join(map(repr, unknown))} "
                                f"(known: {', '.join(known)}).")


def _counsellor(value: Any, where: str, country: str) -> Counsellor:
    where = f"{where}, counsellor"
    if not isinstance(value, dict):
        raise SchoolConfigError(f"{where}: must be a mapping with {', '.join(_COUNSELLOR_KEYS)}.")
    _unknown_keys(value, _COUNSELLOR_KEYS, where)
    phone = value.get("phone")
    if phone is not None:
        phone = _text(phone, where, "phone", limit=25)
        if not re.match(r"^\+?[0-9][0-9 ]{1,18}$", phone) or not _phone_fits_country(phone, country):
            raise SchoolConfigError(f"{where}: phone {phone!r} is not a phone number of {country}.")
    email = value.get("email")
    if email is not None and not _EMAIL.match(_text(email, where, "email")):
        raise SchoolConfigError(f"{where}: email {email!r} is not an email address.")
    url = _https_url(value["url"], where, "url") if value.get("url") is not None else None
    if not (phone or email or url):
        raise SchoolConfigError(f"{where}: give at least one of phone, email or url, so a teen can reach them.")
    return Counsellor(
        name=_texts(value.get("name"), where, "name"),
        where=_texts(value["where"], where, "where") if value.get("where") is not None else None,
        phone=phone, email=email, url=url,
    )


def parse_school(slug: str, document: Any, where: str) -> School:
    """Checks one school's settings; raises SchoolConfigError naming `where` and the key."""
    if not _SLUG.match(slug):
        raise SchoolConfigError(f"{where}: the file name must be lowercase letters, digits and '-' (2-63), "
                                "e.g. ies-ejemplo.yml; it is the `data-school` of the embed.")
    if not isinstance(document, dict):
        raise SchoolConfigError(f"{where}: expected a mapping of settings (name: ..., language: ..., ...).")
    _unknown_keys(document, _KEYS, where)
    for key in ("name", "language", "country"):
        if key not in document:
            raise SchoolConfigError(f"{where}: '{key}' is required.")
    language = str(document["language"]).lower()
    if language not in SUPPORTED_LANGUAGES:
        raise SchoolConfigError(f"{where}: language {document['language']!r} is not supported "
                                f"(use one of {', '.join(SUPPORTED_LANGUAGES)}).")
    country = str(document["country"]).upper()
    countries = sorted(KNOWN_COUNTRIES - {INTERNATIONAL})
    if country not in countries:
        raise SchoolConfigError(f"{where}: country {document['country']!r} is not one the directory knows "
                                f"(known: {', '.join(countries)}).")
    accent = document.get("accent_colour", DEFAULT_ACCENT)
    if not isinstance(accent, str) or not _COLOUR.match(accent):
        raise SchoolConfigError(f"{where}: accent_colour {accent!r} must be a colour like '#4b2a8a'.")
    ratio = contrast_with_white(accent)
    if ratio < MIN_CONTRAST:
        raise SchoolConfigError(f"{where}: accent_colour {accent} is too light for white text "
                                f"(contrast {ratio:.2f}:1, needs {MIN_CONTRAST}:1); choose a darker colour.")
    origins = document.get("allowed_origins", [])
    if not isinstance(origins, list):
        raise SchoolConfigError(f"{where}: allowed_origins must be a list of origins.")
    mode = document.get("mode", "help")
    if mode not in MODES:
        raise SchoolConfigError(f"{where}: mode {mode!r} must be one of {', '.join(MODES)}.")
    keep = document.get("keep_history_in_tab", False)
    if not isinstance(keep, bool):
        raise SchoolConfigError(f"{where}: keep_history_in_tab must be true or false.")
    region = document.get("region")
    return School(
        slug=slug,
        name=_text(document["name"], where, "name", limit=80),
        language=language,
        country=country,
        region=_text(region, where, "region", limit=80) if region is not None else None,
        counsellor=_counsellor(document["counsellor"], where, country) if document.get("counsellor") else None,
        accent_colour=accent.lower(),
        allowed_origins=tuple(_origin(o, where) for o in origins),
        exit_url=_https_url(document.get("exit_url", DEFAULT_EXIT_URL), where, "exit_url", local_http=True),
        keep_history_in_tab=keep,
        mode=mode,
    )


def load_school(path: Path) -> School:
    where = str(path)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise SchoolConfigError(f"{where}: not valid YAML ({error}).") from None
    return parse_school(path.stem, document, where)


def load_schools(directory: Optional[Path] = None) -> Dict[str, School]:
    """Every schools/*.yml, checked; the first wrong file stops everything with its message."""
    directory = directory or schools_dir()
    if not directory.is_dir():
        return {}
    stray = sorted(p.name for p in directory.iterdir() if p.suffix == ".yaml")
    if stray:
        raise SchoolConfigError(f"{directory}: rename {', '.join(stray)} to .yml (only .yml files are read).")
    return {p.stem: load_school(p) for p in sorted(directory.glob("*.yml"))}


@lru_cache(maxsize=1)
def _cached_schools() -> Dict[str, School]:
    return load_schools()


def get_school(slug: Optional[str]) -> Optional[School]:
    """For the actions: the school named in the message metadata, or None."""
    return _cached_schools().get(slug) if slug else None


def all_allowed_origins(schools: Mapping[str, School]) -> Tuple[str, ...]:
    """Every origin some school allows, for CORS and frame-ancestors."""
    return tuple(sorted({origin for school in schools.values() for origin in school.allowed_origins}))


def main() -> int:
    """`python -m chatbot.web.schools`: checks every school file, as the server does at start-up."""
    try:
        schools = load_schools()
    except SchoolConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for school in schools.values():
        print(f"ok  {school.slug}: {school.name} ({school.language}, {school.country}, mode {school.mode})")
    print(f"{len(schools)} school file(s) checked in {schools_dir()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
