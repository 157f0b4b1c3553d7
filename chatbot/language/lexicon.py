"""Short words that give a message's language away, and explicit requests to switch.

Why a hand list: these are the words lingua gets wrong on short messages. Each
word is in one list only, and words both languages write alike ("si", "que",
"la", "ok", "yo", "lol") are in neither, so they never decide anything. Words are
stored without accents and lower-case, as `detection.fold` produces them.
"""
from __future__ import annotations

import re
from typing import FrozenSet, Pattern, Tuple

ES_MARKERS: FrozenSet[str] = frozenset(
    """
    hola holaa holis buenas buenos dias tardes noches jaja jajaja jajajaja jeje jiji xd
    porfa porfavor gracias grax vale tio tia vamos oye
    estoy tengo quiero puedes hablas habla hablar hacer hago ayuda ayudame
    pero muy tambien tb xq porque por cuando donde quien quienes como algo nada todo
    ahora aqui ahi hay eres soy mio mia mis los las una del con para sin hecho han
    fotos foto montaje chantaje amiga amigo madre padre hija hijo hermana desnuda desnudo
    denunciar denuncia borrar clase colegio insti instituto dinero pagar miedo verguenza
    adios chao chau luego vez esto eso esta este pasa paso sabes nadie gente mucho tal
    """.split()
)

FR_MARKERS: FrozenSet[str] = frozenset(
    """
    salut bonjour bonsoir coucou wesh slt cc mdr ptdr jsp tkt stp svp
    merci mrc oui ouais ouep nan non je j jai tu il elle est cest c pas suis veux peux
    fait moi mon avec pour dans quoi comment pourquoi aussi tres rien tout maintenant
    ici parle parler aide aider chantage copine pote meuf mec fille garcon classe
    montage photo nue nu plainte porter supprimer argent peur honte au revoir bisous
    ca qu quelqu quelquun personne beaucoup sais savoir mais ou etait ai avoir etre
    """.split()
)

# Explicit requests, matched on folded text (lower-case, no accents).
_TO_FRENCH = r"(franc[ae]is|frances|french|frances[ae]?)"
_TO_SPANISH = r"(espagnol|espanol|castellano|spanish)"
_SPEAK = r"(habla|hablas|hablame|hablemos|hablar|escribe|escribeme|parle|parles|parlez|parler|ecris|pasa|pasate|cambia|cambiar|passe|passer|change|switch|speak|prefiero|prefere|je prefere|en|in)"

_ARTICLE = r"(al\s+|a\s+|en\s+|el\s+|le\s+|l\s*)?"

# A request is a short message: "habla en francés", "parle espagnol stp", or a
# language name alone (the language buttons send "Français" / "Español").
MAX_REQUEST_WORDS = 8
LANGUAGE_REQUESTS: Tuple[Tuple[str, Pattern[str]], ...] = (
    ("fr", re.compile(rf"\b{_SPEAK}\s+{_ARTICLE}{_TO_FRENCH}\b|^\W*{_ARTICLE}{_TO_FRENCH}\W*$")),
    ("es", re.compile(rf"\b{_SPEAK}\s+{_ARTICLE}{_TO_SPANISH}\b|^\W*{_ARTICLE}{_TO_SPANISH}\W*$")),
)
