"""Baselines scored in the same run as the model: majority, TF-IDF + LR, lexicon, zero-shot."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

import numpy as np

from model.labels import STANCES

Baseline = Callable[[list[str]], list[str]]

# Cue phrases per stance, from the label contract's speech acts; a deliberately simple rule.
LEXICON: dict[str, list[str]] = {
    "conciliatory": [
        "cooperat",
        "dialogue",
        "welcome",
        "ready to",
        "willing to",
        "look forward",
        "hope",
        "together",
        "win-win",
        "mutual",
        "partner",
        "constructive",
        "productive",
        "friendship",
        "exchanges",
        "common ground",
        "thank",
        "appreciate",
        "work with",
        "stabilis",
        "stabiliz",
    ],
    "defensive": [
        "not aimed",
        "not targeted",
        "do not seek",
        "never sought",
        "no intention",
        "groundless",
        "comply",
        "consistent with",
        "lawful",
        "legitimate",
        "routine",
        "narrowly",
        "necessary",
        "refer you",
        "no information",
        "not aware",
        "baseless",
        "misunderst",
        "our own",
        "has always",
        "have always",
        "in accordance",
        "not directed",
        "nothing to do with",
    ],
    "firm": [
        "oppose",
        "condemn",
        "must",
        "urge",
        "demand",
        "countermeasure",
        "red line",
        "warn",
        "will not tolerate",
        "never accept",
        "unacceptable",
        "stop",
        "resolute",
        "firmly",
        "interfer",
        "provocat",
        "protest",
        "representations",
        "consequences",
        "sanction",
        "play with fire",
        "smear",
        "violat",
        "should immediately",
        "bear",
        "hypocri",
    ],
}

LABEL_DESCRIPTIONS: dict[str, str] = {
    "conciliatory": "We welcome cooperation and dialogue, are ready to work together, and are "
    "optimistic about shared interests and good relations.",
    "defensive": "Our policy is justified and lawful; the accusation is groundless; we do not "
    "seek to harm anyone; we decline to comment.",
    "firm": "We firmly oppose and condemn this, demand that they stop, warn of consequences "
    "and will take resolute countermeasures.",
}


def majority(train_labels: list[str]) -> Baseline:
    top = Counter(train_labels).most_common(1)[0][0]
    return lambda texts: [top] * len(texts)


def tfidf_logreg(train_texts: list[str], train_labels: list[str], seed: int = 0) -> Baseline:
    """Word 1-2-gram + char 2-5-gram TF-IDF features, balanced logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
    )
    clf = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced", random_state=seed)
    pipe = make_pipeline(features, clf).fit(train_texts, train_labels)
    return lambda texts: [str(x) for x in pipe.predict(texts)]


def lexicon(default: str = "firm") -> Baseline:
    """Count cue phrases per stance; the most hits wins, ties go to `default`."""
    patterns = {s: [re.compile(re.escape(w), re.I) for w in ws] for s, ws in LEXICON.items()}

    def classify(text: str) -> str:
        hits = {s: sum(bool(p.search(text)) for p in ps) for s, ps in patterns.items()}
        best = max(hits.values())
        winners = [s for s in STANCES if hits[s] == best]
        return default if best == 0 or len(winners) > 1 else winners[0]

    return lambda texts: [classify(t) for t in texts]


def zero_shot() -> Baseline:
    """Nearest label description by cosine similarity of packaged sentence embeddings."""
    from sentence_transformers import SentenceTransformer

    from model.encoder import base_model_path

    encoder = SentenceTransformer(str(base_model_path()), device="cpu", local_files_only=True)
    labels = list(STANCES)
    anchors = encoder.encode([LABEL_DESCRIPTIONS[s] for s in labels], normalize_embeddings=True)

    def classify(texts: list[str]) -> list[str]:
        emb = encoder.encode(texts, normalize_embeddings=True, batch_size=64)
        return [labels[i] for i in np.argmax(emb @ anchors.T, axis=1)]

    return classify


BASELINES = ("majority", "tfidf_logreg", "lexicon", "zero_shot")


def build_baselines(
    train_rows: list[dict[str, Any]], names: list[str] | None = None
) -> dict[str, Baseline]:
    """The named baselines (default all); the trained ones are fitted on `train_rows`."""
    names = list(BASELINES) if names is None else names
    unknown = sorted(set(names) - set(BASELINES))
    if unknown:
        raise ValueError(f"unknown baseline(s) {unknown}; choose from {', '.join(BASELINES)}")
    texts = [r["text"] for r in train_rows]
    labels = [r["stance"] for r in train_rows]
    top = Counter(labels).most_common(1)[0][0]
    makers: dict[str, Callable[[], Baseline]] = {
        "majority": lambda: majority(labels),
        "tfidf_logreg": lambda: tfidf_logreg(texts, labels),
        "lexicon": lambda: lexicon(default=top),
        "zero_shot": zero_shot,
    }
    return {name: makers[name]() for name in names}
