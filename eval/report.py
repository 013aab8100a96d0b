"""Write report.md and a self-contained report.html (PNG charts inlined) from metrics."""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # headless: reports are written on servers and in CI
import matplotlib.pyplot as plt
import numpy as np


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def confusion_png(cm: dict[str, Any]) -> bytes:
    """Heat map of the confusion matrix, counts in each cell."""
    labels, matrix = cm["labels"], np.array(cm["matrix"])
    fig, ax = plt.subplots(figsize=(4.2, 3.6))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=20)
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    for i in range(len(labels)):
        for j in range(len(labels)):
            dark = matrix[i, j] > matrix.max() / 2
            ax.text(
                j,
                i,
                str(matrix[i, j]),
                ha="center",
                va="center",
                color="white" if dark else "black",
            )
    ax.set_title("Confusion matrix")
    return _png(fig)


def reliability_png(bins: list[dict[str, float]], ece: float) -> bytes:
    """Reliability diagram: accuracy against confidence per bin; the diagonal is perfect."""
    fig, ax = plt.subplots(figsize=(4.2, 3.6))
    ax.plot([0, 1], [0, 1], "--", color="grey", lw=1)
    centres = [(b["lo"] + b["hi"]) / 2 for b in bins]
    ax.bar(centres, [b["accuracy"] for b in bins], width=0.09, alpha=0.7, label="accuracy")
    ax.plot(
        [b["confidence"] for b in bins],
        [b["accuracy"] for b in bins],
        "o-",
        color="C3",
        label="mean confidence",
    )
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("confidence")
    ax.set_ylabel("accuracy")
    ax.set_title(f"Reliability (ECE {ece:.3f})")
    ax.legend(loc="upper left", fontsize=8)
    return _png(fig)


def _table(header: list[str], rows: list[list[Any]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def summary_tables(m: dict[str, Any]) -> str:
    """The headline, per-class and baseline tables in Markdown."""
    lo, hi = m["macro_f1_ci"]
    head = _table(
        ["n", "macro-F1 (95% CI)", "accuracy", "Cohen's kappa", "ECE", "topic micro-F1"],
        [
            [
                m["n"],
                f"{m['macro_f1']:.3f} ({lo:.3f}–{hi:.3f})",
                f"{m['accuracy']:.3f}",
                f"{m['cohen_kappa']:.3f}",
                f"{m['ece']:.3f}",
                f"{m['topics']['micro_f1']:.3f}" if "topics" in m else "–",
            ]
        ],
    )
    per = _table(
        ["stance", "precision", "recall", "F1", "support"],
        [
            [s, f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}", v["support"]]
            for s, v in m["per_class"].items()
        ],
    )
    base = _table(
        ["system", "macro-F1", "accuracy", "McNemar p vs model"],
        [["**model**", f"**{m['macro_f1']:.3f}**", f"**{m['accuracy']:.3f}**", "–"]]
        + [
            [name, f"{b['macro_f1']:.3f}", f"{b['accuracy']:.3f}", f"{b['mcnemar_p']:.2g}"]
            for name, b in m.get("baselines", {}).items()
        ],
    )
    return f"{head}\n\n{per}\n\n{base}\n"


def _groups_md(groups: dict[str, dict[str, Any]]) -> str:
    parts = []
    for field, values in groups.items():
        rows = [
            [v, g["n"], f"{g['accuracy']:.3f}", f"{g['macro_f1']:.3f}"] for v, g in values.items()
        ]
        parts.append(f"### by {field}\n\n" + _table([field, "n", "accuracy", "macro-F1"], rows))
    return "\n\n".join(parts)


def _errors_md(errors: list[dict[str, Any]]) -> str:
    rows = [
        [
            e["id"],
            e["gold"],
            e["predicted"],
            f"{e['confidence']:.2f}",
            e["text"].replace("|", "\\|").replace("\n", " ")[:200],
        ]
        for e in errors
    ]
    return _table(["id", "gold", "predicted", "confidence", "text"], rows)


def write_report(m: dict[str, Any], out: Path) -> None:
    """report.md (with PNGs beside it) and report.html (PNGs inlined, no external files)."""
    charts = {
        "confusion.png": confusion_png(m["confusion_matrix"]),
        "reliability.png": reliability_png(m["reliability"], m["ece"]),
    }
    for name, data in charts.items():
        (out / name).write_bytes(data)
    body = (
        f"# Evaluation of {m['model']} on {m['data']}\n\n{summary_tables(m)}\n"
        "![confusion](confusion.png) ![reliability](reliability.png)\n\n"
        f"## Groups\n\n{_groups_md(m['groups'])}\n\n"
        f"## The {len(m['errors'])} most confident errors\n\n{_errors_md(m['errors'])}\n"
    )
    (out / "report.md").write_text(body, encoding="utf-8")
    (out / "report.html").write_text(_html(body, charts), encoding="utf-8")


def _html(markdown: str, charts: dict[str, bytes]) -> str:
    """A minimal Markdown-to-HTML rendering (headings, tables, images) with inlined PNGs."""
    out, table_open = [], False
    for line in markdown.splitlines():
        if line.startswith("|"):
            cells = [html.escape(c.strip().strip("*")) for c in line.strip("|").split("|")]
            if set("".join(cells)) <= set("- "):
                continue
            tag = "th" if not table_open else "td"
            if not table_open:
                out.append("<table>")
                table_open = True
            out.append("<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>")
            continue
        if table_open:
            out.append("</table>")
            table_open = False
        if line.startswith("#"):
            level = len(line) - len(line.lstrip("#"))
            out.append(f"<h{level}>{html.escape(line.lstrip('# '))}</h{level}>")
        elif line.startswith("!["):
            for name, data in charts.items():
                if name in line:
                    src = "data:image/png;base64," + base64.b64encode(data).decode()
                    out.append(f'<img alt="{name}" src="{src}">')
        elif line.strip():
            out.append(f"<p>{html.escape(line)}</p>")
    if table_open:
        out.append("</table>")
    style = (
        "body{font-family:sans-serif;max-width:60em;margin:2em auto}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;"
        "padding:.2em .5em;font-size:90%}img{max-width:48%}"
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>diplostance evaluation"
        f"</title><style>{style}</style></head><body>\n" + "\n".join(out) + "\n</body></html>\n"
    )
