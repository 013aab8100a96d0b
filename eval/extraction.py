"""Score quote extraction against gold articles: span P/R/F1, speaker accuracy, kinds.

Matching rules (documented in the report):
- exact: predicted (start, end) equals the gold span;
- overlap: intersection over union of the character spans >= 0.5;
- both one-to-one and greedy (best IoU first, ties by position).
Terms (scare quotes) are left out of the scored sets by default: gold terms are not expected,
and a prediction that is not a term but lands on a gold term counts as a false positive
(strict) -- `lenient_terms=True` ignores such predictions instead.
Speakers match when, after normalising (lowercase, curly apostrophes, dropping articles,
titles and possessive 's), the content words of one are a subset of the other's: "He" ~
"He Wenqi", "department spokesperson" ~ "Commerce Department spokesperson".
"""

from __future__ import annotations

import argparse
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from model._lexicon import COUNTRIES, words
from model.quotes import Quote, extract_quotes

logger = logging.getLogger(__name__)

_TITLES = words(
    """mr mrs ms dr the a an his her its vice president premier minister secretary ambassador
    senator general commodore spokesperson spokesman spokeswoman deputy chief foreign"""
)
_STOP = frozenset({"the", "a", "an", "of", "for", "to", "in", "at", "from", "and", "on"})
_WORD = re.compile(r"[a-z0-9:][a-z0-9.:'-]*")
_COUNTRY_RE = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(re.escape(k) for k in sorted(COUNTRIES, key=len, reverse=True) if len(k) > 2)
    + r")(?![\w])"
)


# -- loading ----------------------------------------------------------------------------------


def _spans_from_text(article: dict[str, Any]) -> list[dict[str, Any]]:
    """Compute gold spans like check_article.py: the occurrence-th str.find of the text."""
    text = article["text"]
    out = []
    for q in article.get("quotes", []):
        if "start" in q and "end" in q:
            out.append(dict(q))
            continue
        pos = -1
        for _ in range(int(q.get("occurrence") or 1)):
            pos = text.find(q["text"], pos + 1)
            if pos < 0:
                break
        if pos < 0:
            logger.warning("%s: gold quote not found: %.40r", article.get("id"), q["text"])
            continue
        out.append({**q, "start": pos, "end": pos + len(q["text"])})
    return out


def load_gold_articles(path_or_dir: str | Path) -> list[dict[str, Any]]:
    """Load gold articles from a directory of JSON files (recursive) or a JSONL file."""
    path = Path(path_or_dir)
    raw: list[dict[str, Any]] = []
    if path.is_dir():
        for f in sorted(path.rglob("*.json")):
            raw.append(json.loads(f.read_text(encoding="utf-8")))
    elif path.suffix == ".jsonl":
        with path.open(encoding="utf-8") as fh:
            raw = [json.loads(line) for line in fh if line.strip()]
    else:
        raw = [json.loads(path.read_text(encoding="utf-8"))]
    return [{**a, "quotes": _spans_from_text(a)} for a in raw]


# -- matching ---------------------------------------------------------------------------------


def _iou(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    union = max(a[1], b[1]) - min(a[0], b[0])
    return inter / union if union > 0 else 0.0


def match_spans(
    pred: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]], threshold: float
) -> list[tuple[int, int]]:
    """One-to-one greedy matching by IoU; returns (pred index, gold index) pairs."""
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            score = 1.0 if p == g else _iou(p, g)
            if score >= threshold and score > 0:
                pairs.append((-score, i, j))
    pairs.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def _norm_words(name: str | None) -> list[str]:
    s = (name or "").lower().replace("’", "'")
    s = re.sub(r"'s\b", "", s)
    # "North Korea's" and "North Korean" name the same country: compare country codes.
    s = _COUNTRY_RE.sub(lambda m: " c:" + COUNTRIES[m.group()].lower() + " ", s)
    return [w for w in _WORD.findall(s) if w not in _STOP]


def speaker_match(pred: str | None, gold: str | None) -> bool:
    """Lenient speaker comparison: content words of one contained in the other's."""
    p, g = _norm_words(pred), _norm_words(gold)
    if not p or not g:
        return False
    if p == g:
        return True
    ps, gs = set(p) - _TITLES, set(g) - _TITLES
    if not ps or not gs:
        ps, gs = set(p), set(g)
    small = ps if len(ps) <= len(gs) else gs
    if ps != gs and all(w.startswith("c:") for w in small):
        return False  # "China" does not name "Chinese commerce ministry"
    return ps <= gs or gs <= ps


# -- scoring ----------------------------------------------------------------------------------


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp}


def _scored_sets(
    article: dict[str, Any], preds: list[Quote], include_terms: bool, lenient_terms: bool
) -> tuple[list[dict[str, Any]], list[Quote]]:
    """Gold and predicted quotes that take part in span scoring."""
    gold_all = article["quotes"]
    gold = [g for g in gold_all if include_terms or g.get("kind") != "term"]
    pred = [p for p in preds if include_terms or p.kind != "term"]
    if not include_terms and lenient_terms:
        terms = [(g["start"], g["end"]) for g in gold_all if g.get("kind") == "term"]
        hit = {i for i, _ in match_spans([(p.start, p.end) for p in pred], terms, 0.5)}
        pred = [p for i, p in enumerate(pred) if i not in hit]
    return gold, pred


def _score_article(
    article: dict[str, Any], preds: list[Quote], include_terms: bool, lenient_terms: bool
) -> Counter[str]:
    """Counts for one article; errors go to the "errors" list of the article dict copy."""
    aid = article.get("id")
    gold, pred = _scored_sets(article, preds, include_terms, lenient_terms)
    pspans = [(p.start, p.end) for p in pred]
    gspans = [(g["start"], g["end"]) for g in gold]
    exact = [1 for i, j in match_spans(pspans, gspans, 1.0) if pspans[i] == gspans[j]]
    overlap = match_spans(pspans, gspans, 0.5)
    c: Counter[str] = Counter(n_pred=len(pred), n_gold=len(gold), exact=len(exact))
    c["overlap"] = len(overlap)
    errors: list[tuple[Any, ...]] = article.setdefault("_errors", [])
    for i, j in overlap:
        g, p = gold[j], pred[i]
        c[f"kind:{g.get('kind')}->{p.kind}"] += 1
        if g.get("kind") == "term":
            continue
        c["spk_n"] += 1
        if speaker_match(p.speaker, g.get("speaker")):
            c["spk_ok"] += 1
        else:
            errors.append(("speaker", aid, g["text"][:60], g.get("speaker"), p.speaker))
        if g.get("speaker_country"):
            c["cty_n"] += 1
            c["cty_ok"] += p.speaker_country == g.get("speaker_country")
    matched_p, matched_g = {i for i, _ in overlap}, {j for _, j in overlap}
    for i, p in enumerate(pred):
        c[f"pred:{p.kind}"] += 1
        if i not in matched_p:
            errors.append(("fp", aid, p.text[:60], p.kind, p.speaker))
    for j, g in enumerate(gold):
        c[f"gold:{g.get('kind')}"] += 1
        c[f"hit:{g.get('kind')}"] += j in matched_g
        if j not in matched_g:
            errors.append(("fn", aid, g["text"][:60], g.get("kind"), g.get("speaker")))
    c.update(_term_counts(article, preds))
    return c


def _term_counts(article: dict[str, Any], preds: list[Quote]) -> Counter[str]:
    """How well kind "term" itself is detected (reported, never part of the F1)."""
    gold_t = [(g["start"], g["end"]) for g in article["quotes"] if g.get("kind") == "term"]
    pred_t = [(p.start, p.end) for p in preds if p.kind == "term"]
    hit = len(match_spans(pred_t, gold_t, 0.5))
    return Counter(term_gold=len(gold_t), term_pred=len(pred_t), term_hit=hit)


def _per_kind(tot: Counter[str]) -> dict[str, dict[str, Any]]:
    kinds = sorted({k.split(":", 1)[1] for k in tot if k.startswith(("gold:", "pred:"))})
    out = {}
    for kind in kinds:
        n_gold, n_pred = tot[f"gold:{kind}"], tot[f"pred:{kind}"]
        hits = tot[f"hit:{kind}"]
        same = tot[f"kind:{kind}->{kind}"]
        out[kind] = {
            "gold": n_gold,
            "pred": n_pred,
            "span_recall": round(hits / n_gold, 4) if n_gold else None,
            "kind_precision": round(same / n_pred, 4) if n_pred else None,
        }
    return out


def evaluate_extraction(
    articles: Iterable[dict[str, Any]],
    extract: Callable[[str], list[Quote]] = extract_quotes,
    *,
    include_terms: bool = False,
    lenient_terms: bool = False,
) -> dict[str, Any]:
    """Score `extract` on gold articles; returns P/R/F1 (exact, overlap), speaker acc, kinds."""
    tot: Counter[str] = Counter()
    errors: list[tuple[Any, ...]] = []
    n = 0
    for art in articles:
        n += 1
        work = dict(art)
        tot.update(_score_article(work, extract(art["text"]), include_terms, lenient_terms))
        errors += work.get("_errors", [])
    return {
        "articles": n,
        "n_gold": tot["n_gold"],
        "n_pred": tot["n_pred"],
        "exact": _prf(tot["exact"], tot["n_pred"], tot["n_gold"]),
        "overlap": _prf(tot["overlap"], tot["n_pred"], tot["n_gold"]),
        "speaker_accuracy": round(tot["spk_ok"] / tot["spk_n"], 4) if tot["spk_n"] else 0.0,
        "speaker_n": tot["spk_n"],
        "country_accuracy": round(tot["cty_ok"] / tot["cty_n"], 4) if tot["cty_n"] else None,
        "per_kind": _per_kind(tot),
        "kind_confusion": {k[5:]: v for k, v in sorted(tot.items()) if k.startswith("kind:")},
        "terms": _prf(tot["term_hit"], tot["term_pred"], tot["term_gold"]),
        "errors": errors,
    }


def main(argv: Sequence[str] | None = None) -> None:
    """CLI: python -m eval.extraction PATH [PATH ...] [--terms] [--errors]."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--terms", action="store_true", help="score terms too")
    ap.add_argument("--lenient-terms", action="store_true")
    ap.add_argument("--errors", action="store_true", help="print every error")
    args = ap.parse_args(argv)
    arts = [a for p in args.paths for a in load_gold_articles(p)]
    res = evaluate_extraction(arts, include_terms=args.terms, lenient_terms=args.lenient_terms)
    errors = res.pop("errors")
    print(json.dumps(res, indent=2))
    if args.errors:
        for e in errors:
            print(" | ".join(str(x) for x in e))


if __name__ == "__main__":
    main()
