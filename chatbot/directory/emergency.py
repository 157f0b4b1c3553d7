"""Which numbers a teen in danger sees: the one rule for the chat, the page's band and the fault answer.

Why one home: a crisis answer is shown by the actions, by the page's "in danger now?"
band and by the channel when the assistant is down. Written three times, the three
drifted (one of them assumed Spain for every page without a country). Here:

- a known country: its emergency line, then at most two crisis lines;
- an unknown country: no country's crisis lines at all, only each served country's
  emergency number with the countries it works in ("112: Spain, France, ..."), which
  is right wherever the teen may be among them; then the country is asked.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

from chatbot.directory.files import OrganisationData, tel_link

MAX_CRISIS_LINES = 2
_AND = {"es": " y ", "fr": " et "}
_OR = {"es": " o ", "fr": " ou "}
# Said where a number would be ("llama al ___"), for a country we have no data for.
_LOCAL = {"es": "número de emergencias del país donde estás", "fr": "numéro d'urgence du pays où tu es"}


def is_served(directory: Any, country: Optional[str]) -> bool:
    """True for a country whose emergency and crisis lines the directory holds (not INT, not unknown)."""
    return bool(country) and bool(directory.emergency_number(country))


def crisis_contacts(directory: Any, country: str) -> List[OrganisationData]:
    """In danger, few cards, most urgent first: the emergency line, then the crisis lines."""
    number = directory.emergency_number(country)
    emergency = [o for o in directory.contacts(country, ("emergency",)) if any(c.value == number for c in o.channels)][:1]
    crisis = [o for o in directory.contacts(country, ("crisis",)) if o not in emergency]
    return emergency + crisis[:MAX_CRISIS_LINES]


@dataclass(frozen=True)
class RegionalNumber:
    """One emergency number and the served countries where it works."""

    number: str
    countries: Tuple[str, ...]

    @property
    def tel(self) -> str:
        return tel_link(self.number)

    def names(self, directory: Any, language: str) -> str:
        """"España, Francia y Suiza" / "Espagne, France et Suisse"."""
        names = [directory.country_name(code, language) or code for code in self.countries]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + _AND[language] + names[-1]


def emergency_by_region(directory: Any) -> List[RegionalNumber]:
    """Every served country's emergency number, grouped; the number most countries share first."""
    groups: Dict[str, List[str]] = {}
    for code in directory.countries():
        groups.setdefault(directory.emergency_number(code), []).append(code)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return [RegionalNumber(number, tuple(codes)) for number, codes in ordered]


def regional_line(directory: Any, language: str) -> str:
    """"112 (España, Francia, Bélgica y Suiza), 911 (...) o 123 (Colombia)": fits every served country."""
    parts = [f"{r.number} ({r.names(directory, language)})" for r in emergency_by_region(directory)]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + _OR[language] + parts[-1]


def emergency_words(directory: Any, country: Optional[str], language: str) -> str:
    """What follows "llama al" / "appelle le": the country's number, the local one, or the regional line."""
    if is_served(directory, country):
        return directory.emergency_number(country)
    if country:  # a country we have no data for (INT)
        return _LOCAL[language]
    return regional_line(directory, language)
