"""Reads the reviewed per-country files in data/directory/ into memory.

Why files and not strings in responses: a phone number must live in exactly one
reviewed, sourced, dated place. Loading fails loudly, naming the file and entry,
rather than letting the assistant show a half-checked contact to a teen.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Mapping, Sequence, Tuple

import yaml

from chatbot.settings import SUPPORTED_LANGUAGES

TOPICS = ("emergency", "crisis", "support", "online_violence")
CHANNELS = ("phone",)
_PHONE = re.compile(r"^[0-9][0-9 ]{1,14}$")
_REQUIRED = ("id", "name", "channel", "value", "topics", "hours", "what", "source_url", "verified_on")


class DirectoryError(ValueError):
    """A directory file is wrong; the message names the file and the entry."""


@dataclass(frozen=True)
class Contact:
    id: str
    country: str
    name: Mapping[str, str]
    channel: str
    value: str
    topics: Tuple[str, ...]
    hours: Mapping[str, str]
    what: Mapping[str, str]
    source_url: str
    verified_on: dt.date

    def card(self, language: str) -> str:
        """How a contact is shown in the chat; the values are already in `language`."""
        return f"📞 {self.name[language]}: {self.value} · {self.hours[language]}\n{self.what[language]}"

    @property
    def tel(self) -> str:
        """The `tel:` target: digits only, as phones dial them."""
        return "tel:" + re.sub(r"\D", "", self.value)


@dataclass(frozen=True)
class Directory:
    contacts: Tuple[Contact, ...]

    def countries(self) -> Tuple[str, ...]:
        return tuple(sorted({c.country for c in self.contacts}))

    def for_topics(self, country: str, topics: Sequence[str]) -> List[Contact]:
        """Contacts of `country` serving any of `topics`, in the order of `topics` (most urgent first)."""
        chosen: List[Contact] = []
        for topic in topics:
            for contact in self.contacts:
                if contact.country == country and topic in contact.topics and contact not in chosen:
                    chosen.append(contact)
        return chosen


def _texts(value: object, where: str, field: str) -> Dict[str, str]:
    if not isinstance(value, dict) or any(not str(value.get(lang) or "").strip() for lang in SUPPORTED_LANGUAGES):
        raise DirectoryError(f"{where}: '{field}' needs a text for each of {', '.join(SUPPORTED_LANGUAGES)}.")
    return {lang: str(value[lang]) for lang in SUPPORTED_LANGUAGES}


def _contact(entry: object, country: str, where: str) -> Contact:
    if not isinstance(entry, dict):
        raise DirectoryError(f"{where}: each contact must be a mapping.")
    missing = [key for key in _REQUIRED if key not in entry]
    if missing:
        raise DirectoryError(f"{where}: missing {', '.join(missing)}.")
    where = f"{where} ({entry['id']})"
    if entry["channel"] not in CHANNELS:
        raise DirectoryError(f"{where}: unknown channel {entry['channel']!r}.")
    value = str(entry["value"])
    if entry["channel"] == "phone" and not _PHONE.match(value):
        raise DirectoryError(f"{where}: {value!r} is not a phone number.")
    topics = tuple(entry["topics"] or ())
    unknown = [t for t in topics if t not in TOPICS]
    if unknown or not topics:
        raise DirectoryError(f"{where}: unknown or missing topics {unknown}.")
    if not str(entry["source_url"]).startswith("https://"):
        raise DirectoryError(f"{where}: source_url must be an https:// address.")
    verified_on = entry["verified_on"]
    if not isinstance(verified_on, dt.date):
        raise DirectoryError(f"{where}: verified_on must be a date (YYYY-MM-DD).")
    return Contact(
        id=str(entry["id"]),
        country=country,
        name=_texts(entry["name"], where, "name"),
        channel=str(entry["channel"]),
        value=value,
        topics=topics,
        hours=_texts(entry["hours"], where, "hours"),
        what=_texts(entry["what"], where, "what"),
        source_url=str(entry["source_url"]),
        verified_on=verified_on,
    )


def load_directory(folder: Path) -> Directory:
    """Loads every `<COUNTRY>.yml` in `folder`; all or nothing."""
    contacts: List[Contact] = []
    seen: Dict[str, str] = {}
    files = sorted(folder.glob("*.yml"))
    if not files:
        raise DirectoryError(f"{folder}: no directory files (*.yml) found.")
    for path in files:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        country = str(document.get("country", ""))
        if country != path.stem:
            raise DirectoryError(f"{path.name}: 'country' must be {path.stem!r}, found {country!r}.")
        for index, entry in enumerate(document.get("contacts") or []):
            contact = _contact(entry, country, f"{path.name}, contact {index + 1}")
            if contact.id in seen:
                raise DirectoryError(f"{path.name}: duplicate id {contact.id!r} (also in {seen[contact.id]}).")
            seen[contact.id] = path.name
            contacts.append(contact)
        if not any(c.country == country and "emergency" in c.topics for c in contacts):
            raise DirectoryError(f"{path.name}: every country needs an 'emergency' contact.")
    return Directory(tuple(contacts))
