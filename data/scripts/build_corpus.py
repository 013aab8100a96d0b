"""Build data/quotes/{train,dev,test}.jsonl and data/articles/*.jsonl from data/raw/.

Quotes: exact and near-duplicates (word 5-gram Jaccard > 0.5) are dropped, keeping the first;
then whole scenarios (an event or exchange) are assigned to one split, so that no exchange
straddles train and test. Articles: character spans are computed from the written quote texts.

    python data/scripts/build_corpus.py
"""

from __future__ import annotations

import hashlib
import html
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from training.corpus import near_duplicates, quote_problems, validate_articles  # noqa: E402

RAW = ROOT / "data" / "raw"
FIELDS = (
    "id",
    "text",
    "stance",
    "topics",
    "speaker",
    "speaker_country",
    "context",
    "hard",
    "hard_type",
    "register",
    "scenario",
    "note",
)
TEST_SHARE, DEV_SHARE = 0.17, 0.12
SEED = 13
TEST_ARTICLES = {f"art-{b}{i:02d}" for b in "ab" for i in range(21, 33)}


def load_raw_quotes() -> list[dict]:
    rows = []
    for path in sorted((RAW / "quotes").glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            problems = quote_problems(row, strict=True)
            if problems:
                print(f"skip {path.name}:{n}: {problems}")
                continue
            row["text"] = row["text"].strip()
            rows.append({k: row.get(k) for k in FIELDS} | {"source": "diplostance-authored"})
    return rows


def drop_duplicates(rows: list[dict]) -> list[dict]:
    order = {r["id"]: i for i, r in enumerate(rows)}
    dropped = set()
    for a, b, _ in sorted(near_duplicates(rows), key=lambda p: order[p[1]]):
        if a not in dropped and b not in dropped:
            dropped.add(max(a, b, key=order.__getitem__))
    print(f"dropped {len(dropped)} exact or near-duplicate quotes")
    return [r for r in rows if r["id"] not in dropped]


def split_by_scenario(rows: list[dict]) -> dict[str, list[dict]]:
    """Each scenario goes whole to one split, by a hash of its id: adding scenarios later
    never moves an existing one to another split."""
    splits: dict[str, list[dict]] = {"train": [], "dev": [], "test": []}
    for r in rows:
        u = int(hashlib.sha256(f"{SEED}:{r['scenario']}".encode()).hexdigest()[:8], 16) / 16**8
        split = "test" if u < TEST_SHARE else "dev" if u < TEST_SHARE + DEV_SHARE else "train"
        splits[split].append(r)
    return splits


def span_of(text: str, quote: dict) -> tuple[int, int]:
    pos = -1
    for _ in range(quote.get("occurrence", 1)):
        pos = text.find(quote["text"], pos + 1)
        if pos < 0:
            raise ValueError(f"quote not found: {quote['text'][:60]!r}")
    return pos, pos + len(quote["text"])


def build_articles() -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {"dev": [], "test": []}
    for path in sorted(RAW.glob("articles/*/*.json")):
        a = json.loads(path.read_text(encoding="utf-8"))
        quotes = []
        for q in a["quotes"]:
            start, end = span_of(a["text"], q)
            quotes.append(
                {"start": start, "end": end} | {k: v for k, v in q.items() if k != "occurrence"}
            )
        quotes.sort(key=lambda q: q["start"])
        article = {k: a[k] for k in ("id", "title", "date", "text")} | {
            "hazards": a.get("hazards", []),
            "quotes": quotes,
        }
        out["test" if a["id"] in TEST_ARTICLES else "dev"].append(article)
    return out


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def flatten_quotes(articles: list[dict]) -> list[dict]:
    """Stance-labelled quotes of gold articles as quote records (context: their paragraph)."""
    rows = []
    for a in articles:
        for i, q in enumerate(a["quotes"]):
            if q["kind"] == "term":
                continue
            para_start = a["text"].rfind("\n\n", 0, q["start"]) + 1
            para_end = a["text"].find("\n\n", q["end"])
            para = a["text"][para_start : para_end if para_end >= 0 else None].strip()
            rows.append(
                {
                    "id": f"{a['id']}-q{i:02d}",
                    "text": q["text"].strip(' ,\n“”"‘’'),
                    "stance": q["stance"],
                    "topics": q.get("topics") or [],
                    "speaker": q.get("speaker"),
                    "speaker_country": q.get("speaker_country"),
                    "context": para.replace(q["text"], "[QUOTE]"),
                    "kind": q["kind"],
                    "scenario": a["id"],
                    "source": "diplostance-authored article",
                }
            )
    return rows


def write_samples(articles: list[dict], n: int = 24) -> None:
    """Plain files for the README's first command: .txt mostly, some .md and .html."""
    folder = ROOT / "data" / "samples"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("art-*"):
        old.unlink()
    for i, a in enumerate(articles[:n]):
        if i % 8 == 3:
            body = "".join(f"<p>{html.escape(p)}</p>\n" for p in a["text"].split("\n\n"))
            page = (
                f"<html><head><title>{html.escape(a['title'])}</title>"
                f"<style>p {{margin: 0}}</style><script>track('{a['id']}')</script></head>\n"
                f"<body><nav>Home | World</nav><article><h1>{html.escape(a['title'])}</h1>\n"
                f"{body}</article><footer>(c) Wire</footer></body></html>\n"
            )
            (folder / f"{a['id']}.html").write_text(page, encoding="utf-8")
        elif i % 8 == 5:
            (folder / f"{a['id']}.md").write_text(f"# {a['title']}\n\n{a['text']}\n", "utf-8")
        else:
            (folder / f"{a['id']}.txt").write_text(a["text"] + "\n", encoding="utf-8")


def main() -> None:
    rows = drop_duplicates(load_raw_quotes())
    splits = split_by_scenario(rows)
    for name, part in splits.items():
        write_jsonl(ROOT / "data" / "quotes" / f"{name}.jsonl", part)
        stance = Counter(r["stance"] for r in part)
        hard = sum(r["hard"] for r in part) / len(part)
        print(f"{name}: {len(part)} quotes, {dict(stance)}, hard {hard:.1%}")
    articles = build_articles()
    for name, part in articles.items():
        write_jsonl(ROOT / "data" / "articles" / f"{name}.jsonl", part)
        validate_articles(ROOT / "data" / "articles" / f"{name}.jsonl")
        print(
            f"articles {name}: {len(part)} articles, {sum(len(a['quotes']) for a in part)} quotes"
        )
    extra = flatten_quotes(articles["dev"])
    # Training-only quotes must not repeat a dev or test quote ("deeply concerned" does).
    held_out = splits["dev"] + splits["test"]
    clash_pairs = [
        p
        for p in near_duplicates(extra + held_out)
        if p[0].startswith("art-") != p[1].startswith("art-")
    ]
    drop = {a if a.startswith("art-") else b for a, b, _ in clash_pairs}
    extra = [r for r in extra if r["id"] not in drop]
    write_jsonl(ROOT / "data" / "articles" / "dev_quotes.jsonl", extra)
    # The held-out articles' quotes as quote records: stance on wire-shaped quotes, test only.
    write_jsonl(ROOT / "data" / "articles" / "test_quotes.jsonl", flatten_quotes(articles["test"]))
    write_samples(articles["dev"])
    digest = hashlib.sha256()
    for p in sorted((ROOT / "data" / "quotes").glob("*.jsonl")):
        digest.update(p.read_bytes())
    print(f"quotes sha256 {digest.hexdigest()}")


if __name__ == "__main__":
    main()
