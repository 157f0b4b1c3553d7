"""LinearVote, the second intent classifier: trained, stored, loaded and run for real
(Rasa's own tokenizer and RegexFeaturizer in front of it, Rasa's model storage)."""
from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any, Dict, List

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.regex_featurizer import RegexFeaturizer
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from chatbot.nlu.linear_vote import LinearVote, blend

CONTEXT = ExecutionContext(GraphSchema({}), "test")
EXAMPLES = {
    "feelings": ["me siento fatal", "tengo mucha vergüenza", "estoy triste", "j'ai trop honte", "je me sens mal",
                 "estoy agobiada", "je suis triste"],
    "report_it": ["quiero denunciar", "como denuncio a la policia", "je veux porter plainte", "aller a la police",
                  "poner una denuncia", "déposer plainte"],
    "learn": ["quiero hacer el quiz", "una leccion para clase", "je veux le quiz", "une leçon pour la classe",
              "el test de clase", "le quiz de la classe"],
}
LOOKUPS = [{"name": "emotion", "elements": ["agobiada", "achicopalada", "vergüenza", "honte", "triste"]}]


def _message(text: str, intent: str = "") -> Message:
    return Message(data={TEXT: text, **({INTENT: intent} if intent else {})})


def _featurized(messages: List[Message], regex: RegexFeaturizer, tokenizer: WhitespaceTokenizer) -> List[Message]:
    tokenizer.process(messages)
    return regex.process(messages)


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Dict[str, Any]:
    """Trains the tokenizer → word lists → LinearVote chain, stores it and loads it back."""
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    tokenizer = WhitespaceTokenizer.create(WhitespaceTokenizer.get_default_config(), storage,
                                           Resource("tokenizer"), CONTEXT)
    regex_config = {**RegexFeaturizer.get_default_config(), "alias": "word_lists", "case_sensitive": False}
    regex = RegexFeaturizer.create(regex_config, storage, Resource("regex"), CONTEXT)
    data = TrainingData([_message(t, i) for i, texts in EXAMPLES.items() for t in texts], lookup_tables=LOOKUPS)
    tokenizer.process_training_data(data)
    regex.train(data)
    regex.process_training_data(data)
    config = {**LinearVote.get_default_config(), "featurizers": ["word_lists"], "min_df": 1}
    resource = Resource("linear_vote")
    LinearVote.create(config, storage, resource, CONTEXT).train(data)
    loaded = LinearVote.load(config, storage, resource, CONTEXT)
    return {"storage": storage, "resource": resource, "tokenizer": tokenizer, "regex": regex, "vote": loaded,
            "config": config}


def _diet_ranking(top: str, confidence: float) -> List[Dict[str, Any]]:
    """What DIET leaves on the message: its choice first, the rest shared out."""
    others = [name for name in EXAMPLES if name != top]
    rest = (1.0 - confidence) / len(others)
    return [{"name": top, "confidence": confidence}] + [{"name": name, "confidence": rest} for name in others]


def test_blend_weights_the_two_rankings() -> None:
    ranking = blend([{"name": "a", "confidence": 0.6}, {"name": "b", "confidence": 0.4}],
                    {"a": 0.1, "b": 0.7, "c": 0.2}, diet_weight=0.5)
    assert [r["name"] for r in ranking] == ["b", "a", "c"]
    assert ranking[0]["confidence"] == pytest.approx(0.55)
    assert ranking[2]["confidence"] == pytest.approx(0.1)  # missing from DIET's ranking: 0 on its side


def test_blend_with_full_diet_weight_keeps_diets_choice() -> None:
    ranking = blend([{"name": "a", "confidence": 0.6}, {"name": "b", "confidence": 0.4}], {"a": 0.0, "b": 1.0}, 1.0)
    assert [(r["name"], r["confidence"]) for r in ranking][:2] == [("a", pytest.approx(0.6)), ("b", pytest.approx(0.4))]


@pytest.mark.parametrize("text, intent", [
    ("estoy muy triste", "feelings"),
    ("je veux porter plainte", "report_it"),
    ("on fait le quiz ?", "learn"),
])
def test_the_vote_overturns_a_weak_wrong_diet_guess(pipeline: Dict[str, Any], text: str, intent: str) -> None:
    wrong = next(name for name in EXAMPLES if name != intent)
    message = _featurized([_message(text)], pipeline["regex"], pipeline["tokenizer"])[0]
    message.set(INTENT, {"name": wrong, "confidence": 0.4})
    message.set(INTENT_RANKING_KEY, _diet_ranking(wrong, 0.4))
    pipeline["vote"].process([message])
    assert message.get(INTENT)["name"] == intent
    ranking = message.get(INTENT_RANKING_KEY)
    assert ranking[0]["name"] == intent
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0, abs=1e-6)


def test_the_word_lists_count_for_a_word_never_seen_in_training(pipeline: Dict[str, Any]) -> None:
    """"achicopalada" is in no training sentence, only in the emotion list."""
    with_list = _featurized([_message("achicopalada")], pipeline["regex"], pipeline["tokenizer"])[0]
    with_list.set(INTENT_RANKING_KEY, _diet_ranking("learn", 0.34))
    pipeline["vote"].process([with_list])
    assert with_list.get(INTENT)["name"] == "feelings"


def test_a_message_without_a_diet_ranking_is_left_alone(pipeline: Dict[str, Any]) -> None:
    message = _featurized([_message("estoy triste")], pipeline["regex"], pipeline["tokenizer"])[0]
    pipeline["vote"].process([message])
    assert message.get(INTENT) is None


def test_the_stored_model_is_data_not_pickled_code(pipeline: Dict[str, Any]) -> None:
    with pipeline["storage"].read_from(pipeline["resource"]) as folder:
        arrays = Path(folder) / "linear_vote.npz"
        with np.load(arrays, allow_pickle=False) as stored:  # raises if any array needs pickle
            assert stored["coef"].shape[0] == len(EXAMPLES)
        with zipfile.ZipFile(arrays) as archive:
            assert all(name.endswith(".npy") for name in archive.namelist())


def test_an_untrained_vote_changes_nothing(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    config = LinearVote.get_default_config()
    vote = LinearVote.create(config, storage, Resource("lonely"), CONTEXT)
    vote.train(TrainingData([_message("hola", "greet"), _message("salut", "greet")]))  # one intent: nothing to learn
    loaded = LinearVote.load(config, storage, Resource("lonely"), CONTEXT)
    message = _message("hola")
    message.set(INTENT_RANKING_KEY, [{"name": "greet", "confidence": 0.9}])
    loaded.process([message])
    assert message.get(INTENT) is None


@pytest.mark.parametrize("text", [
    "Me han hecho un MONTAJE y lo pasan x el grupo!!", "j'ai trop honte, jsp quoi faire", "ok", "😢😢",
    "quiero quiero quiero denunciar", "ça ça va", "",
])
def test_the_parse_time_row_is_the_training_row(pipeline: Dict[str, Any], text: str) -> None:
    """process() builds each message's TF-IDF row by hand (scikit-learn's per-call cost is most
    of a parse); it must be exactly the row scikit-learn computes at training time."""
    vectorizers = pipeline["vote"]._model.vectorizers
    expected = vectorizers.transform([text]).tocoo()
    indices, values = vectorizers.sparse_row(text)
    assert dict(zip(indices.tolist(), values.tolist())) == pytest.approx(dict(zip(expected.col.tolist(), expected.data.tolist())))
    assert set(indices.tolist()) == set(expected.col.tolist())
