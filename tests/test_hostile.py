"""Hostile input: every record ends up in the summary or the errors file, and nothing escapes."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from model.cli import main
from model.score import ScoreConfig, score_corpus
from model.writers import read_table
from tests.conftest import make_tiny

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory, tokenizer) -> Path:
    return make_tiny(tokenizer).save_pretrained(tmp_path_factory.mktemp("m") / "tiny")


def _cfg(**kw) -> ScoreConfig:
    return ScoreConfig(progress=False, **({"chunk_size": 3, "batch_size": 32} | kw))


def _accounting(res) -> tuple[dict[str, dict], dict[str, dict]]:
    """Summaries and errors by article id; asserts each input row appears exactly once."""
    summary, errors = read_table(res.summary), read_table(res.errors)
    rows = sorted([s["row"] for s in summary] + [e["row"] for e in errors])
    assert rows == list(range(res.articles))
    assert res.articles == len(summary) + len(errors)
    return {s["article_id"]: s for s in summary}, {e["article_id"]: e for e in errors}


def _big_article(n_chars: int) -> str:
    para = "Officials met again on Tuesday to discuss trade and investment. " * 12
    quote = "“We are ready to deepen cooperation,” Foreign Minister Wang Yi said.\n\n"
    out, size = [], 0
    while size < n_chars:
        out.append(para + "\n\n" + (quote if len(out) % 50 == 0 else ""))
        size += len(out[-1])
    return "".join(out)


def _many_quotes(n: int) -> str:
    return "\n\n".join(f"“We will cooperate on item {i},” Minister Wang Yi said." for i in range(n))


@pytest.fixture
def hostile_folder(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for p in HOSTILE.iterdir():
        if p.suffix in (".txt", ".html"):
            shutil.copy(p, folder / p.name)
    (folder / "big.txt").write_text(_big_article(5_000_000), encoding="utf-8")
    (folder / "many.txt").write_text(_many_quotes(10_000), encoding="utf-8")
    (folder / "link.txt").symlink_to("/etc/hostname")
    return folder


def test_hostile_files_complete_and_are_all_accounted_for(tmp_path, model_dir, hostile_folder):
    res = score_corpus(hostile_folder, tmp_path / "o.jsonl", model=model_dir, config=_cfg())
    summary, errors = _accounting(res)
    assert res.articles == len(list(hostile_folder.iterdir()))
    assert errors["empty"]["error"] == errors["whitespace"]["error"] == "empty text"
    assert "binary" in errors["binary"]["error"]
    assert "symbolic link" in errors["link"]["error"]
    assert errors["big"]["stage"] == "limit" and "max_article_chars" in errors["big"]["error"]
    assert "10000 quotes" in errors["many"]["error"]
    for ok in ("invalid_utf8", "utf16_bom", "unbalanced_quotes", "nested_quotes", "scripts"):
        assert ok in summary
    assert summary["utf16_bom"]["quotes"] >= 1  # decoded, not read as NUL-riddled bytes
    quotes = read_table(res.output)
    html_quotes = " ".join(q["text"] for q in quotes if q["article_id"] == "scripts")
    assert "door remains open" in html_quotes
    assert "Injected" not in html_quotes and "Noscript" not in html_quotes


def test_raised_limits_score_a_5mb_article_and_10000_quotes(tmp_path, model_dir):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "big.txt").write_text(_big_article(5_000_000), encoding="utf-8")
    (folder / "many.txt").write_text(_many_quotes(10_000), encoding="utf-8")
    cfg = _cfg(max_article_chars=6_000_000, max_quotes=20_000, batch_size=256)
    res = score_corpus(folder, tmp_path / "o.parquet", model=model_dir, config=cfg)
    summary, errors = _accounting(res)
    assert errors == {}
    assert summary["many"]["scored"] == 10_000
    assert summary["big"]["chars"] >= 5_000_000 and summary["big"]["scored"] > 0


def test_malformed_json_lines_and_duplicate_ids(tmp_path, model_dir):
    res = score_corpus(HOSTILE / "malformed.jsonl", tmp_path / "m.jsonl", model=model_dir)
    summary, errors = _accounting(res)
    assert res.articles == 7  # non-blank lines
    assert set(summary) == {"ok-1", "ok-2"}
    assert "invalid JSON" in errors["row-1"]["error"]
    assert "not an object" in errors["row-2"]["error"]
    assert errors["no-text"]["error"] == "no 'text' field"
    assert errors["num-text"]["error"] == "text is int, not a string"
    assert errors["null-text"]["error"] == "null text"
    res = score_corpus(HOSTILE / "duplicate_ids.jsonl", tmp_path / "d.jsonl", model=model_dir)
    summary, errors = _accounting(res)
    assert set(summary) == {"dup", "uniq"} and summary["dup"]["row"] == 0
    assert errors["dup"] == {
        "article_id": "dup", "row": 1, "stage": "read",
        "error": "duplicate article_id (first at row 0)",
    }  # fmt: skip


def test_parquet_with_null_texts(tmp_path, model_dir):
    texts = ["“We welcome talks,” Minister Wang Yi said.", None, "", None, "No quotes here."]
    pq.write_table(pa.table({"text": pa.array(texts, pa.string())}), tmp_path / "n.parquet")
    res = score_corpus(tmp_path / "n.parquet", tmp_path / "o.csv", model=model_dir, config=_cfg())
    summary, errors = _accounting(res)
    assert set(summary) == {"row-0", "row-4"} and summary["row-4"]["quotes"] == 0
    assert {k: e["error"] for k, e in errors.items()} == {
        "row-1": "null text", "row-2": "empty text", "row-3": "null text",
    }  # fmt: skip


def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert err[0].startswith("diplostance score: error: ")
    return err[0]


def test_impossible_runs_exit_2_with_one_line_naming_the_choices(
    tmp_path, model_dir, capsys, monkeypatch
):
    out = str(tmp_path / "o.jsonl")
    base = ["--model", str(model_dir), "--no-progress"]
    csv_path = str(HOSTILE / "missing_text_column.csv")
    assert main(["score", csv_path, "-o", out, *base]) == 2
    assert "columns are: id, body, date" in _one_line_error(capsys)
    assert main(["score", str(tmp_path / "nowhere"), "-o", out, *base]) == 2
    assert "does not exist" in _one_line_error(capsys)
    (tmp_path / "a.docx").write_bytes(b"x")
    assert main(["score", str(tmp_path / "a.docx"), "-o", out, *base]) == 2
    assert ".jsonl, .ndjson" in _one_line_error(capsys)
    assert main(["score", str(HOSTILE), "-o", str(tmp_path / "no" / "o.jsonl"), *base]) == 2
    assert "does not exist" in _one_line_error(capsys)
    same = tmp_path / "same.jsonl"
    shutil.copy(HOSTILE / "duplicate_ids.jsonl", same)
    assert main(["score", str(same), "-o", str(same), *base]) == 2
    assert "is the input file" in _one_line_error(capsys)
    monkeypatch.setattr(sys, "stdin", open(os.devnull))  # noqa: SIM115
    assert main(["score", "-", "-o", out, "--resume", *base]) == 2
    assert "stdin" in _one_line_error(capsys)
    assert not list(tmp_path.glob("o.*"))  # nothing half-written


def test_nothing_is_written_outside_the_output_location(tmp_path, model_dir):
    src = tmp_path / "in.jsonl"
    ids = ["../../escape", "/etc/evil", "..", "a/../../b", "part-000000.jsonl"]
    src.write_text(
        "".join(
            json.dumps({"id": i, "text": f"“Hi {n},” Wang Yi said."}) + "\n"
            for n, i in enumerate(ids)
        ),
        encoding="utf-8",
    )
    out_dir = tmp_path / "deep" / "out"
    out_dir.mkdir(parents=True)
    before = {p for p in tmp_path.parent.rglob("*") if out_dir not in p.parents}
    res = score_corpus(src, out_dir / "o.jsonl", model=model_dir, config=_cfg(chunk_size=1))
    after = {p for p in tmp_path.parent.rglob("*") if out_dir not in p.parents}
    assert after - before == set()
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "o.errors.jsonl",
        "o.jsonl",
        "o.summary.jsonl",
    ]
    assert sorted(s["article_id"] for s in read_table(res.summary)) == sorted(ids)
