"""Reads a flow's answers out of what the user typed or tapped: age, country, platform.

Why here and not only in DIET's entities: the answers decide which help is shown
(Take It Down under 18, StopNCII at 18 or more; the country's contacts), so the
classifier's entity is used when present and a small deterministic reading of the
text backs it up. Nothing read here is stored beyond the conversation's slots, and
only as a category ("yes"/"no", a country code, a platform id), never the text.
"""
from __future__ import annotations

import re
from typing import Dict, Iterable, Optional, Tuple

from chatbot.language.detection import fold

OTHER_COUNTRY = "INT"  # a country we have no data for: international tools + local emergency number

# Names and nicknames by country code; folded (no accents, lower case).
COUNTRY_NAMES: Dict[str, tuple] = {
    "ES": ("espana", "spain", "espagne", "madrid", "barcelona"),
    "FR": ("francia", "france", "paris", "marseille", "lyon"),
    "BE": ("belgica", "belgique", "belgium", "bruxelles", "bruselas", "liege"),
    "CH": ("suiza", "suisse", "switzerland", "geneve", "ginebra", "lausanne", "zurich"),
    "CA": ("canada", "quebec", "montreal"),
    "MX": ("mexico", "mexique", "cdmx", "guadalajara", "monterrey"),
    "AR": ("argentina", "argentine", "buenos aires"),
    "CO": ("colombia", "colombie", "bogota", "medellin"),
    "CL": ("chile", "chili", "santiago de chile"),
    "PE": ("peru", "perou", "lima"),
    "LU": ("luxemburgo", "luxembourg", "luxemburg"),
}
# Countries people name that we have no contacts for yet (answered with the international tools).
OTHER_COUNTRIES = (
    "ecuador", "equateur", "bolivia", "bolivie", "venezuela", "uruguay", "paraguay",
    "cuba", "guatemala", "honduras", "nicaragua", "panama", "costa rica", "el salvador", "republica dominicana",
    "marruecos", "maroc", "argelia", "algerie", "tunez", "tunisie", "senegal", "italia", "italie", "portugal",
    "alemania", "allemagne", "reino unido", "royaume uni", "inglaterra", "angleterre", "estados unidos", "etats unis",
    "usa", "eeuu", "monaco", "andorra", "andorre", "otro pais", "autre pays",
    # Travelling: the teen may be anywhere, so the local emergency number and the tools that work everywhere.
    "de viaje", "estoy viajando", "en voyage", "je voyage",
)
_COUNTRY_RE = {code: re.compile(r"\b(" + "|".join(names) + r")\b") for code, names in COUNTRY_NAMES.items()}
_OTHER_RE = re.compile(r"\b(" + "|".join(OTHER_COUNTRIES) + r")\b")

# Nicknames teens use, by platform id (ids as in data/directory/platforms.yml). A closed set
# with a few nicknames: matching them exactly is more reliable than a classifier.
NICKNAMES: Dict[str, Tuple[str, ...]] = {
    "instagram": ("instagram", "insta", "ig"),
    "facebook": ("facebook", "fb", "messenger"),
    "whatsapp": ("whatsapp", "whatsap", "wasap", "wassap", "wsp", "wtsp", "wpp", "whats", "watsap"),
    "tiktok": ("tiktok", "tik tok", "tiktoc"),
    "snapchat": ("snapchat", "snap"),
    "x": ("twitter",),
    "telegram": ("telegram", "telegrama"),
    "discord": ("discord",),
    "youtube": ("youtube", "yt"),
    "onlyfans": ("onlyfans", "only fans"),
    "google_search": ("google",),
    "bing": ("bing",),
}
# Not a directory platform: porn and adult sites get their own answer, "adult" (actions/guide_render.py).
# Never "porno" alone: "un montaje porno" is a fake, not a site.
ADULT_SITES = ("web porno", "webs porno", "web de porno", "pagina porno", "paginas porno", "pagina de porno", "sitio porno",
               "site porno", "sites porno", "site de porno", "site de cul", "pornhub", "xvideos", "xhamster", "redgifs",
               "clips4sale", "site pour adultes", "sites pour adultes", "web de adultos", "pagina de adultos")
_PLATFORM_RE = {pid: re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")
                for pid, names in {**NICKNAMES, "adult": ADULT_SITES}.items()}

_UNDER = re.compile(r"\b(menor|menores|mineur|mineure|mineurs|menos de 18|moins de 18|soy chica de|no soy mayor)\b")
# Negated age words, read before the plain ones: "pas encore majeure" is a minor, "ya no soy menor" an adult.
_NOT_ADULT = re.compile(
    r"\b(?:no|tampoco|pas|pas encore)\s+(?:soy\s+|suis\s+|es\s+|etre\s+)?(?:mayor de edad|mayor|majeur|majeure|adulto|adulta|adulte)\b"
    r"|\bno\s+tengo\s+18\b|\b(?:j\W?ai|jai|g)\s+pas\s+(?:encore\s+)?18\b"
)
_NOT_MINOR = re.compile(r"\bno\s+(?:soy\s+)?menor\b|\b(?:pas|plus)\s+(?:mineur|mineure)\b")
_ADULT = re.compile(r"\b(mayor de edad|soy mayor|majeur|majeure|18 o mas|18 ou plus|plus de 18|mas de 18|ya tengo 18|adulto|adulta|adulte)\b")
AGES = range(8, 100)  # a number outside is not an age ("5", "150")
# An age only where the words say it is one: "50 pavos" is money, "tengo 15" / "15 ans" / "15" an age.
_AGE = re.compile(r"\b(?:tengo|teng|tnc|j ?ai|jai|g|age|edad|soy de)\s+(\d{1,2})\b|\b(\d{1,2})\s*(?:anos|ans|an|a)\b|^\s*(\d{1,2})\s*$")


def country_answer(values: Iterable[Optional[str]], served: Iterable[str]) -> Optional[str]:
    """A served country's code, OTHER_COUNTRY for a country we don't serve, or None."""
    served = set(served)
    for value in values:
        folded = fold(value or "")
        if not folded:
            continue
        code = folded.upper()  # a button sends the code itself
        if code in served or code == OTHER_COUNTRY:
            return code
        for candidate, pattern in _COUNTRY_RE.items():
            if candidate in served and pattern.search(folded):
                return candidate
        if _OTHER_RE.search(folded):
            return OTHER_COUNTRY
    return None


# Words that say where the user is ("estoy en", "soy de", "j'habite au"), read before a country's name.
_WHERE_I_AM = re.compile(
    r"\b(?:(?:vivo|estoy|resido|ando|sigo|me encuentro|me mude|me mudé)\s+(?:aqui\s+)?(?:en|por)"
    r"|soy\s+(?:de|del)|aqui\s+en|(?:yo\s+)?de\s+viaje\s+(?:en|por)"
    r"|je\s+(?:vis|suis|reside|viens)|j\W?habite|j\W?suis|jsuis|chui|chuis|ici\s+(?:en|au)|moi\s+(?:en|au))"
    r"\s*(?:de|du|des|en|au|aux|a|dans\s+le|la|le|el)?\s+(?=\w)"
)


def stated_country(text: str, served: Iterable[str]) -> Optional[str]:
    """The country a message says the user is in ("soy de México y ...", "j'habite au Québec"), else None.

    Why only with such words, unlike a reply to "which country?": a country named in passing
    ("un chico de Nigeria me chantajea") says where someone else is, and taking it would
    swap the teen's numbers for none.
    """
    folded = fold(text or "")
    for match in _WHERE_I_AM.finditer(folded):
        after = folded[match.end():match.end() + 40]
        if _NEGATED.search(folded[:match.start()]) or _NOT.match(after):
            continue  # "no estoy en España", "je suis pas en France": where the user is not
        found = country_answer([after], served)
        if found:
            return found
    return None


_NEGATED = re.compile(r"\b(?:no|ya no|tampoco|ni)\s+$")
_NOT = re.compile(r"(?:pas|plus|jamais)\b")


def under_18_answer(values: Iterable[Optional[str]]) -> Optional[str]:
    """"yes" under 18, "no" at 18 or more, None if the text says neither.

    Why any sign of a minor wins over a sign of an adult: the answer picks Take It Down (under 18)
    or StopNCII (18+), and a minor sent to the adults' tool is the worse mistake. The values are
    the DIET age entities and the whole text, so "pas encore [majeure], [17] ans" must not be read
    from its first entity alone.
    """
    minor = adult = False
    for value in values:
        folded = fold(value or "")
        if not folded:
            continue
        minor = minor or bool(_NOT_ADULT.search(folded))
        adult = adult or bool(_NOT_MINOR.search(folded))
        rest = _NOT_MINOR.sub(" ", _NOT_ADULT.sub(" ", folded))
        minor = minor or bool(_UNDER.search(rest))
        adult = adult or bool(_ADULT.search(rest))
        for match in _AGE.finditer(rest):
            age = int(next(g for g in match.groups() if g))
            if age in AGES:
                minor, adult = minor or age < 18, adult or age >= 18
    return "yes" if minor else "no" if adult else None


def is_sms_x(entity: Dict[str, object], text: str) -> bool:
    """True for a `platform` entity "x" written in lower case: teens write "x" for "por" ("pasando x el grupo").

    Why: DIET learned "x" as the platform X from "lo subió a X", and then told a teen
    whose image went round a class group how to report on X. X is trusted only as a
    capital "X" or by name ("twitter", read by `mentioned_platform`).
    """
    if entity.get("entity") != "platform" or str(entity.get("value") or "").lower() != "x":
        return False
    start, end = entity.get("start"), entity.get("end")
    if not (isinstance(start, int) and isinstance(end, int)):
        return False  # no span: not read from typed words (a button's payload spans its JSON)
    return text[start:end] == "x"


def mentioned_platform(text: str) -> Optional[str]:
    """The id of the first platform named in `text`, if any."""
    folded = fold(text or "")
    found = [(m.start(), pid) for pid, pattern in _PLATFORM_RE.items() for m in [pattern.search(folded)] if m]
    return min(found)[1] if found else None


# Words that only frame an answer: "tengo 15 años", "soy de Chile", "c'est sur insta".
_FRAME = frozenset(
    """tengo tngo teng tnc anos ano anitos soy de del en por el la los las un una y e vivo estoy desde mi es esta
    lo ahora mismo creo ya todavia aun pues bueno
    j ai jai ans an je suis de du des en au aux sur par le la les un une et habite vis c est cest via moi ici
    dans ca ce maintenant deja encore bah ben euh""".split()
)
_NUMBER = re.compile(r"^\d{1,2}$")


def is_bare_answer(text: str) -> bool:
    """True when `text` says nothing but an age, a country or a platform ("13", "soy de chile", "sur snap").

    Why: such a reply to a flow's question has no words for the classifier to go on ("17" scored
    below the fallback threshold), yet what it means is certain.
    """
    folded = fold(text or "")
    found = False
    for pattern in (_UNDER, _ADULT, _OTHER_RE, *_COUNTRY_RE.values(), *_PLATFORM_RE.values()):
        folded, hits = pattern.subn(" ", folded)
        found = found or hits > 0
    words = re.findall(r"\w+", folded)
    ages = [w for w in words if _NUMBER.match(w)]
    if any(int(age) not in AGES for age in ages):
        return False
    found = found or bool(ages)
    return found and all(w in _FRAME or _NUMBER.match(w) for w in words)
