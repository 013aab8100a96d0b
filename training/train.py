"""Fine-tune the packaged encoder into a stance-and-topic classifier: `train(config) -> Path`."""

from __future__ import annotations

import json
import logging
import os
import platform
import random
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import torch
from tqdm.auto import tqdm
from transformers import get_linear_schedule_with_warmup

from eval.metrics import topic_scores, topics_above
from model.batching import tokenize
from model.classifier import StanceClassifier
from model.labels import STANCE2ID, STANCES, TOPIC2ID, TOPICS
from training.augment import augment
from training.calibrate import fit_temperature
from training.card import data_sha256, write_card
from training.config import TrainConfig
from training.corpus import validate_quotes
from training.scoring import evaluate, held_out_metrics, row_inputs, score_rows
from training.teacher import Soft, load_train_rows, teacher_targets

logger = logging.getLogger(__name__)


def set_seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _targets(rows: list[dict[str, Any]]) -> tuple[torch.Tensor, torch.Tensor]:
    stance = torch.tensor([STANCE2ID[r["stance"]] for r in rows])
    topics = torch.zeros(len(rows), len(TOPICS))
    for i, r in enumerate(rows):
        for t in r.get("topics") or []:
            topics[i, TOPIC2ID[t]] = 1.0
    return stance, topics


def train_batches(
    clf: StanceClassifier, rows: list[dict[str, Any]], cfg: TrainConfig, rng: random.Random
) -> Iterator[tuple[dict[str, torch.Tensor], torch.Tensor, torch.Tensor, list[int]]]:
    """One epoch of shuffled, augmented, length-grouped batches (little padding, still random)."""
    texts, contexts, speakers = row_inputs(rows)
    texts = [augment(t, rng) if rng.random() < cfg.augment_prob else t for t in texts]
    # Quotes often arrive without context (the predict() API): learn to do without it too.
    contexts = [None if rng.random() < cfg.context_dropout else c for c in contexts]
    speakers = [None if c is None else s for c, s in zip(contexts, speakers)]
    features, _ = tokenize(clf, texts, contexts, speakers)
    stance, topics = _targets(rows)
    order = list(range(len(rows)))
    rng.shuffle(order)
    mega = cfg.batch_size * 32
    batches = []
    for m in range(0, len(order), mega):
        chunk = sorted(order[m : m + mega], key=lambda i: len(features[i]["input_ids"]))
        batches += [chunk[b : b + cfg.batch_size] for b in range(0, len(chunk), cfg.batch_size)]
    rng.shuffle(batches)
    for idx in batches:
        padded = clf.tokenizer.pad([features[i] for i in idx], return_tensors="pt")
        yield dict(padded), stance[idx], topics[idx], idx


def _optimizer(clf: StanceClassifier, cfg: TrainConfig) -> torch.optim.Optimizer:
    if cfg.freeze_embeddings:
        # Frozen embeddings keep the shipped weights small and generalise better on small data.
        for p in clf.net.encoder.embeddings.parameters():
            p.requires_grad = False
    encoder = [p for p in clf.net.encoder.parameters() if p.requires_grad]
    heads = [*clf.net.stance_head.parameters(), *clf.net.topic_head.parameters()]
    return torch.optim.AdamW(
        [{"params": encoder, "lr": cfg.lr}, {"params": heads, "lr": cfg.head_lr}],
        weight_decay=cfg.weight_decay,
    )


def _class_weights(rows: list[dict[str, Any]], enabled: bool) -> torch.Tensor | None:
    if not enabled:
        return None
    counts = Counter(r["stance"] for r in rows)
    weights = torch.tensor([len(rows) / (len(STANCES) * max(counts[s], 1)) for s in STANCES])
    return weights.float()


def _loss(
    out: tuple[torch.Tensor, torch.Tensor],
    y: tuple[torch.Tensor, torch.Tensor],
    soft: Soft | None,
    losses: tuple[torch.nn.Module, torch.nn.Module],
    cfg: TrainConfig,
) -> torch.Tensor:
    (stance_logits, topic_logits), (ys, yt), (ce, bce) = out, y, losses
    if soft is None:
        return ce(stance_logits, ys) + cfg.topic_loss_weight * bce(topic_logits, yt)
    a, t = cfg.distill_weight, cfg.distill_temperature
    kl = torch.nn.functional.kl_div(
        torch.log_softmax(stance_logits / t, -1), soft[0], reduction="batchmean"
    )
    stance = (1 - a) * ce(stance_logits, ys) + a * t * t * kl
    b = cfg.distill_topic_weight
    return stance + cfg.topic_loss_weight * bce(topic_logits, (1 - b) * yt + b * soft[1])


def fit(
    clf: StanceClassifier,
    train_rows: list,
    dev_rows: list,
    cfg: TrainConfig,
    soft: Soft | None = None,
) -> list[dict]:
    """The training loop with early stopping on dev (`cfg.select_on`); restores the best epoch.

    Args:
        soft: per-row teacher targets (stance distribution, topic probabilities) to distil.
    """
    rng = random.Random(cfg.seed)
    opt = _optimizer(clf, cfg)
    steps = cfg.epochs * -(-len(train_rows) // cfg.batch_size)
    sched = get_linear_schedule_with_warmup(opt, int(cfg.warmup_ratio * steps), steps)
    ce = torch.nn.CrossEntropyLoss(
        weight=_class_weights(train_rows, cfg.class_weighting), label_smoothing=cfg.label_smoothing
    )
    bce = torch.nn.BCEWithLogitsLoss(pos_weight=torch.full((len(TOPICS),), cfg.topic_pos_weight))
    history: list[dict] = []
    best_score, best_epoch, best_state = -1.0, 0, clf.net.state_dict()
    bf16 = cfg.precision == "bfloat16"
    for epoch in range(1, cfg.epochs + 1):
        clf.net.train()
        losses = []
        batches = train_batches(clf, train_rows, cfg, rng)
        for batch, y, yt, idx in tqdm(batches, desc=f"epoch {epoch}", leave=False, total=None):
            targets = None if soft is None else (soft[0][idx], soft[1][idx])
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
                logits = clf.net(**batch)
            # Losses in fp32: the softmax/KL of bf16 logits would lose the teacher's small odds.
            logits = (logits[0].float(), logits[1].float())
            loss = _loss(logits, (y, yt), targets, (ce, bce), cfg)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(clf.net.parameters(), 1.0)
            opt.step()
            sched.step()
            losses.append(loss.item())
        dev = evaluate(clf, dev_rows)
        topic_f1 = dev["topics"]["micro_f1"]
        history.append(
            {
                "epoch": epoch,
                "loss": float(np.mean(losses)),
                "dev_macro_f1": dev["macro_f1"],
                "dev_topic_micro_f1": topic_f1,
            }
        )
        logger.info(
            "epoch %d loss %.4f dev macro-F1 %.4f topic micro-F1 %.4f",
            epoch,
            history[-1]["loss"],
            dev["macro_f1"],
            topic_f1,
        )
        score = dev["macro_f1"] if cfg.select_on == "stance" else (dev["macro_f1"] + topic_f1) / 2
        if score > best_score:
            best_score, best_epoch = score, epoch
            best_state = {k: v.clone() for k, v in clf.net.state_dict().items()}
        elif epoch - best_epoch >= cfg.patience:
            logger.info("early stop: no dev gain for %d epochs", cfg.patience)
            break
    clf.net.load_state_dict(best_state)
    clf.net.eval()
    return history


def calibrate(clf: StanceClassifier, dev_rows: list[dict[str, Any]]) -> None:
    """Fit the temperature and the topic threshold on dev (in place)."""
    clf.settings.temperature = 1.0
    probs, topic_probs = score_rows(clf, dev_rows)
    gold = np.array([STANCE2ID[r["stance"]] for r in dev_rows])
    clf.settings.temperature = fit_temperature(np.log(np.clip(probs, 1e-12, 1)), gold)
    gold_topics = [r.get("topics") or [] for r in dev_rows]

    def micro(t: float) -> float:
        return topic_scores(gold_topics, topics_above(topic_probs, t))["micro_f1"]

    # topic_pos_weight > 1 and topic distillation push probabilities up: the grid reaches 0.95.
    clf.settings.topic_threshold = max(np.arange(0.2, 0.96, 0.05).round(2), key=micro)


def train(cfg: TrainConfig, classifier: StanceClassifier | None = None) -> Path:
    """Fine-tune, calibrate, evaluate and save a model folder; returns its path.

    Args:
        classifier: start from this model instead of the packaged base (tests use a tiny one).
    """
    start = time.time()
    sha = data_sha256([cfg.train_file, *cfg.extra_train_files, cfg.dev_file, cfg.test_file])
    set_seed(cfg.seed)
    torch.set_num_threads(cfg.threads or os.cpu_count() or 1)
    train_rows = load_train_rows(cfg)
    dev_rows = validate_quotes(cfg.dev_file)
    test_rows = validate_quotes(cfg.test_file) if cfg.test_file else []
    clf = classifier or StanceClassifier.from_base(
        cfg.base_model, input_format=cfg.input_format, max_length=cfg.max_length
    )
    logger.info(
        "training on %d quotes, dev %d, test %d", len(train_rows), len(dev_rows), len(test_rows)
    )
    history = fit(clf, train_rows, dev_rows, cfg, teacher_targets(cfg, train_rows))
    calibrate(clf, dev_rows)
    clf.settings.version = f"{Path(cfg.output_dir).name}-{sha[:8]}"
    out = Path(cfg.output_dir)
    clf.save_pretrained(out, dtype=getattr(torch, cfg.save_dtype))
    train_seconds = round(time.time() - start, 1)
    # Scores come from the saved model as reloaded, so they describe exactly what ships.
    shipped = StanceClassifier.from_pretrained(out)
    metrics: dict[str, Any] = {
        "history": history,
        "dev": evaluate(shipped, dev_rows),
        "temperature": shipped.settings.temperature,
        "topic_threshold": shipped.settings.topic_threshold,
        "train_seconds": train_seconds,
        "hardware": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"{torch.get_num_threads()} threads",
        "data_sha256": sha,
    }
    if test_rows:
        metrics["test"] = held_out_metrics(shipped, test_rows)
    cfg.to_yaml(out / "training_config.yaml")
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2), encoding="utf-8")
    write_card(out, cfg, metrics)
    logger.info("saved %s in %.0f s", out, train_seconds)
    return out
