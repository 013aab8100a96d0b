"""The Ray engine (local Ray, 2 CPUs) writes exactly the local engine's rows, errors included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from model.score import ScoreConfig, score_corpus
from model.writers import parts_dir
from tests.conftest import make_tiny

ray = pytest.importorskip("ray")

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _corpus(path: Path) -> Path:
    lines = [
        json.dumps({"id": p.stem, "text": p.read_text(encoding="utf-8")})
        for p in sorted(SAMPLES.glob("*.txt"))
    ]
    lines[3:3] = [
        "{not json",
        json.dumps({"id": "art-a01", "text": "duplicate"}),
        json.dumps({"id": "e", "text": " "}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_ray_and_local_engines_write_identical_outputs(tmp_path, tokenizer, local_ray):
    clf = make_tiny(tokenizer)
    src = _corpus(tmp_path / "in.jsonl")
    cfg = {"chunk_size": 3, "batch_size": 16, "progress": False, "format": "parquet"}
    local = score_corpus(src, tmp_path / "local.parquet", model=clf, config=ScoreConfig(**cfg))
    remote = score_corpus(
        src, tmp_path / "ray.parquet", model=clf,
        config=ScoreConfig(engine="ray", ray_actors=1, **cfg),
    )  # fmt: skip
    assert remote.articles == local.articles == len(list(SAMPLES.glob("*.txt"))) + 3
    assert local.errored == 3 and local.quotes > 100
    for a, b in ((local.output, remote.output), (local.summary, remote.summary)):
        assert a.read_bytes() == b.read_bytes()
    assert local.errors.read_bytes() == remote.errors.read_bytes()
    assert ray.is_initialized()  # the engine leaves a Ray it did not start running


class _Interrupting:
    """The real classifier, interrupted (like Ctrl-C) on its n-th call."""

    def __init__(self, clf, calls: int) -> None:
        self.clf, self.calls = clf, calls
        self.net, self.settings = clf.net, clf.settings

    def predict_proba(self, *args, **kwargs):
        self.calls -= 1
        if self.calls < 0:
            raise KeyboardInterrupt
        return self.clf.predict_proba(*args, **kwargs)


def test_a_local_run_interrupted_is_finished_on_ray(tmp_path, tokenizer, local_ray):
    clf = make_tiny(tokenizer)
    cfg = {"chunk_size": 5, "batch_size": 16, "progress": False}
    ref = score_corpus(SAMPLES, tmp_path / "ref.jsonl", model=clf, config=ScoreConfig(**cfg))
    out = tmp_path / "o.jsonl"
    with pytest.raises(KeyboardInterrupt):
        score_corpus(SAMPLES, out, model=_Interrupting(clf, 2), config=ScoreConfig(**cfg))
    assert len(list(parts_dir(out).glob("part-*"))) == 2
    res = score_corpus(
        SAMPLES, out, model=clf, config=ScoreConfig(engine="ray", resume=True, **cfg)
    )
    assert res.resumed_chunks == 2
    assert res.output.read_bytes() == ref.output.read_bytes()
    assert res.summary.read_bytes() == ref.summary.read_bytes()
