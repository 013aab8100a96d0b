"""The report: stance shares by country × topic × month, the chart, the self-contained HTML."""

from __future__ import annotations

import pandas as pd
import pytest

from model.analysis import build_report, stance_shares, with_groups
from model.cli import main
from model.writers import QUOTE_FIELDS, TableWriter


def _quote(i: int, stance: str, country: str | None, topics: list[str], date: str | None) -> dict:
    return dict.fromkeys(QUOTE_FIELDS) | {
        "article_id": f"a{i}",
        "quote_index": 0,
        "text": f"quote {i}",
        "speaker": "<script>alert('x')</script>",
        "speaker_country": country,
        "stance": stance,
        "topics": topics,
        "date": date,
    }


QUOTES = [
    _quote(0, "firm", "CN", ["trade", "taiwan"], "2026-01-05"),
    _quote(1, "conciliatory", "CN", ["trade"], "2026-01-20T10:00:00Z"),
    _quote(2, "defensive", "CN", [], "2026-02-01"),
    _quote(3, "firm", "US", ["trade"], None),
    _quote(4, "conciliatory", None, ["climate"], "not a date"),
]


def _write(tmp_path, fmt: str = "jsonl"):
    path = tmp_path / f"scores.{fmt}"
    w = TableWriter(path, QUOTE_FIELDS, fmt)
    for q in QUOTES:
        w.write(q)
    w.close()
    return path


def test_shares_by_country_topic_month_count_each_topic_once_per_quote():
    table = stance_shares(with_groups(pd.DataFrame(QUOTES)), ["country", "topic", "month"])
    rows = {(r.country, r.topic, r.month): r for r in table.itertuples()}
    cn_trade = rows[("CN", "trade", "2026-01")]
    assert (cn_trade.quotes, cn_trade.firm, cn_trade.conciliatory) == (2, 0.5, 0.5)
    assert cn_trade.tone == 0.0
    assert rows[("CN", "taiwan", "2026-01")].tone == -1.0
    assert rows[("CN", "(none)", "2026-02")].defensive == 1.0
    assert rows[("US", "trade", "unknown")].quotes == 1
    assert rows[("unknown", "climate", "unknown")].tone == 1.0
    assert table["quotes"].sum() == 6  # five quotes, one of them with two topics


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_report_writes_csv_png_and_self_contained_html(tmp_path, fmt):
    paths = build_report(_write(tmp_path, fmt), tmp_path / "rep")
    assert paths["chart"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    shares = pd.read_csv(paths["shares"])
    assert list(shares.columns[:3]) == ["country", "topic", "month"]
    page = paths["html"].read_text(encoding="utf-8")
    assert 'src="data:image/png;base64,' in page
    assert "http://" not in page and "https://" not in page  # nothing fetched when opened
    assert "<script>" not in page  # untrusted names are escaped
    assert "Tone index" in page


def test_report_on_an_empty_run(tmp_path):
    path = tmp_path / "empty.jsonl"
    path.write_text("", encoding="utf-8")
    paths = build_report(path, tmp_path / "rep")
    assert paths["html"].is_file() and paths["chart"].is_file()


def test_report_cli(tmp_path, capsys):
    assert main(["report", str(_write(tmp_path)), "--out", str(tmp_path / "r")]) == 0
    assert (tmp_path / "r" / "report.html").is_file()
    assert main(["report", str(tmp_path / "missing.jsonl"), "--out", str(tmp_path / "r")]) == 2
    assert "no score table" in capsys.readouterr().err
