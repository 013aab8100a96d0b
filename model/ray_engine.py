"""The Ray Data engine: the local pipeline's chunks, extracted and classified in an actor pool.

Each dataset row is one chunk of articles, so every chunk is classified exactly as the local
engine classifies it (same quotes in the same batches): the rows are identical. The driver
reads the input (cheap, sequential; it also flags duplicate ids) and feeds windows of pending
chunks to Ray: map (extract quotes) -> map_batches (classify, a pool of actors each holding
the model; Ray fuses the two stages into the actors). Finished chunks come back to the driver,
which writes the same part files as the local engine (workers need no shared filesystem, and
--resume works across engines); the final tables, Parquet included, are assembled from them.
A local Ray is started unless one is running or RAY_ADDRESS names a cluster.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

from model.readers import Article, InputError
from model.score import (
    ScoreConfig,
    chunked,
    classify_prepared,
    prepare_article,
    progress_bar,
)
from model.writers import PartStore

logger = logging.getLogger(__name__)

# A window of chunks is one Ray dataset (and one start of the actor pool): large enough that
# actor start-up is amortised, small enough that the driver's memory stays flat.
WINDOW_ARTICLES = 16_384
WINDOW_PER_ACTOR = 4


def _config_dict(cfg: ScoreConfig) -> dict[str, Any]:
    d = asdict(cfg)
    d["kinds"] = sorted(cfg.kinds)
    return d


def _extract_row(row: dict[str, Any], cfg: dict[str, Any]) -> dict[str, Any]:
    """Ray task: parse one chunk's articles and extract their quotes."""
    config = ScoreConfig(**cfg)
    articles = [Article(**a) for a in json.loads(row["articles"])]
    prepared = [prepare_article(a, config) for a in articles]
    return {"chunk": row["chunk"], "prepared": json.dumps(prepared, ensure_ascii=False)}


class _ClassifyChunks:
    """Ray actor: holds one classifier and classifies whole chunks."""

    def __init__(self, clf_ref: Any, cfg: dict[str, Any]) -> None:
        import ray

        self.clf = ray.get(clf_ref) if isinstance(clf_ref, ray.ObjectRef) else clf_ref
        self.cfg = ScoreConfig(**cfg)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        results = []
        for prepared in batch["prepared"]:
            records = classify_prepared(json.loads(prepared), self.clf, self.cfg)
            results.append(json.dumps(records, ensure_ascii=False))
        return {"chunk": list(batch["chunk"]), "records": results}


def _start_ray(cfg: ScoreConfig) -> bool:
    """Join RAY_ADDRESS's cluster or start a small local Ray; True if we started one."""
    import ray

    if ray.is_initialized():
        return False
    if os.environ.get("RAY_ADDRESS"):
        ray.init(log_to_driver=False, logging_level=logging.WARNING)
    else:
        ray.init(
            num_cpus=max(2, cfg.ray_actors + 1),
            include_dashboard=False,
            log_to_driver=False,
            logging_level=logging.WARNING,
        )
    return True


def run_ray(
    articles: Iterator[Article], store: PartStore, clf: Any, cfg: ScoreConfig
) -> dict[str, int]:
    """Score the pending chunks on Ray Data; returns chunk and article counts."""
    try:
        import ray
        from ray.data import DataContext
    except ImportError as e:
        hint = "pip install 'diplostance[ray]'"
        raise InputError(f"--engine ray needs Ray Data: {hint} ({e})") from e

    started = _start_ray(cfg)
    DataContext.get_current().enable_progress_bars = False
    try:
        clf_ref = ray.put(clf)
        window: list[tuple[int, list[Article]]] = []
        n_chunks = n_articles = 0
        with progress_bar(cfg) as bar:
            for idx, chunk in chunked(articles, cfg.chunk_size):
                n_chunks, n_articles = idx + 1, n_articles + len(chunk)
                if store.done(idx):
                    bar.skip(len(chunk))
                    continue
                window.append((idx, chunk))
                if len(window) >= _window_chunks(cfg):
                    _run_window(window, store, clf_ref, cfg, bar)
                    window = []
            if window:
                _run_window(window, store, clf_ref, cfg, bar)
        return {"chunks": n_chunks, "articles": n_articles}
    finally:
        if started:
            ray.shutdown()


def _window_chunks(cfg: ScoreConfig) -> int:
    return max(WINDOW_PER_ACTOR * cfg.ray_actors, WINDOW_ARTICLES // cfg.chunk_size)


def _run_window(
    window: list[tuple[int, list[Article]]],
    store: PartStore,
    clf_ref: Any,
    cfg: ScoreConfig,
    bar: progress_bar,
) -> None:
    import ray

    sizes = {idx: len(chunk) for idx, chunk in window}
    items = [
        {"chunk": idx, "articles": json.dumps([asdict(a) for a in chunk], ensure_ascii=False)}
        for idx, chunk in window
    ]
    cfg_dict = _config_dict(cfg)
    ds: Any = ray.data.from_items(items, override_num_blocks=len(items))
    ds = ds.map(_extract_row, fn_kwargs={"cfg": cfg_dict})
    ds = ds.map_batches(
        _ClassifyChunks,
        fn_constructor_args=(clf_ref, cfg_dict),
        batch_size=1,
        compute=ray.data.ActorPoolStrategy(size=cfg.ray_actors),
        num_cpus=1,
    )
    for row in ds.iter_rows():
        records = json.loads(row["records"])
        store.write(int(row["chunk"]), records)
        bar.advance(sizes[int(row["chunk"])], len(records["quotes"]))
