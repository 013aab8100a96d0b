"""Produce the numbers of the dataset card (data/README.md) from the files themselves.

    python data/scripts/card_stats.py           # print the block
    python data/scripts/card_stats.py --write   # replace the block in data/README.md

The block sits between the markers below; tests/test_dataset_card.py fails when it is stale.
"""

from __future__ import annotations

import json
import statistics
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from model.labels import STANCES, TOPICS  # noqa: E402
from training.corpus import SPLITS, read_jsonl  # noqa: E402

BEGIN, END = "<!-- stats:begin -->", "<!-- stats:end -->"
CARD = ROOT / "data" / "README.md"


def _table(header: list[str], rows: list[list[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(str(c) for c in r) + " |" for r in rows])


def _pct(n: int, d: int) -> str:
    return f"{n} ({n / d:.0%})" if d else "0"


def quote_stats(splits: dict[str, list[dict]]) -> str:
    allq = [r for rows in splits.values() for r in rows]
    header = [
        "split",
        "quotes",
        "scenarios",
        *STANCES,
        "hard",
        "with context",
        "median words",
        "3-6 words",
        "60+ words",
    ]
    rows = []
    for name, part in [*splits.items(), ("all", allq)]:
        n = len(part)
        words = [len(r["text"].split()) for r in part]
        stance = Counter(r["stance"] for r in part)
        rows.append(
            [
                name,
                n,
                len({r.get("scenario") for r in part}),
                *[_pct(stance[s], n) for s in STANCES],
                _pct(sum(bool(r.get("hard")) for r in part), n),
                _pct(sum(r.get("context") is not None for r in part), n),
                f"{statistics.median(words):g}",
                _pct(sum(3 <= w <= 6 for w in words), n),
                _pct(sum(w >= 60 for w in words), n),
            ]
        )
    topics = Counter(t for r in allq for t in r.get("topics") or [])
    countries = Counter(r.get("speaker_country") for r in allq)
    registers = Counter(r.get("register") for r in allq)
    hard_types = Counter(h for r in allq for h in r.get("hard_type") or [])
    return "\n\n".join(
        [
            _table(header, rows),
            "Topics (all splits): "
            + ", ".join(f"`{t}` {topics[t]}" for t in TOPICS)
            + f"; no topic named (`[]`) {sum(not r.get('topics') for r in allq)}",
            f"Speaker countries and organisations: {len(countries)}; United States and China "
            f"together {(countries['US'] + countries['CN']) / len(allq):.0%}. Most frequent: "
            + ", ".join(f"{c} {n}" for c, n in countries.most_common(15)),
            "Registers: " + ", ".join(f"{r} {n}" for r, n in registers.most_common()),
            "Hard-case types: " + ", ".join(f"{h} {n}" for h, n in hard_types.most_common()),
        ]
    )


def article_stats() -> str:
    rows = []
    for path in [ROOT / "data" / "articles" / f"{s}.jsonl" for s in ("dev", "test")]:
        arts = read_jsonl(path)
        quotes = [q for a in arts for q in a["quotes"]]
        kinds = Counter(q["kind"] for q in quotes)
        words = [len(a["text"].split()) for a in arts]
        rows.append(
            [
                path.stem,
                len(arts),
                len(quotes),
                ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())),
                f"{min(words)}–{max(words)}" if words else "–",
            ]
        )
    return _table(["articles file", "articles", "quotes", "by kind", "words"], rows)


def agreement_stats() -> str:
    path = ROOT / "data" / "agreement" / "agreement.json"
    if not path.is_file():
        return "Second annotation: not yet available."
    a = json.loads(path.read_text(encoding="utf-8"))
    return (
        f"Second, blind annotation: {a['n']} quotes; raw agreement {a['raw_agreement']:.1%}, "
        f"Cohen's kappa {a['cohen_kappa']:.3f}; topic micro-F1 between the two "
        f"{a['topic_micro_f1']:.3f}; {len(a['disagreements'])} stance disagreements "
        "adjudicated in `data/agreement/adjudication.jsonl`."
    )


def block() -> str:
    splits = {s: read_jsonl(ROOT / "data" / "quotes" / f"{s}.jsonl") for s in SPLITS}
    body = "\n\n".join([quote_stats(splits), article_stats(), agreement_stats()])
    return f"{BEGIN}\n{body}\n{END}"


def main() -> None:
    text = block()
    if "--write" in sys.argv:
        card = CARD.read_text(encoding="utf-8")
        head, rest = card.split(BEGIN, 1)
        CARD.write_text(head + text + rest.split(END, 1)[1], encoding="utf-8")
    else:
        print(text)


if __name__ == "__main__":
    main()
