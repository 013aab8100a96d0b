"""Compute the inter-annotator agreement of data/agreement/ into agreement.json.

annotator_a.jsonl holds the first annotation of the quotes in blind_input.jsonl (the corpus
stance labels before adjudication; topics from the corpus after its topic consistency pass);
annotator_b.jsonl the second, blind one (its topics from a blind topic-only pass under the same
rules); adjudication.jsonl the final call and a one-line reason for every stance disagreement.

    python data/scripts/agreement_report.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from eval.agreement import agreement  # noqa: E402

DIR = ROOT / "data" / "agreement"


def main() -> None:
    result = agreement(DIR / "annotator_a.jsonl", DIR / "annotator_b.jsonl")
    (DIR / "agreement.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"n {result['n']}  raw {result['raw_agreement']:.3f}  kappa {result['cohen_kappa']:.3f}"
        f"  topics micro-F1 {result['topic_micro_f1']:.3f}"
        f"  disagreements {len(result['disagreements'])}"
    )


if __name__ == "__main__":
    main()
