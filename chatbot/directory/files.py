"""Reads and checks the reviewed files in data/directory/ (format: docs/directory-schema.md).

Why checks here and not only in the database: a maintainer must learn which file
and which entry is wrong, in words, before anything is loaded. Everything is
checked first; the store loads all of it or nothing.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import yaml

from chatbot.directory.models import CHANNEL_KINDS, LAW_STATUSES, TOPICS
from chatbot.settings import SUPPORTED_LANGUAGES

INTERNATIONAL = "INT"
PLATFORMS_FILE = "platforms"
# Countries the assistant is built for (ISO 3166-1 alpha-2); a file for another is a mistake.
KNOWN_COUNTRIES = frozenset({"ES", "FR", "BE", "CH", "CA", "MX", "AR", "CO", "CL", "PE", "LU", "MC", INTERNATIONAL})
_COUNTRY_FILE = re.compile(r"^([A-Z]{2}|INT)$")
# Digits and spaces, an optional leading + ; "*4141" style short codes allowed.
_PHONE = re.compile(r"^(\+|\*)?[0-9][0-9 ]{1,18}$")
_PHONE_KINDS = ("phone", "sms", "whatsapp")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
# Digits a full national number has in each country's numbering plan (short codes,
# 2 to 6 digits, are valid everywhere; +CC international numbers take 8 to 15).
NATIONAL_DIGITS: Dict[str, Tuple[int, ...]] = {
    "ES": (9,), "FR": (10,), "BE": (9, 10), "CH": (10,), "CA": (10, 11), "MX": (10,),
    "AR": (10, 11), "CO": (10, 11, 12), "CL": (9, 10),
}


def _phone_fits_country(value: str, country: str) -> bool:
    digits = re.sub(r"\D", "", value)
    if value.startswith("+"):
        return 8 <= len(digits) <= 15
    return 2 <= len(digits) <= 6 or len(digits) in NATIONAL_DIGITS.get(country, range(7, 16))


def tel_link(number: str) -> str:
    """The `tel:` link of a number: digits and + * # only, as phones dial them."""
    return "tel:" + re.sub(r"[^0-9+*#]", "", number)


class DirectoryError(ValueError):
    """A directory file is wrong; the message names the file and the entry."""


Texts = Mapping[str, str]


@dataclass(frozen=True)
class ChannelData:
    kind: str
    value: str
    hours: Optional[Texts] = None
    cost: Optional[Texts] = None
    age_min: Optional[int] = None
    age_max: Optional[int] = None
    languages: Tuple[str, ...] = ()
    on_phone_bill: Optional[bool] = None
    caveat: Optional[Texts] = None  # what a teen needs: "no es 24 h", "solo en Bogotá", "puede que no sea gratis"
    note: Optional[str] = None  # for maintainers only (sources, doubts, dates of data): never shown

    @property
    def tel(self) -> Optional[str]:
        """The `tel:` link of a phone line (digits only, as phones dial them)."""
        if self.kind != "phone":
            return None
        return tel_link(self.value)


@dataclass(frozen=True)
class OrganisationData:
    id: str
    country: str
    position: int
    name: Texts
    what: Texts
    topics: Tuple[str, ...]
    channels: Tuple[ChannelData, ...]
    source_url: str
    verified_on: dt.date
    region: Optional[str] = None
    facts: Optional[str] = None
    # One line of what it does, for the card's first view; without it, the first sentence of `what`.
    short: Optional[Texts] = None


@dataclass(frozen=True)
class LawData:
    id: str
    country: str
    position: int
    article: str
    status: str
    summary: Texts
    max_penalty: Optional[Texts]
    source_url: str
    verified_on: dt.date
    facts: Optional[str] = None
    short: Optional[Texts] = None  # what it punishes in one line, for the first view; else the summary's first sentence


@dataclass(frozen=True)
class PlatformData:
    id: str
    position: int
    name: str
    how: Texts
    report_url: Optional[str]
    take_it_down: Optional[bool]
    stopncii: Optional[bool]
    end_to_end_encrypted: Optional[bool]
    source_url: str
    verified_on: dt.date
    facts: Optional[str] = None


@dataclass(frozen=True)
class CountryData:
    code: str
    name: Texts
    emergency_number: Optional[str]
    organisations: Tuple[OrganisationData, ...] = ()
    laws: Tuple[LawData, ...] = ()


@dataclass(frozen=True)
class DirectoryFiles:
    countries: Tuple[CountryData, ...]
    platforms: Tuple[PlatformData, ...] = ()
    content_hash: str = field(default="")


def _texts(value: Any, where: str, key: str, required: bool = True) -> Optional[Dict[str, str]]:
    if value is None and not required:
        return None
    if not isinstance(value, dict) or any(not str(value.get(lang) or "").strip() for lang in SUPPORTED_LANGUAGES):
        raise DirectoryError(f"{where}: '{key}' needs a text in each of {', '.join(SUPPORTED_LANGUAGES)}.")
    return {lang: str(value[lang]).strip() for lang in SUPPORTED_LANGUAGES}


def _require(entry: Any, keys: Sequence[str], where: str) -> None:
    if not isinstance(entry, dict):
        raise DirectoryError(f"{where}: must be a mapping of keys to values.")
    missing = [key for key in keys if entry.get(key) in (None, "", [])]
    if missing:
        raise DirectoryError(f"{where}: missing {', '.join(missing)}.")


def _source(entry: Dict[str, Any], where: str) -> Tuple[str, dt.date]:
    url = str(entry["source_url"])
    if not url.startswith("https://") or " " in url:
        raise DirectoryError(f"{where}: source_url must be one https:// address, found {url!r}.")
    verified_on = entry["verified_on"]
    if not isinstance(verified_on, dt.date):
        raise DirectoryError(f"{where}: verified_on must be a date (YYYY-MM-DD), found {verified_on!r}.")
    if verified_on > dt.date.today():
        raise DirectoryError(f"{where}: verified_on {verified_on} is in the future.")
    return url, verified_on


def _channel(entry: Any, where: str, country: str) -> ChannelData:
    _require(entry, ("kind", "value"), where)
    kind, value = str(entry["kind"]), str(entry["value"]).strip()
    if kind not in CHANNEL_KINDS:
        raise DirectoryError(f"{where}: unknown channel kind {kind!r} (one of {', '.join(CHANNEL_KINDS)}).")
    if kind in _PHONE_KINDS and not _PHONE.match(value):
        raise DirectoryError(f"{where}: {value!r} is not a phone number (digits and spaces, optional leading + or *).")
    if kind in _PHONE_KINDS and not _phone_fits_country(value, country):
        raise DirectoryError(f"{where}: {value!r} does not have the number of digits of a {country} phone number.")
    if kind == "email" and not _EMAIL.match(value):
        raise DirectoryError(f"{where}: {value!r} is not an email address.")
    if kind in ("chat", "web_form", "website", "app") and not value.startswith("https://"):
        raise DirectoryError(f"{where}: a {kind} needs an https:// address, found {value!r}.")
    ages = entry.get("ages") or {}
    age_min, age_max = ages.get("min"), ages.get("max")
    for age in (age_min, age_max):
        if age is not None and (not isinstance(age, int) or not 0 <= age <= 120):
            raise DirectoryError(f"{where}: ages must be whole numbers between 0 and 120.")
    on_bill = entry.get("on_phone_bill")
    if on_bill not in (None, True, False):
        raise DirectoryError(f"{where}: on_phone_bill must be true, false or null.")
    note = entry.get("note")
    if note is not None and not isinstance(note, str):
        raise DirectoryError(f"{where}: note must be a text (for maintainers; never shown).")
    return ChannelData(
        kind=kind,
        value=value,
        hours=_for_teens(_texts(entry.get("hours"), where, "hours", required=False), where, "hours"),
        cost=_for_teens(_texts(entry.get("cost"), where, "cost", required=False), where, "cost"),
        age_min=age_min,
        age_max=age_max,
        languages=tuple(str(lang) for lang in entry.get("languages") or ()),
        on_phone_bill=on_bill,
        caveat=_for_teens(_texts(entry.get("caveat"), where, "caveat", required=False), where, "caveat"),
        note=note,
    )


# Words of a note for maintainers (where a fact comes from, how sure it is), not for a teen.
MAINTAINER_NOTE = re.compile(
    r"\b(fuentes?|prensa|periodicos?|comentaristas|datos? de \d+|datos? de la|info de|no oficial(es)?|lista oficial"
    r"|por confirmar|lo cita|sources?|presse|journal|commentateurs|non officiels?|liste officielle|a confirmer"
    r"|no verificad[oa]s?|no (?:esta|estan) comprobad[oa]s?|no comprobad[oa]s?|non verifie(?:e|s|es)?"
    r"|ne sont pas verifiee?s"
    r"|segun (la|el|los|las) (web|prensa|pagina|sitio)|selon (la|le|les) (presse|site|page)|segun \w+\.gob|selon \w+\.gob)\b"
)


def maintainer_words(text: str) -> Optional[str]:
    """The first words of `text` that belong in a maintainer's note, if any (accents and case ignored)."""
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    found = MAINTAINER_NOTE.search(folded)
    return found.group(0) if found else None


def _for_teens(texts: Optional[Texts], where: str, field: str) -> Optional[Texts]:
    """Refuses a text shown to teens that carries a maintainer's note (review T5)."""
    for language, text in (texts or {}).items():
        words = maintainer_words(text)
        if words:
            raise DirectoryError(
                f"{where}: {field} ({language}) has a note for maintainers ({words!r}). A teen reads it: keep only what "
                f"they need (\"no es 24 h\", \"solo en Bogotá\", \"puede que no sea gratis\") and move the rest to `note`.")
    return texts


def _organisation(entry: Any, country: str, position: int, where: str) -> OrganisationData:
    _require(entry, ("id", "name", "what", "topics", "channels", "source_url", "verified_on"), where)
    where = f"{where} ({entry['id']})"
    topics = tuple(sorted({str(t) for t in entry["topics"]}))  # a set: order means nothing within one organisation
    unknown = [t for t in topics if t not in TOPICS]
    if unknown:
        raise DirectoryError(f"{where}: unknown topic(s) {', '.join(map(str, unknown))} (one of {', '.join(TOPICS)}).")
    url, verified_on = _source(entry, where)
    channels = tuple(_channel(c, f"{where}, channel {i + 1}", country) for i, c in enumerate(entry["channels"]))
    return OrganisationData(
        id=str(entry["id"]),
        country=country,
        position=position,
        name=_texts(entry["name"], where, "name"),  # type: ignore[arg-type]
        what=_for_teens(_texts(entry["what"], where, "what"), where, "what"),  # type: ignore[arg-type]
        topics=topics,
        channels=channels,
        source_url=url,
        verified_on=verified_on,
        region=entry.get("region"),
        facts=entry.get("facts"),
        short=_for_teens(_texts(entry.get("short"), where, "short", required=False), where, "short"),
    )


def _law(entry: Any, country: str, position: int, where: str) -> LawData:
    _require(entry, ("id", "article", "status", "summary", "source_url", "verified_on"), where)
    where = f"{where} ({entry['id']})"
    if entry["status"] not in LAW_STATUSES:
        raise DirectoryError(f"{where}: status must be one of {', '.join(LAW_STATUSES)}.")
    url, verified_on = _source(entry, where)
    return LawData(
        id=str(entry["id"]),
        country=country,
        position=position,
        article=str(entry["article"]),
        status=str(entry["status"]),
        summary=_for_teens(_texts(entry["summary"], where, "summary"), where, "summary"),  # type: ignore[arg-type]
        max_penalty=_for_teens(_texts(entry.get("max_penalty"), where, "max_penalty", required=False), where, "max_penalty"),
        source_url=url,
        verified_on=verified_on,
        facts=entry.get("facts"),
        short=_for_teens(_texts(entry.get("short"), where, "short", required=False), where, "short"),
    )


def _yes_no(entry: Dict[str, Any], key: str, where: str) -> Optional[bool]:
    value = entry.get(key)
    if value not in (None, True, False):
        raise DirectoryError(f"{where}: {key} must be true, false or null.")
    return value


def _platform(entry: Any, position: int, where: str) -> PlatformData:
    _require(entry, ("id", "name", "how", "source_url", "verified_on"), where)
    where = f"{where} ({entry['id']})"
    url, verified_on = _source(entry, where)
    report_url = entry.get("report_url")
    if report_url is not None and not str(report_url).startswith("https://"):
        raise DirectoryError(f"{where}: report_url must be an https:// address or null.")
    return PlatformData(
        id=str(entry["id"]), position=position, name=str(entry["name"]),
        how=_texts(entry["how"], where, "how"),  # type: ignore[arg-type]
        report_url=report_url and str(report_url),
        take_it_down=_yes_no(entry, "take_it_down", where), stopncii=_yes_no(entry, "stopncii", where),
        end_to_end_encrypted=_yes_no(entry, "end_to_end_encrypted", where),
        source_url=url, verified_on=verified_on, facts=entry.get("facts"),
    )


def _platforms(path: Path, document: Any) -> Tuple[PlatformData, ...]:
    if not isinstance(document, dict) or not isinstance(document.get("platforms"), list):
        raise DirectoryError(f"{path.name}: must hold a list under 'platforms'.")
    return tuple(_platform(e, i, f"{path.name}, platform {i + 1}") for i, e in enumerate(document["platforms"]))


def _country(path: Path, document: Any) -> CountryData:
    where = path.name
    _require(document, ("country", "name"), where)
    code = str(document["country"])
    if code not in KNOWN_COUNTRIES:
        raise DirectoryError(f"{where}: unknown country {code!r} (known: {', '.join(sorted(KNOWN_COUNTRIES))}).")
    if code != path.stem:
        raise DirectoryError(f"{where}: 'country' must be {path.stem!r}, found {code!r}.")
    organisations = tuple(
        _organisation(entry, code, i, f"{where}, organisation {i + 1}")
        for i, entry in enumerate(document.get("organisations") or [])
    )
    laws = tuple(_law(entry, code, i, f"{where}, law {i + 1}") for i, entry in enumerate(document.get("laws") or []))
    emergency = document.get("emergency_number")
    if code != INTERNATIONAL:
        phones = {c.value for o in organisations if "emergency" in o.topics for c in o.channels if c.kind == "phone"}
        if not emergency or str(emergency) not in phones:
            raise DirectoryError(
                f"{where}: emergency_number must be set and be the phone of an organisation with topic 'emergency'."
            )
    return CountryData(code, _texts(document["name"], where, "name"), emergency and str(emergency), organisations, laws)  # type: ignore[arg-type]


def read_directory(folder: Path) -> DirectoryFiles:
    """Reads and checks every `<CODE>.yml` in `folder`; raises DirectoryError on the first problem."""
    paths = sorted(p for p in folder.glob("*.yml") if _COUNTRY_FILE.match(p.stem) or p.stem == PLATFORMS_FILE)
    stray = sorted(p.name for p in folder.glob("*.yml") if p not in paths)
    if stray:
        raise DirectoryError(f"{folder}: {', '.join(stray)} is not a country file (CC.yml, INT.yml or platforms.yml).")
    if not paths:
        raise DirectoryError(f"{folder}: no directory files (CC.yml) found.")
    digest = hashlib.sha256()
    countries: List[CountryData] = []
    platforms: Tuple[PlatformData, ...] = ()
    seen: Dict[str, str] = {}
    for path in paths:
        raw = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + raw)
        try:
            document = yaml.safe_load(raw.decode("utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            raise DirectoryError(f"{path.name}: not valid YAML ({error}).") from None
        if path.stem == PLATFORMS_FILE:
            platforms = _platforms(path, document)
            ids = [p.id for p in platforms]
        else:
            country = _country(path, document)
            countries.append(country)
            ids = [o.id for o in country.organisations] + [law.id for law in country.laws]
        for entry_id in ids:
            if entry_id in seen:
                raise DirectoryError(f"{path.name}: duplicate id {entry_id!r} (also in {seen[entry_id]}).")
            seen[entry_id] = path.name
    return DirectoryFiles(tuple(countries), platforms, digest.hexdigest())
