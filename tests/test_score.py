"""Batch scoring: every input and output format, summary/errors accounting, resume, the CLI."""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
import tracemalloc
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from model.api import load_model
from model.cli import main
from model.labels import STANCES
from model.readers import InputError
from model.score import ResumeError, ScoreConfig, score_corpus
from model.writers import QUOTE_FIELDS, SUMMARY_FIELDS, parts_dir, read_table
from tests.conftest import make_tiny

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory, tokenizer) -> Path:
    return make_tiny(tokenizer).save_pretrained(tmp_path_factory.mktemp("m") / "tiny")


@pytest.fixture(scope="module")
def records() -> list[dict]:
    """The sample articles as table records, with dates and titles."""
    return [
        {
            "id": p.stem,
            "text": p.read_text(encoding="utf-8"),
            "date": f"2026-0{i % 9 + 1}-1{i % 10}",
            "title": f"T{i}",
        }
        for i, p in enumerate(sorted(SAMPLES.glob("*.txt")))
    ]


def _cfg(**kw) -> ScoreConfig:
    return ScoreConfig(progress=False, **({"chunk_size": 4, "batch_size": 16} | kw))


def _write_input(records: list[dict], path: Path) -> Path:
    if path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    elif path.suffix == ".csv":
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(records[0]))
            w.writeheader()
            w.writerows(records)
    else:
        pq.write_table(pa.Table.from_pylist(records), path, row_group_size=5)
    return path


def test_samples_folder_is_scored_and_accounted_for(tmp_path, model_dir):
    res = score_corpus(SAMPLES, tmp_path / "s.jsonl", model=model_dir, config=_cfg())
    quotes, summary = read_table(res.output), read_table(res.summary)
    assert res.articles == len(summary) == len(list(SAMPLES.iterdir())) == 24
    assert read_table(res.errors) == []
    assert all(list(q) == list(QUOTE_FIELDS) for q in quotes)
    assert all(list(s) == list(SUMMARY_FIELDS) for s in summary)
    assert {q["kind"] for q in quotes} <= {"direct", "partial", "transcript"}  # no "term"
    assert all(q["model_version"] == "untrained" and q["stance"] in STANCES for q in quotes)
    assert len(quotes) == sum(s["scored"] for s in summary) == res.quotes > 100
    for s in summary:
        mine = [q for q in quotes if q["article_id"] == s["article_id"]]
        counts = {st: sum(q["stance"] == st for q in mine) for st in STANCES}
        assert {st: s[st] for st in STANCES} == counts
        assert s["tone"] == round((counts["conciliatory"] - counts["firm"]) / len(mine), 4)
        assert s["quotes"] >= s["scored"]
    q = quotes[0]
    assert q["confidence"] == max(q[f"prob_{s}"] for s in STANCES)
    assert not parts_dir(res.output).exists()  # cleaned up once assembled


@pytest.fixture(scope="module")
def reference(tmp_path_factory, model_dir, records):
    """The records scored from JSON Lines: what every other input format must give."""
    tmp = tmp_path_factory.mktemp("ref")
    src = _write_input(records, tmp / "ref.jsonl")
    return score_corpus(src, tmp / "ref.out.jsonl", model=model_dir, config=_cfg())


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_every_input_format_gives_the_same_rows(tmp_path, model_dir, records, reference, suffix):
    src = _write_input(records, tmp_path / f"in{suffix}")
    res = score_corpus(src, tmp_path / "o.jsonl", model=model_dir, config=_cfg())
    rows = read_table(res.output)
    assert rows == read_table(reference.output) and len(rows) > 100
    assert {(r["date"], r["title"]) for r in rows} <= {(x["date"], x["title"]) for x in records}
    assert read_table(res.summary) == read_table(reference.summary)
    assert {s["date"] for s in read_table(res.summary)} == {r["date"] for r in records}


def test_stdin_input_through_the_cli(tmp_path, model_dir, records, monkeypatch, capsys):
    data = "".join(json.dumps(r) + "\n" for r in records[:5]).encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    out = tmp_path / "o.jsonl"
    assert main(["score", "-", "-o", str(out), "--model", str(model_dir), "--no-progress"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["articles"] == printed["summarised"] == 5
    assert {r["article_id"] for r in read_table(out)} <= {r["id"] for r in records[:5]}


def test_stdin_without_a_text_field_exits_2_and_leaves_nothing(
    tmp_path, model_dir, monkeypatch, capsys
):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"id": 1, "body": "x"}\n')))
    out = tmp_path / "o.jsonl"
    assert main(["score", "-", "-o", str(out), "--model", str(model_dir), "--no-progress"]) == 2
    assert "no text column 'text'" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_every_output_format_holds_the_same_tables(tmp_path, model_dir, fmt):
    ref = score_corpus(SAMPLES, tmp_path / "a.jsonl", model=model_dir, config=_cfg())
    res = score_corpus(SAMPLES, tmp_path / "b.out", model=model_dir, config=_cfg(format=fmt))
    assert res.output.name == "b.out" and res.summary.name == f"b.summary.{fmt}"
    assert read_table(res.output, fmt) == read_table(ref.output)
    assert read_table(res.summary, fmt) == read_table(ref.summary)
    assert read_table(res.errors, fmt) == read_table(ref.errors) == []


def test_terms_are_scored_only_when_asked(tmp_path, model_dir):
    res = score_corpus(
        SAMPLES, tmp_path / "t.jsonl", model=model_dir,
        config=_cfg(kinds=frozenset({"direct", "partial", "transcript", "term"})),
    )  # fmt: skip
    assert "term" in {q["kind"] for q in read_table(res.output)}


def test_limits_turn_big_articles_into_recorded_errors(tmp_path, model_dir, records):
    src = _write_input(records, tmp_path / "in.jsonl")
    res = score_corpus(
        src,
        tmp_path / "o.jsonl",
        model=model_dir,
        config=_cfg(max_quotes=8, max_article_chars=3000),
    )
    errors, summary = read_table(res.errors), read_table(res.summary)
    assert errors and all(e["stage"] == "limit" for e in errors)
    assert len(errors) + len(summary) == len(records)
    assert {e["article_id"] for e in errors}.isdisjoint(s["article_id"] for s in summary)
    for s in summary:
        assert s["quotes"] <= 8 and s["chars"] <= 3000


class _Interrupting:
    """The real classifier, interrupted (like Ctrl-C) on its n-th call."""

    def __init__(self, clf, calls: int) -> None:
        self.clf, self.calls = clf, calls
        self.net, self.settings = clf.net, clf.settings

    def predict_proba(self, *args, **kwargs):
        self.calls -= 1
        if self.calls < 0:
            raise KeyboardInterrupt
        return self.clf.predict_proba(*args, **kwargs)


def test_resume_after_an_interrupted_run_matches_an_uninterrupted_one(tmp_path, model_dir):
    clf = load_model(model_dir)
    ref = score_corpus(SAMPLES, tmp_path / "ref.jsonl", model=clf, config=_cfg())
    out = tmp_path / "o.jsonl"
    with pytest.raises(KeyboardInterrupt):
        score_corpus(SAMPLES, out, model=_Interrupting(clf, 3), config=_cfg())
    assert sorted(p.name for p in parts_dir(out).glob("part-*")) == [
        f"part-00000{i}.jsonl" for i in range(3)
    ]
    assert not out.exists()
    with pytest.raises(InputError, match="add --resume"):
        score_corpus(SAMPLES, out, model=clf, config=_cfg())
    res = score_corpus(SAMPLES, out, model=clf, config=_cfg(resume=True))
    assert res.resumed_chunks == 3
    for a, b in ((res.output, ref.output), (res.summary, ref.summary), (res.errors, ref.errors)):
        assert a.read_bytes() == b.read_bytes()


def test_resume_refuses_changed_options_input_or_model(tmp_path, model_dir, tokenizer):
    clf = load_model(model_dir)
    src = tmp_path / "in"
    shutil.copytree(SAMPLES, src)
    out = tmp_path / "o.jsonl"
    with pytest.raises(KeyboardInterrupt):
        score_corpus(src, out, model=_Interrupting(clf, 1), config=_cfg())
    with pytest.raises(ResumeError, match=r"options changed \(batch_size: 16 -> 8\)"):
        score_corpus(src, out, model=clf, config=_cfg(resume=True, batch_size=8))
    other = make_tiny(tokenizer, version="other")
    with pytest.raises(ResumeError, match="model differs"):
        score_corpus(src, out, model=other, config=_cfg(resume=True))
    (src / "art-a01.txt").write_text("changed", encoding="utf-8")
    with pytest.raises(ResumeError, match="input changed"):
        score_corpus(src, out, model=clf, config=_cfg(resume=True))


def test_config_validation():
    with pytest.raises(ValueError, match="chunk_size must be a positive integer"):
        ScoreConfig(chunk_size=0)
    with pytest.raises(ValueError, match="kinds must be among"):
        ScoreConfig(kinds=frozenset({"quoted"}))
    with pytest.raises(ValueError, match="engine must be one of local, ray"):
        ScoreConfig(engine="spark")
    with pytest.raises(ValueError, match="backend must be one of auto, fp32, int8"):
        ScoreConfig(backend="fp16")


def test_cli_score_and_usage_errors(tmp_path, model_dir, capsys):
    out = tmp_path / "o.csv"
    argv = ["score", str(SAMPLES), "-o", str(out), "--model", str(model_dir), "--no-progress"]
    assert main([*argv, "--chunk-size", "8", "--max-quotes", "12"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["articles"] == result["summarised"] + result["errored"] == 24
    assert read_table(out) and Path(result["errors"]).name == "o.errors.csv"
    assert main([*argv, "--backend", "int8", "--threads", "1"]) == 0
    assert json.loads(capsys.readouterr().out)["backend"] == "int8"
    assert main([*argv[:4], "--model", str(tmp_path / "none")]) == 2
    assert "no trained model" in capsys.readouterr().err
    assert main([*argv, "--batch-size", "0"]) == 2
    assert "batch_size must be a positive integer" in capsys.readouterr().err


def _peak_bytes(src: Path, out: Path, clf) -> int:
    tracemalloc.start()
    try:
        cfg = _cfg(chunk_size=20, batch_size=64, max_article_chars=5000)
        score_corpus(src, out, model=clf, config=cfg)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_as_the_corpus_grows(tmp_path, model_dir):
    clf = load_model(model_dir)
    peaks = []
    for n in (100, 800):
        src = tmp_path / f"c{n}.jsonl"
        with open(src, "w", encoding="utf-8") as f:
            for i in range(n):
                # Every other article is 20 kB, over the limit: read and passed through unscored.
                text = f"“We agree on point {i},” Wang Yi said." if i % 2 else "Talks. " * 3000
                f.write(json.dumps({"id": f"a{i}", "text": text}) + "\n")
        peaks.append(_peak_bytes(src, tmp_path / f"o{n}.jsonl", clf))
    # 8 MB of text in the larger corpus; holding it would more than double the peak.
    assert peaks[1] < 1.5 * peaks[0], peaks


def test_model_fingerprint_handles_int8_models_and_tells_backends_apart(tokenizer):
    from model.fast import apply_backend
    from model.score import model_fingerprint
    from tests.conftest import make_tiny

    clf = make_tiny(tokenizer)
    int8 = apply_backend(clf, "int8")
    assert int8.backend == "int8"
    assert model_fingerprint(int8) != model_fingerprint(clf)
    assert model_fingerprint(int8) == model_fingerprint(int8)
