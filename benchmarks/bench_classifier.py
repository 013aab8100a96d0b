"""Classifier throughput (quotes/s): diplostance's scoring path vs transformers.pipeline.

Usage: python benchmarks/bench_classifier.py [--model DIR] [--n 2000] [--repeats 3] [--quick]

Both sides run the same fine-tuned weights on the same quotes (the first --n texts of
data/quotes test, dev, train), in one process, with the same torch thread count:

- `pipeline bs=1`: `transformers.pipeline("text-classification")` over a
  BertForSequenceClassification-style wrapper of the fine-tuned encoder + stance head (mean
  pooling, temperature-scaled logits), called the obvious way, `pipe(texts)` (batch size 1).
- `pipeline bs=64`: the same pipeline with `batch_size=64` (batches in input order).
- `diplostance fp32` / `int8`: `StanceClassifier.predict(texts)` with that backend:
  length-sorted token-budget batches, stance + topics + calibrated probabilities.

The systems are interleaved within each repeat and the median of the repeats is reported.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import default_model, load_quotes, machine, median, timed_both, write_json

from model.classifier import StanceClassifier
from model.fast import set_threads
from model.labels import STANCES

logger = logging.getLogger(__name__)


def pipeline_model(clf: StanceClassifier) -> nn.Module:
    """The fine-tuned encoder + stance head as a sequence-classification model for pipeline()."""
    from transformers import BertModel, BertPreTrainedModel
    from transformers.modeling_outputs import SequenceClassifierOutput

    temperature = clf.settings.temperature

    class MeanPoolBertForSequenceClassification(BertPreTrainedModel):
        def __init__(self, config: Any) -> None:
            super().__init__(config)
            self.bert = BertModel(config, add_pooling_layer=False)
            self.classifier = nn.Linear(config.hidden_size, config.num_labels)
            self.post_init()

        def forward(self, input_ids=None, attention_mask=None, token_type_ids=None, **_):  # type: ignore[no-untyped-def]
            hidden = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            )[0]
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return SequenceClassifierOutput(logits=self.classifier(pooled) / temperature)

    config = clf.net.encoder.config.__class__.from_dict(clf.net.encoder.config.to_dict())
    config.id2label = dict(enumerate(STANCES))
    config.label2id = {s: i for i, s in enumerate(STANCES)}
    model = MeanPoolBertForSequenceClassification(config)
    state = {}
    for k, v in clf.net.state_dict().items():
        if k.startswith("encoder.") and not k.startswith("encoder.pooler."):
            state["bert." + k[len("encoder.") :]] = v
        elif k.startswith("stance_head."):
            state["classifier." + k[len("stance_head.") :]] = v
    model.load_state_dict(state, strict=True)
    return model.eval()


def make_pipeline(clf: StanceClassifier) -> Any:
    from transformers import pipeline
    from transformers.utils import logging as hf_logging

    # pipeline() logs that a custom class is "not supported" for the task; it runs fine.
    level = hf_logging.get_verbosity()
    hf_logging.set_verbosity(hf_logging.CRITICAL)
    pipe = pipeline("text-classification", model=pipeline_model(clf), tokenizer=clf.tokenizer)
    hf_logging.set_verbosity(level)
    return pipe


Run = Callable[[list[str]], Any]


def systems(model: Path, texts: list[str], pipeline_batch: bool) -> dict[str, Run]:
    fp32 = StanceClassifier.from_pretrained(model, backend="fp32")
    int8 = StanceClassifier.from_pretrained(model, backend="int8")
    pipe = make_pipeline(fp32)
    kw = {"truncation": True, "max_length": fp32.settings.max_length}
    ours = [p.stance for p in fp32.predict(texts)]
    theirs = [r["label"] for r in pipe(texts[:200], batch_size=8, **kw)]
    same = sum(a == b for a, b in zip(ours, theirs)) / len(theirs)
    logger.info("pipeline and diplostance fp32 agree on %.1f%% of 200 quotes", 100 * same)
    if same < 0.99:
        raise SystemExit("the pipeline wrapper does not reproduce the model; not comparable")
    out: dict[str, Run] = {"pipeline bs=1": lambda x: pipe(x, **kw)}
    if pipeline_batch:
        out["pipeline bs=64"] = lambda x: pipe(x, batch_size=64, **kw)
    out["diplostance fp32"] = fp32.predict
    out["diplostance int8"] = int8.predict
    return out


def token_stats(model: Path, texts: list[str]) -> dict[str, float]:
    clf = StanceClassifier.from_pretrained(model)
    n = [len(ids) for ids in clf.tokenizer(texts, truncation=True, max_length=512)["input_ids"]]
    return {"mean_tokens": round(statistics.mean(n), 2), "max_tokens": max(n)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--model", type=Path, help="model folder (default: shipped, else newest run)")
    ap.add_argument("--n", type=int, default=2000, help="quotes (default 2000)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, help="torch threads (default: the usable cores)")
    ap.add_argument("--no-pipeline-batch", action="store_true", help="skip pipeline bs=64")
    ap.add_argument("--quick", action="store_true", help="smoke test: 40 quotes, one repeat")
    ap.add_argument("--json", help="also write the result here")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.quick:
        args.n, args.repeats = 40, 1
    model = args.model or default_model()
    threads = set_threads(args.threads)
    texts = load_quotes(args.n)
    runs: dict[str, list[float]] = {}
    cpu_runs: dict[str, list[float]] = {}
    todo = systems(model, texts, not args.no_pipeline_batch)
    for fn in todo.values():
        fn(texts[:16])  # warm-up (allocations, kernel choice) outside the timing
    for r in range(args.repeats):
        for name, fn in todo.items():
            wall, cpu = timed_both(lambda f=fn: f(texts))
            runs.setdefault(name, []).append(len(texts) / wall)
            cpu_runs.setdefault(name, []).append(len(texts) / cpu)
            logger.info("repeat %d %-18s %.1f quotes/s", r + 1, name, runs[name][-1])
    base = median(runs["pipeline bs=1"])
    result = {
        "benchmark": "classifier throughput",
        "machine": machine(),
        "model": str(model),
        "quotes": len(texts),
        "threads": threads,
        "torch": torch.__version__,
        "repeats": args.repeats,
        **token_stats(model, texts),
        "quotes_per_s": {k: round(median(v), 1) for k, v in runs.items()},
        "speedup_vs_pipeline_bs1": {k: round(median(v) / base, 2) for k, v in runs.items()},
        "runs": {k: [round(x, 1) for x in v] for k, v in runs.items()},
        # Per CPU-second of this process (all its threads): steadier on a shared machine.
        "quotes_per_cpu_s": {k: round(median(v), 1) for k, v in cpu_runs.items()},
    }
    write_json(args.json, result)


if __name__ == "__main__":
    main()
