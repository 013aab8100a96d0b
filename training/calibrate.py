"""Temperature scaling: one scalar fitted on dev, so that confidence means what it says."""

from __future__ import annotations

import numpy as np
import torch


def fit_temperature(log_probs: np.ndarray, gold: np.ndarray, steps: int = 200) -> float:
    """The temperature T minimising dev NLL of softmax(log_probs / T).

    Args:
        log_probs: uncalibrated log-probabilities (or logits; softmax is shift-invariant), (n, k).
        gold: gold class indices, (n,).
    """
    logits = torch.as_tensor(log_probs, dtype=torch.float64)
    target = torch.as_tensor(gold, dtype=torch.long)
    log_t = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([log_t], lr=0.1, max_iter=steps)

    def closure() -> torch.Tensor:
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(logits / log_t.exp(), target)
        loss.backward()
        return loss

    opt.step(closure)
    # Bounded: a degenerate dev set must not produce an absurd temperature.
    return float(np.clip(log_t.exp().item(), 0.05, 20.0))
