"""Answers from the directory: contacts for (country, topic, age), laws, emergency numbers.

Why an in-memory snapshot: a teen's message must not wait on a database. Each
process reads the tables once, keeps them, and only re-reads when the loaded
data's hash changes (checked at most once a minute).
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple

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


def card(org: OrganisationData, language: str) -> str:
    """How one organisation is shown in the chat: its first channel, hours, what it does for you."""
    channel = org.channels[0]
    details = " · ".join(part for part in (channel.hours and channel.hours[language],
                                           channel.cost and channel.cost[language]) if part)
    line = f"{ICONS.get(channel.kind, '•')} {org.name[language]}: {channel.value}" + (f" · {details}" if details else "")
    caveat = f" ({channel.caveat[language]})" if channel.caveat else ""
    return f"{line}\n{org.what[language]}{caveat}"


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
        )
        for o in sorted(row.organisations, key=lambda o: o.position)
    )
    laws = tuple(
        LawData(
            id=law.id, country=row.code, position=law.position, article=law.article, status=law.status,
            summary={"es": law.summary_es, "fr": law.summary_fr},
            max_penalty=_texts(law.max_penalty_es, law.max_penalty_fr),
            source_url=law.source_url, verified_on=law.verified_on, facts=law.facts,
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
