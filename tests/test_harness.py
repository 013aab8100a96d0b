from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from eval.agreement import agreement
from eval.baselines import build_baselines, lexicon
from eval.harness import evaluate_file
from model.labels import STANCES
from tests.conftest import make_tiny
from tests.test_classifier import SIX, overfit

SCHEMA = {
    "n",
    "accuracy",
    "macro_f1",
    "macro_f1_ci",
    "per_class",
    "confusion_matrix",
    "cohen_kappa",
    "ece",
    "topics",
    "groups",
    "baselines",
}


def _rows():
    return [
        {
            "id": f"q{i}",
            "text": t,
            "stance": s,
            "topics": topics,
            "hard": i % 2 == 0,
            "speaker_country": "CN" if i < 3 else "US",
        }
        for i, (t, s, topics) in enumerate(SIX)
    ]


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory, tokenizer):
    clf = make_tiny(tokenizer)
    overfit(clf)
    return clf.save_pretrained(tmp_path_factory.mktemp("m") / "model")


def test_evaluate_file_schema_and_reports(tmp_path, trained):
    data = _write(tmp_path / "gold.jsonl", _rows())
    m = evaluate_file(data, model=trained, train=data, out=tmp_path / "out")
    assert set(m) >= SCHEMA
    assert m["macro_f1"] == 1.0 and m["n"] == 6
    lo, hi = m["macro_f1_ci"]
    assert lo <= m["macro_f1"] <= hi
    assert set(m["baselines"]) == {"majority", "tfidf_logreg", "lexicon", "zero_shot"}
    for b in m["baselines"].values():
        assert 0 <= b["macro_f1"] <= 1 and 0 <= b["mcnemar_p"] <= 1
    assert m["groups"]["speaker_country"]["CN"]["n"] == 3
    assert set(m["groups"]["hard"]) == {"true", "false"}
    assert m["errors"] == []
    out = tmp_path / "out"
    saved = json.loads((out / "metrics.json").read_text())
    assert saved["macro_f1"] == m["macro_f1"]
    for png in ("confusion.png", "reliability.png"):
        assert (out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = (out / "report.html").read_text()
    HTMLParser().feed(page)
    assert page.count("data:image/png;base64,") == 2 and "<table>" in page
    assert "tfidf_logreg" in (out / "report.md").read_text()


def test_errors_list_most_confident_mistakes_first(tmp_path, trained):
    rows = _rows()
    flip = {"firm": "conciliatory", "conciliatory": "defensive", "defensive": "firm"}
    for r in rows:
        r["stance"] = flip[r["stance"]]
    m = evaluate_file(_write(tmp_path / "g.jsonl", rows), model=trained, train=None)
    assert m["accuracy"] == 0.0 and m["baselines"] == {}
    conf = [e["confidence"] for e in m["errors"]]
    assert len(conf) == 6 and conf == sorted(conf, reverse=True)


def test_lexicon_baseline_rules():
    classify = lexicon(default="firm")
    assert classify(["We firmly oppose and condemn this."]) == ["firm"]
    assert classify(["We welcome dialogue and look forward to cooperation."]) == ["conciliatory"]
    assert classify(["The accusation is groundless; our rules comply with WTO law."]) == [
        "defensive"
    ]
    assert classify(["Nothing matches here."]) == ["firm"]


def test_unknown_baseline_rejected():
    with pytest.raises(ValueError, match="unknown baseline"):
        build_baselines(_rows(), ["oracle"])
    assert set(build_baselines(_rows(), ["majority"])) == {"majority"}
    assert build_baselines(_rows(), ["majority"])["majority"](["x"])[0] in STANCES


def test_agreement_kappa_and_disagreements(tmp_path):
    a = _write(tmp_path / "a.jsonl", _rows())
    rows = _rows()
    rows[0]["stance"] = "firm"
    b = _write(tmp_path / "b.jsonl", rows[:5])
    result = agreement(a, b)
    assert result["n"] == 5 and result["only_in_a"] == 1
    assert result["disagreements"] == ["q0"]
    assert result["raw_agreement"] == pytest.approx(0.8)
    assert -1 <= result["cohen_kappa"] < 1
