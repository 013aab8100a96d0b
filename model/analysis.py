"""The analyst's report on a score run: stance shares by country, topic and month, a chart, HTML."""

from __future__ import annotations

import base64
import html
import logging
from pathlib import Path
from typing import Any

import pandas as pd

from model.labels import STANCES
from model.writers import read_table

logger = logging.getLogger(__name__)

NO_TOPIC = "(none)"
UNKNOWN = "unknown"
MAX_CHART_COUNTRIES = 8  # more small panels than this are unreadable at a glance


def load_scores(path: str | Path) -> pd.DataFrame:
    """The quote table of a score run (JSONL, CSV or Parquet) as a DataFrame."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"no score table at {path}")
    df = pd.DataFrame(read_table(path))
    missing = {"stance", "speaker_country", "topics"} - set(df.columns)
    if len(df) and missing:
        raise ValueError(f"{path} is not a score table: no {', '.join(sorted(missing))} column")
    return df


def _month(dates: pd.Series) -> pd.Series:
    parsed = pd.to_datetime(dates, errors="coerce", utc=True, format="mixed")
    return parsed.dt.strftime("%Y-%m").fillna(UNKNOWN)


def with_groups(df: pd.DataFrame, *, by_topic: bool = True) -> pd.DataFrame:
    """Quotes with `country` and `month` columns; with by_topic, one row per quote and topic."""
    if df.empty:
        return pd.DataFrame(columns=["country", "topic", "month", "stance"])
    out = df.assign(
        country=df["speaker_country"].fillna(UNKNOWN),
        month=_month(df["date"]) if "date" in df else UNKNOWN,
        topic=[list(t) if t is not None and len(t) else [NO_TOPIC] for t in df["topics"]],
    )
    return out.explode("topic") if by_topic else out


def stance_shares(df: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Quote counts and stance shares per group, plus the tone index (concil. − firm) / n."""
    if df.empty:
        return pd.DataFrame(columns=[*by, "quotes", *STANCES, "tone"])
    counts = pd.crosstab([df[c] for c in by], df["stance"]).reindex(columns=list(STANCES))
    counts = counts.fillna(0).astype(int)
    n = counts.sum(axis=1)
    shares = counts.div(n, axis=0).round(4)
    shares.insert(0, "quotes", n)
    shares["tone"] = ((counts["conciliatory"] - counts["firm"]) / n).round(4)
    out = shares.reset_index()
    out.columns.name = None  # crosstab's "stance" label would show as a stray header cell
    return out


def stance_chart(quotes: pd.DataFrame, path: Path) -> Path:
    """Stacked stance shares per month, one panel per speaker country (the busiest first)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    table = stance_shares(quotes, ["country", "month"])
    countries = (
        table.groupby("country")["quotes"].sum().sort_values(ascending=False).index.tolist()
    )[:MAX_CHART_COUNTRIES] or [UNKNOWN]
    fig, axes = plt.subplots(
        len(countries), 1, figsize=(8, 2.2 * len(countries)), squeeze=False, sharey=True
    )
    colours = {"conciliatory": "#2a9d8f", "defensive": "#e9c46a", "firm": "#e76f51"}
    months = sorted(table["month"].unique().tolist()) or [UNKNOWN]
    for ax, country in zip(axes[:, 0], countries):
        # Every panel spans the same months, so panels line up for comparison.
        part = table[table["country"] == country].set_index("month").reindex(months)
        part = part.fillna({"quotes": 0, **dict.fromkeys(STANCES, 0.0)}).reset_index()
        bottom = [0.0] * len(part)
        for s in STANCES:
            values = part[s].tolist() if len(part) else []
            ax.bar(part["month"], values, bottom=bottom, color=colours[s], label=s)
            bottom = [b + v for b, v in zip(bottom, values)]
        ax.set_title(f"{country} ({int(part['quotes'].sum())} quotes)", fontsize=10)
        ax.set_ylim(0, 1)
        ax.set_ylabel("share")
    axes[0, 0].legend(loc="upper right", fontsize=8, ncol=3)
    fig.suptitle("Stance of quotes over time, by speaker country")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def _table_html(df: pd.DataFrame, limit: int = 200) -> str:
    # to_html escapes cell text: speaker names and topics come from untrusted articles.
    return str(df.head(limit).to_html(index=False, escape=True, border=0, na_rep=""))


def render_html(df: pd.DataFrame, shares: pd.DataFrame, chart: Path, source: str) -> str:
    """A self-contained page: totals, the chart (inlined as base64), the share tables."""
    image = base64.b64encode(chart.read_bytes()).decode("ascii")
    by_country = stance_shares(with_groups(df, by_topic=False), ["country"])
    overall = df["stance"].value_counts().reindex(list(STANCES), fill_value=0) if len(df) else None
    totals = ", ".join(f"{s}: {int(overall[s])}" for s in STANCES) if overall is not None else ""
    articles = df["article_id"].nunique() if len(df) else 0
    return f"""<!doctype html>
<html><head><meta charset="utf-8"><title>diplostance report</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}
table{{border-collapse:collapse}}td,th{{padding:2px 8px;border-bottom:1px solid #ddd}}</style>
</head><body>
<h1>Stance report</h1>
<p>Source: {html.escape(source)}. {len(df)} scored quotes from {articles} articles
({html.escape(totals)}).</p>
<p><b>Tone index</b> = (conciliatory − firm) / scored quotes, from −1 (all firm) to +1
(all conciliatory); defensive quotes count in the denominator only.</p>
<h2>Over time</h2>
<img alt="stance over time by country" src="data:image/png;base64,{image}">
<h2>By speaker country</h2>
{_table_html(by_country)}
<h2>By country, topic and month</h2>
<p>A quote with several topics counts once under each.</p>
{_table_html(shares)}
</body></html>
"""


def build_report(scores: str | Path, out: str | Path) -> dict[str, Path]:
    """Write shares CSV, stance-over-time PNG and a self-contained HTML page into `out`."""
    df = load_scores(scores)
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    shares = stance_shares(with_groups(df), ["country", "topic", "month"])
    paths: dict[str, Any] = {
        "shares": out_dir / "stance_shares.csv",
        "chart": out_dir / "stance_over_time.png",
        "html": out_dir / "report.html",
    }
    shares.to_csv(paths["shares"], index=False)
    # The chart counts each quote once, whatever its number of topics.
    stance_chart(with_groups(df, by_topic=False), paths["chart"])
    page = render_html(df, shares, paths["chart"], str(scores))
    paths["html"].write_text(page, encoding="utf-8")
    logger.info("report on %d quotes written to %s", len(df), out_dir)
    return paths
