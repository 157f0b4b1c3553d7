"""The crisis net on the held-out sets, its regression cases, and its independence from the language.

Why these thresholds: the held-out sets (tests/data/crisis/held_out_*.yml) were
written before the lemma net; the net was then brought to 100% recall on them and
0 false positives on their hard negatives, so any change that loses one of them
fails here. The blind sets were each measured once before tuning (figures in
bench/crisis_eval.py) and are regression sets since.
"""
from __future__ import annotations

from pathlib import Path
from typing import Dict, List

import pytest
import yaml
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from chatbot.nlu.crisis import crisis_reason, signals_crisis
from chatbot.nlu.crisis_text import normalize
from chatbot.nlu.intent_overrides import IntentOverrides
from chatbot.nlu.language_detector import LANGUAGE

CRISIS_DIR = Path(__file__).resolve().parents[1] / "data" / "crisis"


def _set(name: str) -> Dict[str, List[str]]:
    return yaml.safe_load((CRISIS_DIR / f"{name}.yml").read_text(encoding="utf-8"))


SETS = ("held_out", "blind", "blind2", "blind3", "final_blind")
# False alarms we accept: any mention of suicide triggers the net (recall first).
ACCEPTED_FALSE_ALARMS = {
    "he visto un documental sobre el suicidio en clase de etica",
    "on a vu un documentaire sur le suicide en cours d'emc",
}


@pytest.mark.parametrize("language", ["es", "fr"])
def test_held_out_recall_is_total(language: str) -> None:
    crisis = _set(f"held_out_{language}")["crisis"]
    missed = [t for t in crisis if not signals_crisis(t)]
    print(f"{language}: held-out recall {len(crisis) - len(missed)}/{len(crisis)}")
    assert len(crisis) >= 60 and missed == []


@pytest.mark.parametrize("language", ["es", "fr"])
def test_held_out_hard_negatives_are_not_crises(language: str) -> None:
    negatives = _set(f"held_out_{language}")["not_crisis"]
    flagged = [t for t in negatives if signals_crisis(t)]
    assert len(negatives) >= 60 and flagged == []


@pytest.mark.parametrize("name", SETS[1:])
@pytest.mark.parametrize("language", ["es", "fr"])
def test_blind_sets_stay_caught_once_fixed(language: str, name: str) -> None:
    """Each blind set was measured once, then its misses fixed: from then on it guards against regressions."""
    labelled = _set(f"{name}_{language}")
    missed = [t for t in labelled["crisis"] if not signals_crisis(t)]
    flagged = [t for t in labelled["not_crisis"] if signals_crisis(t) and t not in ACCEPTED_FALSE_ALARMS]
    assert missed == [] and flagged == []


@pytest.mark.parametrize(
    "text",
    [
        # From the issue, as teens write them.
        "kiero morirme", "me quiero matar", "no kiero seguir", "me corto", "me voy a tirar",
        "ya no aguanto mas", "jveux mourir", "j'ai envie d'en finir", "je me scarifie",
        "jvais me foutre en l'air", "il m'attend devant chez moi",
        # Caught by the lemma rules only: conjugated forms no pattern lists.
        "me mataré mañana", "ojalá me muriera", "je me tuerai demain", "je me suis mutilée",
        # A threat from someone else is danger too.
        "me dijo que me mata si hablo", "il m'a dit qu'il me tue si je parle",
        "ese tio me va a matar", "les mecs vont me tuer",  # a bare determiner is no hyperbole subject
        "mi novio me pega cuando pierde al fortnite", "il me suit depuis le match",  # a game named, not the setting
        "socorro", "au secours", "mi padrastro me toca y tengo miedo", "il me touche et j'ai peur",
        "tengo miedo de que me haga algo", "j'ai peur qu'il me fasse quelque chose",
        "me odio y quiero desaparecer", "je me déteste et je veux disparaître",
        # Hyperbole next to a real sign does not hide it.
        "mi madre me va a matar si se entera y me quiero morir", "je vais mourir de honte, j'ai envie d'en finir",
    ],
)
def test_regressions_are_crises(text: str) -> None:
    assert signals_crisis(text), text


@pytest.mark.parametrize(
    "text",
    [
        "me muero de vergüenza", "je suis mort de rire", "me mata la profe", "ça me tue", "quiero morir de risa",
        "matar el tiempo con la play", "tuer le temps", "me voy a cortar el pelo", "je vais me couper les cheveux",
        "me sigue una cuenta rara en insta", "un compte bizarre me suit sur insta",
        "mi amiga me espera en el portal", "ma pote m'attend devant chez moi pour aller au ciné",
        "este examen me va a matar", "ce contrôle va me tuer", "en el juego me mataron", "dans le jeu je me suis fait tuer",
        "ya le di todo y me sigue amenazando con subir las fotos", "no quiero seguir en ese grupo",
        "je veux plus être dans ce groupe", "me amenaza con subir las fotos si no le pago",
        "ese chiste me ha matado", "tu m'as tué avec cette blague",  # a past killing told by the writer
    ],
)
def test_regressions_are_not_crises(text: str) -> None:
    assert not signals_crisis(text), (text, crisis_reason(text))


def test_lemma_rules_do_work_of_their_own() -> None:
    """These forms are in no regex: only the spaCy lemma rules can catch them."""
    assert (crisis_reason("me mataré mañana") or "").startswith("es:")
    assert crisis_reason("me mataré mañana") != "es:pattern"
    assert crisis_reason("je me tuerai demain") == "fr:kill-self"


@pytest.mark.parametrize(
    "text, language, folded",
    [
        ("KIERO MORIRMEEEE", "es", "quiero morirme"),
        ("m qiero matar xq nose", "es", "me quiero matar porque no se"),
        ("jveux mourrir", "fr", "je veux mourir"),
        ("J'ai envi de mourir", "fr", "j ai envie de mourir"),
        ("jmerite pas de vivre", "fr", "je merite pas de vivre"),
    ],
)
def test_spelling_is_folded_per_language(text: str, language: str, folded: str) -> None:
    assert normalize(text, language) == folded


def test_the_gate_never_changes_a_verdict() -> None:
    """The spaCy pass is skipped when no stem of a lemma rule is in the text; that must not lose a sign."""
    names = ["es", "fr"] + [f"{name}_{language}" for name in SETS for language in ("es", "fr")]
    texts = [t for name in names for part in _set(name).values() for t in part]
    differing = [t for t in texts if (crisis_reason(t) is None) != (crisis_reason(t, use_gate=False) is None)]
    assert len(texts) > 600 and differing == []


def _overrides(tmp_path_factory: pytest.TempPathFactory) -> IntentOverrides:
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    return IntentOverrides.create({}, storage, Resource("IntentOverrides"), ExecutionContext(GraphSchema({}), "test"))


@pytest.mark.parametrize(
    "text, detected",
    [
        ("jvais me foutre en l'air", "es"),  # a French crisis in a Spanish conversation
        ("il m'attend devant chez moi", "es"),
        ("kiero morirme ya", "fr"),  # a Spanish crisis in a French conversation
        ("me estan siguiendo desde el metro", "fr"),
        ("je veux mourir", None),  # no language settled at all
    ],
)
def test_crisis_is_forced_whatever_language_was_detected(
    tmp_path_factory: pytest.TempPathFactory, text: str, detected: str
) -> None:
    message = Message(data={TEXT: text, INTENT: {"name": "greet", "confidence": 0.9}})
    message.set(LANGUAGE, {"language": detected, "confidence": 1.0, "decisive": True, "other": None, "requested": None})
    _overrides(tmp_path_factory).process([message])
    assert message.get(INTENT) == {"name": "crisis", "confidence": 1.0}


@pytest.mark.parametrize(
    "text",
    [
        "quiere que quede con él esta noche o sube las fotos", "il veut que je vienne chez lui ce soir sinon il balance tout",
        "me dice que vaya a su casa o se lo manda a todos", "il veut que je le rejoigne au parc sinon il publie les photos",
        "me quiere ver a solas", "il veut me voir seule à seul",
    ],
)
def test_a_demand_to_meet_is_a_crisis_of_its_own_kind(text: str) -> None:
    """Its answer adds "don't go" after the emergency lines (actions/contacts.py)."""
    assert (crisis_reason(text) or "").endswith(":meet"), (text, crisis_reason(text))


@pytest.mark.parametrize(
    "text",
    ["me quiero morir", "j'ai plus envie de vivre", "me quiere ver a solas y me quiero morir",
     "il veut me voir seule à seul et j'ai envie d'en finir", "hay alguien en la puerta de mi casa"],
)
def test_a_wish_to_die_or_someone_at_the_door_is_not_read_as_a_meeting(text: str) -> None:
    reason = crisis_reason(text)
    assert reason and not reason.endswith(":meet"), (text, reason)
