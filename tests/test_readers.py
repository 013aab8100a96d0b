"""Input readers: every format streams articles in order, and bad records become errors."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from model.readers import (
    Article,
    Columns,
    InputError,
    decode_bytes,
    flag_duplicates,
    html_to_text,
    iter_csv,
    iter_jsonl,
    open_source,
)

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"


def _articles(path: Path | str, **cols: str) -> list[Article]:
    return list(open_source(str(path), Columns(**cols), max_bytes=1 << 22).articles())


def test_folder_reads_every_sample_in_sorted_order_with_titles():
    arts = _articles(SAMPLES)
    assert [a.id for a in arts] == sorted(p.stem for p in SAMPLES.iterdir())
    assert [a.row for a in arts] == list(range(len(arts)))
    assert all(a.error is None and a.text for a in arts)
    html = next(a for a in arts if a.id == "art-a04")
    assert html.title and "Press Conference" in html.title
    assert "<p>" not in html.text and "track(" not in html.text  # tags and scripts gone
    md = next(a for a in arts if a.id == "art-a06")
    assert md.title == "German minister presses firms to cut China dependence in rare earths"


def test_folder_skips_hidden_and_foreign_files_and_reads_subfolders(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("“Hi,” he said.", encoding="utf-8")
    (tmp_path / "a.md").write_text("# T\n\ntext", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    assert [a.id for a in _articles(tmp_path)] == ["a", "sub/b"]


def test_html_keeps_inline_text_in_its_sentence_and_drops_scripts():
    text, title, date = html_to_text(
        "<html><head><title>T</title><meta property='article:published_time' "
        "content='2026-05-01T08:00:00Z'><script>var q = '“bad,” he said';</script></head>"
        "<body><p>“We <em>welcome</em> talks,” said <a href='#'>Wang Yi</a>.</p>"
        "<style>p{}</style><p>Second<br>line</p></body></html>"
    )
    assert text == "“We welcome talks,” said Wang Yi.\n\nSecond line"
    assert title == "T" and date == "2026-05-01T08:00:00Z"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("“Ready,” he said.".encode("utf-16"), "“Ready,” he said."),
        (b"\xef\xbb\xbfplain", "plain"),
        ("caf\u00e9 “x”".encode("cp1252") * 5, "café “x”" * 5),
        (b"mostly fine \xff text", "mostly fine \ufffd text"),
    ],
)
def test_decode_handles_boms_legacy_encodings_and_damage(data, expected):
    assert decode_bytes(data) == (expected, None)


def test_decode_refuses_binary():
    text, error = decode_bytes(bytes(range(256)))
    assert text is None and error is not None and "binary" in error


def test_jsonl_turns_bad_lines_into_errors_and_keeps_counting_rows():
    data = b'{"id": "a", "text": "t", "date": "2026-01-02"}\n{broken\n\n[1]\n{"text": null}\n'
    arts = list(iter_jsonl(io.BytesIO(data), Columns(), 1 << 20))
    assert [(a.id, a.row) for a in arts] == [("a", 0), ("row-1", 1), ("row-2", 2), ("row-3", 3)]
    assert arts[0].date == "2026-01-02" and arts[0].error is None
    assert "invalid JSON" in (arts[1].error or "")
    assert "not an object" in (arts[2].error or "")
    assert arts[3].error == "null text"


def test_jsonl_skips_an_overlong_line_without_losing_the_next():
    data = b'{"text": "' + b"x" * 5000 + b'"}\n{"id": "b", "text": "ok"}\n'
    arts = list(iter_jsonl(io.BytesIO(data), Columns(), 1000))
    assert "longer than 1000 bytes" in (arts[0].error or "")
    assert (arts[1].id, arts[1].text) == ("b", "ok")


def test_jsonl_first_record_without_text_field_is_an_input_error(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": 1, "body": "x"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"no text column 'text'.*id, body"):
        _articles(path)
    assert [a.text for a in _articles(path, text="body")] == ["x"]


def test_a_json_array_file_is_refused_with_a_hint(tmp_path):
    path = tmp_path / "a.json"
    path.write_text('[{"text": "x"}]', encoding="utf-8")
    with pytest.raises(InputError, match="JSON array; give JSON Lines"):
        _articles(path)


def test_csv_custom_columns_big_fields_and_ragged_rows(tmp_path):
    path = tmp_path / "a.csv"
    big = "“Long,” he said. " * 20_000  # > the csv module's default field limit
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["doc", "body", "when"])
        w.writerow(["d1", big, "2026-02-03"])
        w.writerow(["d2", "only two"])
        w.writerow(["", "no id", ""])
    arts = _articles(path, text="body", id="doc", date="when")
    assert [a.id for a in arts] == ["d1", "row-1", "row-2"]
    assert arts[0].text == big and arts[0].date == "2026-02-03"
    assert "2 fields, header has 3" in (arts[1].error or "")
    assert arts[2].date is None


def test_csv_missing_text_column_names_the_available_columns(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,body\n1,x\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"no text column 'text'.*columns are: id, body"):
        open_source(str(path), Columns(), max_bytes=1000)
    with pytest.raises(InputError, match="no date column 'published'"):
        open_source(str(path), Columns(text="body", date="published"), max_bytes=1000)


def test_parquet_nulls_numbers_and_timestamps(tmp_path):
    path = tmp_path / "a.parquet"
    table = pa.table(
        {
            "id": [1, 2, 3],
            "text": ["“A,” he said.", None, "c"],
            "date": [datetime(2026, 1, 2), None, datetime(2026, 3, 4)],
        }
    )
    pq.write_table(table, path, row_group_size=2)
    arts = _articles(path)
    assert [a.id for a in arts] == ["1", "2", "3"]
    assert arts[0].date == "2026-01-02T00:00:00" and arts[1].error == "null text"
    with pytest.raises(InputError, match="columns are: id, text, date"):
        _articles(path, text="body")


def test_duplicates_after_the_first_become_errors():
    arts = [Article("a", 0, "x"), Article("b", 1, "y"), Article("a", 2, "z")]
    out = list(flag_duplicates(arts))
    assert out[:2] == arts[:2]
    assert out[2].error == "duplicate article_id (first at row 0)" and out[2].row == 2


def test_open_source_rejects_missing_paths_and_unknown_formats(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        open_source(str(tmp_path / "nope"), Columns(), max_bytes=10)
    (tmp_path / "a.xlsx").write_bytes(b"x")
    with pytest.raises(InputError, match=r"unknown input format; use one of: \.jsonl"):
        open_source(str(tmp_path / "a.xlsx"), Columns(), max_bytes=10)


# ----- properties ---------------------------------------------------------------------------

_texts = st.one_of(st.none(), st.integers(), st.text(max_size=200))
_records = st.lists(st.fixed_dictionaries({"id": st.text(max_size=8), "text": _texts}), max_size=20)


@given(_records)
@settings(max_examples=60, deadline=None)
def test_jsonl_reads_one_article_per_record_whatever_the_values(records):
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    arts = list(iter_jsonl(io.BytesIO(data), Columns(), 1 << 20))
    assert len(arts) == len(records)
    for a, r in zip(arts, records):
        if isinstance(r["text"], str):
            assert a.text == r["text"] and a.error is None
        else:
            assert a.text is None and a.error
        assert a.id == (r["id"].strip() or f"row-{a.row}")


@given(st.lists(st.text(max_size=300), min_size=1, max_size=15))
@settings(max_examples=60, deadline=None)
def test_csv_round_trips_any_text(texts):
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(["id", "text"])
    for i, t in enumerate(texts):
        w.writerow([f"d{i}", t])
    buf.seek(0)
    arts = list(iter_csv(buf, Columns()))
    assert [a.text for a in arts] == texts
    assert [a.id for a in arts] == [f"d{i}" for i in range(len(texts))]


@given(st.lists(st.one_of(st.none(), st.text(max_size=100)), min_size=1, max_size=30))
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_parquet_accounts_for_every_row(tmp_path, texts):
    path = tmp_path / "p.parquet"
    pq.write_table(pa.table({"text": pa.array(texts, pa.string())}), path, row_group_size=7)
    arts = _articles(path)
    assert [a.text for a in arts] == texts
    assert [a.error is not None for a in arts] == [t is None for t in texts]


@given(st.binary(max_size=400))
@settings(max_examples=200, deadline=None)
def test_decode_never_raises_and_returns_text_xor_error(data):
    text, error = decode_bytes(data)
    assert (text is None) != (error is None)


@given(st.text(max_size=300))
@settings(max_examples=100, deadline=None)
def test_html_reduction_never_raises_and_never_keeps_script_bodies(body):
    text, _, _ = html_to_text(f"<p>{body}</p><script>SECRET_SCRIPT()</script>")
    assert "SECRET_SCRIPT" not in text


def test_a_file_over_the_byte_limit_is_refused_unread(tmp_path):
    (tmp_path / "big.txt").write_text("x" * 5000, encoding="utf-8")
    (art,) = list(open_source(str(tmp_path), Columns(), max_bytes=1000).articles())
    assert art.text is None and art.stage == "limit"
    assert "5000 bytes, too big for the max_article_chars limit" in (art.error or "")
