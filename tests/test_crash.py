"""Crash safety: SIGKILL the real CLI at several points, resume, get the uninterrupted output."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from model.score import ScoreConfig, score_corpus
from model.writers import parts_dir, read_table
from tests.conftest import make_tiny

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
CHUNK = 2
KILL_AFTER = (3, 14, 29)  # finished chunks when each kill lands (of 48)
POLL_TIMEOUT_S = 300  # generous: only a hung child gets near it


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory, tokenizer) -> Path:
    return make_tiny(tokenizer).save_pretrained(tmp_path_factory.mktemp("m") / "tiny")


def _corpus(path: Path) -> Path:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    with open(path, "w", encoding="utf-8") as f:
        for i in range(96):
            f.write(json.dumps({"id": f"a{i:03d}", "text": texts[i % len(texts)]}) + "\n")
    return path


def _argv(src: Path, out: Path, model: Path, resume: bool) -> list[str]:
    argv = [sys.executable, "-m", "model.cli", "score", str(src), "-o", str(out)]
    argv += ["--model", str(model), "--chunk-size", str(CHUNK), "--batch-size", "8"]
    return [*argv, "--no-progress", *(["--resume"] if resume else [])]


def _finished_parts(out: Path) -> list[Path]:
    folder = parts_dir(out)
    return sorted(folder.glob("part-*.jsonl")) if folder.is_dir() else []


def _kill_when(proc: subprocess.Popen, out: Path, chunks: int) -> int:
    """SIGKILL `proc` once `chunks` parts exist; returns how many existed at the kill."""
    deadline = time.monotonic() + POLL_TIMEOUT_S
    while len(_finished_parts(out)) < chunks:
        if proc.poll() is not None:
            pytest.fail(f"the scorer exited ({proc.returncode}) before chunk {chunks}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"no chunk {chunks} within {POLL_TIMEOUT_S}s")
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return len(_finished_parts(out))


def test_sigkill_at_three_points_then_resume_equals_an_uninterrupted_run(tmp_path, model_dir):
    src = _corpus(tmp_path / "in.jsonl")
    ref = score_corpus(
        src, tmp_path / "ref.jsonl", model=model_dir,
        config=ScoreConfig(chunk_size=CHUNK, batch_size=8, progress=False),
    )  # fmt: skip
    out = tmp_path / "run" / "o.jsonl"
    out.parent.mkdir()
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    done_at_kill = []
    for n, chunks in enumerate(KILL_AFTER):
        proc = subprocess.Popen(
            _argv(src, out, model_dir, resume=n > 0), cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        done_at_kill.append(_kill_when(proc, out, chunks))
        assert proc.returncode == -signal.SIGKILL
        assert not out.exists()  # the final output appears only when the run completes
        for part in _finished_parts(out):  # every visible part is whole
            assert all(json.loads(line) for line in part.read_text(encoding="utf-8").splitlines())
    assert all(k <= d < 48 for k, d in zip(KILL_AFTER, done_at_kill)), done_at_kill
    # The last resume runs in-process (one interpreter start fewer); it writes the same bytes.
    cfg = ScoreConfig(chunk_size=CHUNK, batch_size=8, progress=False, resume=True)
    assert score_corpus(src, out, model=model_dir, config=cfg).resumed_chunks == done_at_kill[-1]
    for got, want in (
        (out, ref.output),
        (out.with_name("o.summary.jsonl"), ref.summary),
        (out.with_name("o.errors.jsonl"), ref.errors),
    ):
        assert got.read_bytes() == want.read_bytes()
    rows = read_table(out)
    assert len({(r["article_id"], r["quote_index"]) for r in rows}) == len(rows) == ref.quotes
    assert [s["row"] for s in read_table(out.with_name("o.summary.jsonl"))] == list(range(96))
    assert not parts_dir(out).exists()
