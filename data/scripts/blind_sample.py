"""Draw the quotes for the blind second annotation: text and context only, no labels.

python data/scripts/blind_sample.py   # writes data/agreement/blind_input.jsonl
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from training.corpus import SPLITS, read_jsonl  # noqa: E402

N, SEED = 420, 7
SHOWN = ("id", "text", "context", "speaker", "speaker_country")


def main() -> None:
    rows = [r for s in SPLITS for r in read_jsonl(ROOT / "data" / "quotes" / f"{s}.jsonl")]
    sample = random.Random(SEED).sample(rows, N)
    out = ROOT / "data" / "agreement" / "blind_input.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        for r in sample:
            f.write(json.dumps({k: r.get(k) for k in SHOWN}, ensure_ascii=False) + "\n")
    print(f"wrote {N} quotes to {out}")


if __name__ == "__main__":
    main()
