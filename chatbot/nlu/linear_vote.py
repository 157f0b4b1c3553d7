"""Rasa component: a second intent classifier, linear, whose vote is averaged with DIET's.

Why: on ~3,300 teen-written sentences per language DIET learns its training set by
heart (training accuracy 0.998) and its mistakes are confident ones. A logistic
regression over TF-IDF letter and word n-grams (plus the word lists' matches) learns
the same task another way, so its errors fall elsewhere; averaging the two
probability rankings corrects part of each one's mistakes. Measured with
`bench.nlu_cv` (docs/architecture.md). It sits after DIET and before
FallbackClassifier, so the fallback threshold applies to the combined confidence.

The model is stored as plain arrays and JSON (no pickle): a model file is then
data, never code.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Dict, List, Optional, Sequence, Text, Tuple

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    FEATURE_TYPE_SENTENCE,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

logger = logging.getLogger(__name__)

_ARRAYS = "linear_vote.npz"
_META = "linear_vote.json"
RANKING_LENGTH = 10  # as many intents as DIET reports by default


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearVote(GraphComponent):
    """Trains a logistic regression on the intent examples; at parse time blends its
    probabilities with the ranking the classifier before it (DIET) left on the message."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # DIET's share of the blended confidence; the rest is the linear model's.
            "diet_weight": 0.5,
            # Inverse regularisation of the logistic regression.
            "C": 10.0,
            "char_ngrams": [2, 5],
            "word_ngrams": [1, 2],
            # An n-gram seen in fewer training sentences than this is left out.
            "min_df": 2,
            # Aliases of sparse featurizers whose sentence features are added (the word lists).
            "featurizers": [],
        }

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 model: Optional["_Model"] = None) -> None:
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> "LinearVote":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        from sklearn.linear_model import LogisticRegression

        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        labels = sorted({m.get(INTENT) for m in examples})
        if len(labels) < 2:
            logger.warning("LinearVote: fewer than two intents to learn; DIET's ranking will be left as it is.")
            return self._resource
        vectorizers = _Vectorizers.fit([m.get(TEXT) for m in examples], self._config)
        features = _features(vectorizers, examples, self._config["featurizers"])
        classifier = LogisticRegression(C=self._config["C"], max_iter=3000)
        classifier.fit(features, [labels.index(m.get(INTENT)) for m in examples])
        self._model = _Model(vectorizers, labels, classifier.coef_.astype(np.float32),
                             classifier.intercept_.astype(np.float32))
        with self._storage.write_to(self._resource) as folder:
            self._model.save(folder)
        return self._resource

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> "LinearVote":
        try:
            with model_storage.read_from(resource) as folder:
                return cls(config, model_storage, resource, _Model.load(folder))
        except ValueError:  # nothing stored: trained with fewer than two intents
            return cls(config, model_storage, resource)

    def process(self, messages: List[Message]) -> List[Message]:
        if self._model is None:
            return messages
        for message in messages:
            ranking = message.get(INTENT_RANKING_KEY)
            if not ranking or not message.get(TEXT):
                continue
            indices, values = self._model.vectorizers.sparse_row(message.get(TEXT))
            extra = _extra_features(message, self._config["featurizers"])
            if extra is not None:
                offset = self._model.vectorizers.size
                indices = np.concatenate([indices, extra.col + offset])
                values = np.concatenate([values, extra.data])
            probabilities = self._model.row_probabilities(indices, values)
            blended = blend(ranking, dict(zip(self._model.labels, probabilities.tolist())),
                            self._config["diet_weight"])
            message.set(INTENT, blended[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, blended[:RANKING_LENGTH], add_to_output=True)
        return messages


def blend(ranking: Sequence[Dict[Text, Any]], linear: Dict[Text, float], diet_weight: float) -> List[Dict[Text, Any]]:
    """`diet_weight` × DIET's confidence + the rest × the linear model's, best first.

    An intent missing from DIET's (shortened) ranking counts as 0 there; an intent the
    linear model never saw counts as 0 on its side.
    """
    diet = {r[INTENT_NAME_KEY]: float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0) for r in ranking}
    names = set(diet) | set(linear)
    scores = {n: diet_weight * diet.get(n, 0.0) + (1.0 - diet_weight) * linear.get(n, 0.0) for n in names}
    return [{INTENT_NAME_KEY: n, PREDICTED_CONFIDENCE_KEY: s}
            for n, s in sorted(scores.items(), key=lambda item: (-item[1], item[0]))]


class _Vectorizers:
    """TF-IDF of letter n-grams (within words) and of word n-grams, stored as vocabularies and IDF weights.

    Training goes through scikit-learn; one message at parse time goes through `sparse_row`,
    the same arithmetic without scikit-learn's per-call overhead (most of this component's
    parse time otherwise; tests/unit/test_linear_vote.py checks both give the same row).
    """

    def __init__(self, char: Any, word: Any) -> None:
        self.char, self.word = char, word
        char_vocabulary, word_vocabulary = _vocabulary(char), _vocabulary(word)
        self._blocks = [(vectorizer.build_analyzer(), vocabulary, np.asarray(vectorizer.idf_), offset)
                        for vectorizer, vocabulary, offset in ((char, char_vocabulary, 0),
                                                               (word, word_vocabulary, len(char_vocabulary)))]
        self.size = len(char_vocabulary) + len(word_vocabulary)

    def sparse_row(self, text: str) -> Tuple[np.ndarray, np.ndarray]:
        """(column indices, values) of `transform([text])`'s only row."""
        all_indices: List[np.ndarray] = []
        all_values: List[np.ndarray] = []
        for analyze, vocabulary, idf, offset in self._blocks:
            counts: Dict[int, int] = {}
            for gram in analyze(text):
                column = vocabulary.get(gram)
                if column is not None:
                    counts[column] = counts.get(column, 0) + 1
            if not counts:
                continue
            columns = np.fromiter(counts, dtype=np.int64, count=len(counts))
            weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))) * idf[columns]
            all_indices.append(columns + offset)
            all_values.append(weights / np.linalg.norm(weights))
        if not all_indices:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return np.concatenate(all_indices), np.concatenate(all_values)

    @staticmethod
    def _new(config: Dict[Text, Any], vocabulary: Optional[Dict[str, int]] = None, kind: str = "char") -> Any:
        from sklearn.feature_extraction.text import TfidfVectorizer

        if kind == "char":
            return TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(config["char_ngrams"]),
                                   min_df=config["min_df"], sublinear_tf=True, vocabulary=vocabulary)
        return TfidfVectorizer(analyzer="word", ngram_range=tuple(config["word_ngrams"]), min_df=config["min_df"],
                               sublinear_tf=True, token_pattern=r"(?u)\b\w+\b", vocabulary=vocabulary)

    @classmethod
    def fit(cls, texts: Sequence[str], config: Dict[Text, Any]) -> "_Vectorizers":
        char, word = cls._new(config, kind="char"), cls._new(config, kind="word")
        char.fit(texts)
        word.fit(texts)
        return cls(char, word)

    def transform(self, texts: Sequence[str]) -> scipy.sparse.csr_matrix:
        return scipy.sparse.hstack([self.char.transform(texts), self.word.transform(texts)]).tocsr()

    def state(self) -> Dict[str, Any]:
        return {"config": {"char_ngrams": list(self.char.ngram_range), "word_ngrams": list(self.word.ngram_range),
                           "min_df": self.char.min_df},
                "char": {k: int(v) for k, v in _vocabulary(self.char).items()},
                "word": {k: int(v) for k, v in _vocabulary(self.word).items()}}

    @classmethod
    def from_state(cls, state: Dict[str, Any], char_idf: np.ndarray, word_idf: np.ndarray) -> "_Vectorizers":
        char = cls._new(state["config"], state["char"], "char")
        word = cls._new(state["config"], state["word"], "word")
        char.idf_, word.idf_ = char_idf, word_idf  # the fitted weights: no refit needed to transform
        return cls(char, word)


class _Model:
    """The fitted vectorizers and the regression's weights: what `process` needs, nothing more."""

    def __init__(self, vectorizers: _Vectorizers, labels: List[str], coef: np.ndarray, intercept: np.ndarray) -> None:
        self.vectorizers, self.labels, self.coef, self.intercept = vectorizers, labels, coef, intercept

    def row_probabilities(self, indices: np.ndarray, values: np.ndarray) -> np.ndarray:
        """Intent probabilities (softmax of the linear scores) of one message, given as its
        non-zero feature columns and their values."""
        scores = self.coef[:, indices] @ values + self.intercept
        exp = np.exp(scores - scores.max())
        return exp / exp.sum()

    def save(self, folder: Any) -> None:
        np.savez(folder / _ARRAYS, coef=self.coef, intercept=self.intercept,
                 char_idf=self.vectorizers.char.idf_, word_idf=self.vectorizers.word.idf_)
        meta = {"labels": self.labels, "vectorizers": self.vectorizers.state()}
        (folder / _META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, folder: Any) -> "_Model":
        meta = json.loads((folder / _META).read_text(encoding="utf-8"))
        with np.load(folder / _ARRAYS, allow_pickle=False) as arrays:
            vectorizers = _Vectorizers.from_state(meta["vectorizers"], arrays["char_idf"], arrays["word_idf"])
            return cls(vectorizers, meta["labels"], arrays["coef"], arrays["intercept"])


def _vocabulary(vectorizer: Any) -> Dict[str, int]:
    """The fitted vocabulary, or the one a loaded vectorizer was built with (it is not refitted)."""
    return vectorizer.vocabulary_ if hasattr(vectorizer, "vocabulary_") else vectorizer.vocabulary


def _extra_features(message: Message, featurizers: Sequence[str]) -> Optional[scipy.sparse.coo_matrix]:
    """The sentence features the named sparse featurizers (by alias) left on the message."""
    if not featurizers:
        return None
    _, sentence = message.get_sparse_features(TEXT, list(featurizers))
    if sentence is None or sentence.type != FEATURE_TYPE_SENTENCE:
        raise ValueError(f"LinearVote: no sentence features from {list(featurizers)}; check their alias.")
    return sentence.features.tocoo()


def _features(vectorizers: _Vectorizers, messages: Sequence[Message], featurizers: Sequence[str]) -> scipy.sparse.csr_matrix:
    """The n-gram TF-IDF of each message, then the sentence features of the named sparse featurizers."""
    blocks = [vectorizers.transform([m.get(TEXT) for m in messages])]
    if featurizers:
        blocks.append(scipy.sparse.vstack([_extra_features(m, featurizers) for m in messages]))
    return scipy.sparse.hstack(blocks).tocsr()
