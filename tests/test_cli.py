from __future__ import annotations

import json

import pytest

from model.cli import main
from tests.conftest import make_tiny


@pytest.fixture(scope="module")
def saved(tmp_path_factory, tokenizer):
    return make_tiny(tokenizer).save_pretrained(tmp_path_factory.mktemp("cli") / "m")


def test_predict_prints_one_json_line_per_quote(saved, capsys):
    assert main(["predict", "--model", str(saved), "We oppose this.", "Let us talk."]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [json.loads(line)["text"] for line in lines] == ["We oppose this.", "Let us talk."]


def test_predict_passes_context_to_a_context_model(tmp_path, tokenizer, capsys):
    model = make_tiny(tokenizer, input_format="quote+context").save_pretrained(tmp_path / "m")
    probs = []
    for context in ("Asked about the tariffs, she said [QUOTE]", "Of the drills, he said [QUOTE]"):
        assert main(["predict", "--model", str(model), "--context", context, "No comment."]) == 0
        probs.append(json.loads(capsys.readouterr().out)["probabilities"])
    assert probs[0] != probs[1]


def test_eval_without_input_is_a_usage_error(capsys):
    assert main(["eval"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("diplostance eval: error:") and err.count("\n") == 1


def test_eval_agreement(tmp_path, capsys):
    rows = [{"id": str(i), "stance": s} for i, s in enumerate(["firm", "defensive", "firm"])]
    for name in ("a", "b"):
        (tmp_path / f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert main(["eval", "agreement", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")]) == 0
    assert json.loads(capsys.readouterr().out)["cohen_kappa"] == 1.0


def test_eval_data_writes_metrics(tmp_path, saved, capsys):
    rows = [
        {"id": "1", "text": "We oppose this.", "stance": "firm"},
        {"id": "2", "text": "We welcome talks.", "stance": "conciliatory"},
    ]
    data = tmp_path / "d.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "out"
    code = main(
        ["eval", "--data", str(data), "--model", str(saved), "--no-baselines", "--out", str(out)]
    )
    assert code == 0
    assert json.loads((out / "metrics.json").read_text())["n"] == 2
    assert (out / "report.html").is_file()
