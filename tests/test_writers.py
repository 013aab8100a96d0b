"""Output tables round-trip in every format; writes are atomic and stay under the output."""

from __future__ import annotations

import os

import pytest

from model.writers import (
    ERROR_FIELDS,
    QUOTE_FIELDS,
    PartStore,
    TableWriter,
    assemble,
    atomic_path,
    companion_paths,
    infer_format,
    parts_dir,
    read_table,
    resolve_output,
)

ROW = {
    "article_id": "a/1",
    "quote_index": 3,
    "text": 'He said "no", then, «non»\nand ‘maybe’',
    "start": 10,
    "end": 40,
    "speaker": "Wang Yi",
    "speaker_role": None,
    "speaker_country": "CN",
    "kind": "direct",
    "stance": "firm",
    "confidence": 0.6123,
    "prob_conciliatory": 0.1,
    "prob_defensive": 0.2877,
    "prob_firm": 0.6123,
    "topics": ["trade", "taiwan"],
    "date": None,
    "title": "Talks, “again”",
    "model_version": "v1",
}


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_quote_rows_round_trip_in_every_format(tmp_path, fmt):
    path = tmp_path / f"q.{fmt}"
    w = TableWriter(path, QUOTE_FIELDS, fmt)
    rows = [ROW, ROW | {"quote_index": 4, "topics": [], "speaker": None}]
    for r in rows:
        w.write(r)
    w.close()
    assert read_table(path) == rows
    assert w.count == 2


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_an_empty_table_still_has_its_schema(tmp_path, fmt):
    path = tmp_path / f"e.{fmt}"
    TableWriter(path, ERROR_FIELDS, fmt).close()
    assert read_table(path) == []
    if fmt == "parquet":
        import pyarrow.parquet as pq

        assert pq.read_schema(path).names == list(ERROR_FIELDS)


def test_format_comes_from_the_flag_then_the_suffix():
    assert infer_format("x.csv") == "csv"
    assert infer_format("x.parquet") == "parquet"
    assert infer_format("x.out") == "jsonl"
    assert infer_format("x.csv", "parquet") == "parquet"
    with pytest.raises(ValueError, match="jsonl, csv, parquet"):
        infer_format("x", "xlsx")


def test_companion_files_sit_beside_the_output(tmp_path):
    assert companion_paths(tmp_path / "scores.jsonl", "jsonl") == (
        tmp_path / "scores.summary.jsonl",
        tmp_path / "scores.errors.jsonl",
    )
    assert companion_paths(tmp_path / "out", "csv")[1] == tmp_path / "out.errors.csv"


def test_atomic_path_replaces_only_on_success(tmp_path):
    final = tmp_path / "f.txt"
    final.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(final) as tmp:
        tmp.write_text("half")
        raise RuntimeError("killed")
    assert final.read_text() == "old"
    assert os.listdir(tmp_path) == ["f.txt"]  # no temp file left behind
    with atomic_path(final) as tmp:
        tmp.write_text("new")
    assert final.read_text() == "new"
    assert os.stat(final).st_mode & 0o044  # readable like any output, not mkstemp's 0600


def test_resolve_output_refuses_folders_missing_parents_and_symlinked_parts(tmp_path):
    with pytest.raises(ValueError, match="is a folder"):
        resolve_output(tmp_path)
    with pytest.raises(ValueError, match="does not exist"):
        resolve_output(tmp_path / "nope" / "x.jsonl")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "link.jsonl").symlink_to(elsewhere / "target.jsonl")
    with pytest.raises(ValueError, match="symbolic link"):
        resolve_output(tmp_path / "link.jsonl")
    out = tmp_path / "x.jsonl"
    os.symlink(elsewhere, parts_dir(out))
    with pytest.raises(ValueError, match="not a plain folder"):
        resolve_output(out)


def test_part_store_writes_reads_and_removes_only_its_files(tmp_path):
    store = PartStore(tmp_path / "o.jsonl")
    store.start({"v": 1})
    store.write(0, {"quotes": [{"a": 1}], "summaries": [{"b": 2}], "errors": []})
    store.write(2, {"quotes": [], "summaries": [], "errors": [{"c": 3}]})
    assert store.finished() == [0, 2] and store.done(2) and not store.done(1)
    assert list(store.read(0)) == [("quotes", {"a": 1}), ("summaries", {"b": 2})]
    assert store.manifest() == {"v": 1}
    (store.dir / "mine.txt").write_text("user file")
    store.remove()
    assert os.listdir(store.dir) == ["mine.txt"]


def test_assembly_streams_parts_in_order_and_clears_stale_temp_files(tmp_path):
    out = tmp_path / "o.jsonl"
    stale = tmp_path / ".o.jsonl.abc123.tmp"
    stale.write_text("left by a killed assembly")
    store = PartStore(out)
    store.start({})
    for chunk in (1, 0):
        store.write(chunk, {"quotes": [{"article_id": f"a{chunk}"}], "summaries": [], "errors": []})
    summary, errors, counts = assemble(store, 2, out, "jsonl")
    assert [r["article_id"] for r in read_table(out)] == ["a0", "a1"]
    assert counts == {"quotes": 2, "summaries": 0, "errors": 0}
    assert read_table(summary) == read_table(errors) == []
    assert not stale.exists()
