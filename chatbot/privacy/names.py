"""Names of people and places: cues, a list of first names, and spaCy's NER.

Why three sources: spaCy's small Spanish model misses most names teens type
("soy la maria", "fue hugo"), so cues ("me llamo X", "c'est X", "vivo en X")
and a list of common first names catch the lowercase ones; spaCy adds the
capitalised names and towns nobody could list.
"""
from __future__ import annotations

import re
from typing import Iterator, List, Optional

from chatbot.language.detection import fold
from chatbot.privacy.lexicon import AMBIGUOUS, COUNTRIES, FIRST_NAMES, NOT_A_NAME, PLATFORMS
from chatbot.privacy.spans import Span

_L = r"[^\W\d_]"
_WORD = re.compile(_L + r"+(?:[-'’]" + _L + r"+)*(?![\w@#])")
_NEXT = re.compile(r"[ \t]*(?:,[ \t]*)?(" + _L + r"+(?:[-'’]" + _L + r"+)*)(?![\w@#.]\w)")
_ARTICLE = re.compile(r"[ \t]+(?:el|la|le|l['’])(?=[ \t]|\w)", re.I)

# A cue says the next word is a name whatever it is (unless it is an everyday word).
STRONG_NAME_CUES = re.compile(
    r"\b(?:me\s+llamo|mi\s+nombre\s+es|me\s+llaman|me\s+dicen|se\s+llama(?:ba)?|llamad[oa]|un[a]?\s+tal|"
    r"don|doña|dona|"
    r"j['’]?\s?m['’]?\s?app?elle|je\s+m['’]\s?app?elle|on\s+m['’]\s?app?elle|[mt]['’]?\s?app?elles?|s['’]\s?app?elle|"
    r"mon\s+(?:pr[ée])?nom\s+(?:c['’]?est|est|c)|un(?:e)?\s+certaine?|mme\.?|mlle\.?|madame|monsieur|m\.|mr\.?)(?=\s)",
    re.I,
)
# A cue that is followed by names and by ordinary words alike: the word must be a known name or capitalised.
WEAK_NAME_CUES = re.compile(
    r"\b(?:soy|yo\s+soy|fue|era|es|hola|conozco\s+a|dile\s+a|habla\s+con|con|a|y|"
    r"mi\s+(?:madre|padre|hij[oa])|(?:el|la)\s+(?:profe(?:sor|sora)?|chic[oa]|niñ[oa]|tutor[a]?)|"
    r"je\s+suis|j['’]?\s?suis|chui|moi\s+c['’]?est|moi\s+c|c['’]est|c|et|à|a|avec|coucou|salut|"
    r"(?:ma|mon)\s+(?:m[eè]re|p[eè]re|fille|fils)|"
    r"(?:la|le)\s+(?:meuf|mec|prof|fille|gar[cç]on)|dis\s+[àa]|parle\s+[àa]|je\s+connais)(?=[\s,])",
    re.I,
)
# A friend, partner, brother or cousin is often named right after: "mi amiga naiara y yo", "ma pote selma".
# A lowercase word there is a name unless it is an everyday word or a verb of saying ("mi amiga dice que").
RELATION_CUES = re.compile(
    r"\b(?:mi\s+(?:mejor\s+)?(?:amig[oa]|novi[oa]|ex|herman[oa]|prim[oa]|compi|colega|pareja)|"
    r"(?:ma|mon)\s+(?:meilleure?\s+)?(?:pote|copine|copain|amie?|cousine?|fr[eè]re|s[oœ]eur|ex|reuf|demi-fr[eè]re))"
    r"(?=[\s,])",
    re.I,
)
_THAT = re.compile(r"[ \t]+(?:que|qu['’]|q)\b", re.I)
PLACE_CUES = re.compile(
    r"\b(?:vivo\s+en|vivimos\s+en|soy\s+de|somos\s+de|vengo\s+de|estamos\s+en|estoy\s+en|en\s+el\s+barrio\s+de|"
    r"(?:el|un)\s+pueblo\s+de|cerca\s+de|parque\s+de|"
    r"j['’]\s?habite\s+(?:[àa]|au|en|vers|sur)?|habite\s+[àa]|je\s+viens\s+d['’e]|je\s+suis\s+de|on\s+est\s+[àa]|"
    r"je\s+vis\s+[àa]|pr[èe]s\s+de|vers|parc\s+de\s+la)(?=[\s'’])",
    re.I,
)


_ELIDED = re.compile(r"(?:[ldjmtsnc]|qu)['’]", re.I)
_PAST_TENSE = re.compile(r"(?:ó|i[oó])$")  # "cogió", "recibio", "pasó": a verb after "mi amigo", not a name


def _is_name(word: str, strong: bool, capital_counts: bool) -> bool:
    folded = fold(word)
    if folded in FIRST_NAMES:
        return True
    if _ELIDED.match(word) or (word.islower() and _PAST_TENSE.search(word)):
        return False  # "m'a", "l'a", "cogio"
    if folded in NOT_A_NAME and folded not in AMBIGUOUS:
        return False
    if strong:
        return True
    return capital_counts and word[:1].isupper() and not word.isupper()


def _name_after(text: str, position: int, strong: bool) -> Optional[Span]:
    """The name (one word, or first name + surname) right after a cue, if there is one."""
    article = _ARTICLE.match(text, position)  # "soy la maria", "fue el pablo", "c'est la jade"
    if article:
        position = article.end()
    first = _NEXT.match(text, position)
    if not first or not _is_name(first.group(1), strong, capital_counts=True):
        return None
    end = first.end(1)
    for _ in range(2):  # "Lucía Fernández", "juan carlos", "marie claire"
        following = re.compile(r"[ \t]+(" + _L + r"+(?:[-'’]" + _L + r"+)*)(?![\w@#])").match(text, end)
        if not following:
            break
        word = following.group(1)
        folded = fold(word)
        capitalised_surname = word[:1].isupper() and folded not in NOT_A_NAME
        if capitalised_surname or folded in FIRST_NAMES or (strong and folded in AMBIGUOUS):
            end = following.end(1)
        else:
            break
    return Span(first.start(1), end, "NAME")


def cue_names(text: str) -> Iterator[Span]:
    for cues, strong in ((STRONG_NAME_CUES, True), (WEAK_NAME_CUES, False), (RELATION_CUES, True)):
        for cue in cues.finditer(text):
            span = _name_after(text, cue.end(), strong)
            if span and not (cues is RELATION_CUES and _THAT.match(text, span.end)):
                yield span


_CAPITALISED = re.compile(r"(?<![\w@#/.])[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:[-'’][A-ZÀ-ÖØ-Þa-zß-öø-ÿ][a-zß-öø-ÿ]*)*(?![\w@#])")
_PLACE_BEFORE = re.compile(r"(?:\b(?:de|en|a|à|vers|desde|du|hacia|au|près\s+de|cerca\s+de)|\bd['’])\s*$", re.I)


def capitalised_words(text: str) -> Iterator[Span]:
    """A capitalised word mid-sentence is a proper noun in chat ("un type de Saint-Étienne", "con Jordan"):
    teens capitalise little else. Sentence starts, everyday words and platforms are skipped."""
    for match in _CAPITALISED.finditer(text):
        before = text[:match.start()].rstrip()
        if not before or before[-1] in ".!?¿¡:;\n\"'«(-" or before.endswith("..."):
            continue
        parts = re.split(r"[-'’]", match.group(0))
        if all(fold(part) in NOT_A_NAME for part in parts if part):
            continue
        kind = "PLACE" if _PLACE_BEFORE.search(before) else "NAME"
        yield Span(match.start(), match.end(), kind)


def listed_names(text: str) -> Iterator[Span]:
    """Any word that is a common first name, in any case ("hugo", "Hugo", "HUGO"); a capital word after it too."""
    for match in _WORD.finditer(text):
        start = match.start()
        elided = re.match(r"(?i)(?:[ldjmtsnc]|qu)['’]", match.group(0))
        if elided:  # "d'Anaïs", "l'Emma"
            start += elided.end()
        if fold(text[start:match.end()]) in FIRST_NAMES:
            span = _name_after(text, start, strong=False)
            yield span or Span(start, match.end(), "NAME")


_INFINITIVE = re.compile(r"(?:er|ir|oir)$")


def cue_places(text: str) -> Iterator[Span]:
    for cue in PLACE_CUES.finditer(text):
        position = cue.end()
        words = []
        while len(words) < 4:
            match = re.compile(r"[ \t]*(" + _L + r"+(?:[-'’]" + _L + r"+)*)(?![\w@#])").match(text, position)
            if not match:
                break
            words.append(match)
            position = match.end()
        end = None
        for index, match in enumerate(words):
            word, folded = match.group(1), fold(match.group(1))
            if folded in ("de", "del", "la", "sur", "en") and end is not None and index + 1 < len(words) \
                    and words[index + 1].group(1)[:1].isupper():
                continue  # "Torrejon de Ardoz", "Boulogne-sur-Mer"
            if folded in NOT_A_NAME or folded in COUNTRIES or (not word[:1].isupper() and _INFINITIVE.search(folded)):
                break  # "je viens de découvrir": an infinitive, not a town
            if end is not None and not word[:1].isupper():
                break  # a lowercase town is one word ("vivo en vallecas y ...")
            end = match.end(1)
        if end is not None:
            yield Span(words[0].start(1), end, "PLACE")


_NOT_NOUNS = {"VERB", "AUX", "ADP", "PRON", "DET", "SCONJ", "CCONJ", "ADV"}


def spacy_names(text: str, language: str) -> List[Span]:
    """spaCy's persons and places, without platforms, countries, everyday words or lowercase guesses."""
    from chatbot.nlu.spacy_bilingual import DEFAULT_MODELS, load_spacy

    if not any(character.isupper() for character in text):
        return []  # every span kept below starts with a capital: all-lowercase text needs no spaCy pass
    doc = load_spacy(DEFAULT_MODELS.get(language, DEFAULT_MODELS["es"]))(text)
    spans = []
    for ent in doc.ents:
        kind = {"PER": "NAME", "PERSON": "NAME", "LOC": "PLACE", "GPE": "PLACE"}.get(ent.label_)
        if kind is None:
            continue
        sentence_start = ent.start == 0 or doc[ent.start - 1].is_punct
        if sentence_start and any(t.pos_ in _NOT_NOUNS for t in ent):
            continue  # "Necesito ayuda": a capital verb at the start, not a person
        words = [fold(token.text) for token in ent if token.is_alpha]
        if not words or all(w in NOT_A_NAME or w in COUNTRIES or w in PLATFORMS for w in words):
            continue
        if not ent.text[:1].isupper() or ent.text.isupper() and len(ent.text) > 3 and kind == "PLACE":
            continue
        if ent.start == 0 and len(ent) == 1 and fold(ent.text) not in FIRST_NAMES and kind == "NAME" \
                and fold(ent.text) in NOT_A_NAME:
            continue
        spans.append(Span(ent.start_char, ent.end_char, kind))
    return spans
