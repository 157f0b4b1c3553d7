"""Answers from the directory: contacts for (country, topic, age), laws, emergency numbers.

Why an in-memory snapshot: a teen's message must not wait on a database. Each
process reads the tables once, keeps them, and only re-reads when the loaded
data's hash changes (checked at most once a minute).
"""
from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, selectinload

from chatbot.directory.files import (
    ChannelData,
    CountryData,
    DirectoryFiles,
    LawData,
    OrganisationData,
    PlatformData,
)
from chatbot.directory.models import Country, Organisation, Platform
from chatbot.directory.store import loaded_hash, make_engine

ICONS = {"phone": "📞", "sms": "💬", "whatsapp": "💬", "chat": "💬", "email": "✉️", "web_form": "🌐", "website": "🌐", "app": "📱"}


@dataclass(frozen=True)
class Directory:
    countries_data: Tuple[CountryData, ...]
    platforms: Tuple[PlatformData, ...] = ()

    @classmethod
    def from_files(cls, files: DirectoryFiles) -> "Directory":
        return cls(files.countries, files.platforms)

    def platform(self, platform_id: str) -> Optional[PlatformData]:
        """How to report on one platform (ids as in platforms.yml: instagram, tiktok...)."""
        return next((p for p in self.platforms if p.id == platform_id), None)

    def _country(self, code: str) -> Optional[CountryData]:
        return next((c for c in self.countries_data if c.code == code), None)

    def countries(self) -> Tuple[str, ...]:
        """Codes of the countries we have data for (not INT)."""
        return tuple(c.code for c in self.countries_data if c.emergency_number)

    def country_name(self, country: str, language: str) -> Optional[str]:
        found = self._country(country)
        return found.name[language] if found else None

    def emergency_number(self, country: str) -> Optional[str]:
        found = self._country(country)
        return found.emergency_number if found else None

    def contacts(self, country: str, topics: Sequence[str], age: Optional[int] = None) -> List[OrganisationData]:
        """Organisations of `country` serving `topics`, in topic order (most urgent first), then file order."""
        found = self._country(country)
        chosen: List[OrganisationData] = []
        for topic in topics:
            for org in found.organisations if found else ():
                if topic in org.topics and org not in chosen and (age is None or _serves(org, age)):
                    chosen.append(org)
        return chosen

    def laws(self, country: str) -> Tuple[LawData, ...]:
        found = self._country(country)
        return found.laws if found else ()

    def organisations(self) -> List[OrganisationData]:
        return [org for country in self.countries_data for org in country.organisations]


def _serves(org: OrganisationData, age: int) -> bool:
    return any((c.age_min is None or c.age_min <= age) and (c.age_max is None or age <= c.age_max) for c in org.channels)


CARD_MAX_CHARS = 280  # a card's first view, as a phone shows it whole (issue 17)
_SENTENCE = re.compile(r"(.+?[.!?])(?:\s|$)")


def short_name(org: OrganisationData, language: str, number: Optional[str] = None) -> str:
    """"017 · INCIBE, Tu Ayuda en Ciberseguridad" -> "INCIBE, Tu Ayuda en Ciberseguridad"; "PHAROS · Portal ..." -> "PHAROS"."""
    number = number or org.channels[0].value
    parts = [p.strip() for p in org.name[language].split(" · ") if p.strip() and p.strip() != number]
    return parts[0] if parts else org.name[language]


def summary(org: OrganisationData, language: str) -> str:
    """One line of what it does: the entry's `short`, else the first sentence of `what`."""
    return org.short[language] if org.short else first_sentence(org.what[language])


def first_sentence(text: str) -> str:
    found = _SENTENCE.match(text)
    return found.group(1) if found else text


def _channel_line(channel: ChannelData, language: str) -> str:
    details = [part for part in (channel.hours and channel.hours[language], channel.cost and channel.cost[language]) if part]
    return " · ".join([channel.value, *details])


def card(org: OrganisationData, language: str) -> str:
    """A card's first view: name, first channel and its hours, one line of what it does (cost and
    the rest under "más información": card_more)."""
    channel = org.channels[0]
    hours = f" · {channel.hours[language]}" if channel.hours else ""
    return f"{ICONS.get(channel.kind, '•')} {short_name(org, language)}: {_shown_value(channel)}{hours}\n{summary(org, language)}"


def _shown_value(channel: ChannelData) -> str:
    """A number as it is; a web address as its site ("cnil.fr"): the page's button opens the full link."""
    if channel.value.startswith("https://"):
        return re.sub(r"^www\.", "", urlsplit(channel.value).netloc)
    return channel.value


def contact_data(org: OrganisationData, language: str) -> Dict[str, str]:
    """What the page needs to make a card's link ("Llamar a ...") and its "más información"."""
    channel = org.channels[0]
    return {"id": org.id, "kind": channel.kind, "link": channel.tel or channel.value,
            "label": short_name(org, language), "more": card_more(org, language)}


def card_more(org: OrganisationData, language: str) -> str:
    """"Más información": the full name, all it does, each channel with its hours and what to know."""
    lines = [org.name[language], org.what[language]]
    for channel in org.channels:
        caveat = f" ({channel.caveat[language]})" if channel.caveat else ""
        lines.append(f"{ICONS.get(channel.kind, '•')} {_channel_line(channel, language)}{caveat}")
    return "\n".join(lines)


def law_card(law: LawData, language: str) -> str:
    """A law's first view: the article, what it punishes in one sentence, the main penalty.
    A bill is marked as one by its icon (📝) and its summary, which says so first."""
    icon = "⚖️" if law.status == "in_force" else "📝"
    article = short_article(law)
    penalty = f" ({_first_clause(law.max_penalty[language])})" if law.max_penalty else ""
    what = law.short[language] if law.short else first_sentence(law.summary[language])
    return f"{icon} {article}: {what}{penalty}"


def _first_clause(text: str) -> str:
    """Up to the first ";" outside parentheses: "5 años y 75.000 €; 7 años si ..." -> "5 años y 75.000 €"."""
    depth = 0
    for i, char in enumerate(text):
        depth += (char == "(") - (char == ")")
        if char == ";" and depth == 0:
            return text[:i].strip()
    return text.strip()


def law_more(law: LawData, language: str) -> str:
    """The whole law as the directory has it: full article, summary and every penalty."""
    penalty = f" ({law.max_penalty[language]})" if law.max_penalty else ""
    return f"{law.article}: {law.summary[language]}{penalty}"


def law_data(law: LawData, language: str) -> Dict[str, str]:
    """For the page: a "más información" with the whole law (no link)."""
    return {"id": law.id, "kind": "law", "label": short_article(law), "more": law_more(law, language)}


def short_article(law: LawData) -> str:
    """"Code pénal, art. 226-8-1 (loi SREN n° ...)" -> "Code pénal, art. 226-8-1"; the rest is under "more"."""
    return re.sub(r"\s*\([^)]*\)", "", law.article).strip() or law.article


def read_snapshot(engine: Engine) -> Directory:
    """Every row, read once into plain frozen objects."""
    with Session(engine, future=True) as session:
        countries = session.scalars(
            select(Country).options(
                selectinload(Country.organisations).selectinload(Organisation.channels),
                selectinload(Country.organisations).selectinload(Organisation.topics),
                selectinload(Country.laws),
            ).order_by(Country.code)
        ).all()
        platforms = session.scalars(select(Platform).order_by(Platform.position)).all()
        return Directory(tuple(_country_data(c) for c in countries), tuple(_platform_data(p) for p in platforms))


def _platform_data(row: Platform) -> PlatformData:
    return PlatformData(
        id=row.id, position=row.position, name=row.name, how={"es": row.how_es, "fr": row.how_fr},
        report_url=row.report_url, take_it_down=row.take_it_down, stopncii=row.stopncii,
        end_to_end_encrypted=row.end_to_end_encrypted, source_url=row.source_url,
        verified_on=row.verified_on, facts=row.facts,
    )


def _texts(es: Optional[str], fr: Optional[str]) -> Optional[Dict[str, str]]:
    return {"es": es, "fr": fr} if es is not None and fr is not None else None


def _country_data(row: Country) -> CountryData:
    organisations = tuple(
        OrganisationData(
            id=o.id, country=row.code, position=o.position, name={"es": o.name_es, "fr": o.name_fr},
            what={"es": o.what_es, "fr": o.what_fr}, topics=tuple(t.topic for t in o.topics),
            channels=tuple(
                ChannelData(
                    kind=c.kind, value=c.value, hours=_texts(c.hours_es, c.hours_fr), cost=_texts(c.cost_es, c.cost_fr),
                    age_min=c.age_min, age_max=c.age_max,
                    languages=tuple(c.languages.split(",")) if c.languages else (),
                    on_phone_bill=c.on_phone_bill, caveat=_texts(c.caveat_es, c.caveat_fr), note=c.note,
                )
                for c in o.channels
            ),
            source_url=o.source_url, verified_on=o.verified_on, region=o.region, facts=o.facts,
            short=_texts(o.short_es, o.short_fr),
        )
        for o in sorted(row.organisations, key=lambda o: o.position)
    )
    laws = tuple(
        LawData(
            id=law.id, country=row.code, position=law.position, article=law.article, status=law.status,
            summary={"es": law.summary_es, "fr": law.summary_fr},
            max_penalty=_texts(law.max_penalty_es, law.max_penalty_fr),
            source_url=law.source_url, verified_on=law.verified_on, facts=law.facts,
            short=_texts(law.short_es, law.short_fr),
        )
        for law in sorted(row.laws, key=lambda law: law.position)
    )
    return CountryData(row.code, {"es": row.name_es, "fr": row.name_fr}, row.emergency_number, organisations, laws)


class LiveDirectory:
    """A process's view of the database: re-read only when the data changed."""

    def __init__(self, url: str, check_every: float = 60.0) -> None:
        self._engine = make_engine(url)
        self._check_every = check_every
        self._lock = threading.Lock()
        self._hash: Optional[str] = None
        self._snapshot: Optional[Directory] = None
        self._checked = 0.0

    def get(self) -> Directory:
        now = time.monotonic()
        if self._snapshot is not None and now - self._checked < self._check_every:
            return self._snapshot
        with self._lock:
            current = loaded_hash(self._engine)
            if current is None:
                raise RuntimeError("The directory database is empty: run `make setup` (it loads data/directory/).")
            if current != self._hash:
                self._snapshot, self._hash = read_snapshot(self._engine), current
            self._checked = now
            return self._snapshot  # type: ignore[return-value]
