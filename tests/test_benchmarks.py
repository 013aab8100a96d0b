"""Smoke tests: every benchmark script runs end to end at its --quick size on a tiny model.

No timing is asserted; the numbers of a tiny model on a CI runner mean nothing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import make_tiny

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tiny_dir(tokenizer, tmp_path_factory) -> Path:
    return make_tiny(tokenizer).save_pretrained(tmp_path_factory.mktemp("bench") / "tiny")


def run_script(name: str, *args: str, tmp_path: Path) -> dict:
    out = tmp_path / f"{name}.json"
    cmd = [sys.executable, str(BENCH / f"{name}.py"), *args, "--json", str(out)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(out.read_text())


def test_bench_classifier_quick(tiny_dir, tmp_path):
    r = run_script("bench_classifier", "--quick", "--model", str(tiny_dir), tmp_path=tmp_path)
    assert set(r["quotes_per_s"]) == {
        "pipeline bs=1",
        "pipeline bs=64",
        "diplostance fp32",
        "diplostance int8",
    }
    assert r["quotes"] == 40 and r["machine"]["cpu"]


def test_bench_accuracy_quick_writes_the_record(tiny_dir, tmp_path):
    # A copy: the record would switch the other scripts' "auto" runs to int8.
    model = Path(shutil.copytree(tiny_dir, tmp_path / "tiny"))
    r = run_script(
        "bench_accuracy", "--quick", "--model", str(model), "--write-record", tmp_path=tmp_path
    )
    assert 0 <= r["int8"]["agreement"] <= 1
    assert (model / "quantization.json").is_file()


def test_bench_score_quick(tiny_dir, tmp_path):
    r = run_script("bench_score", "--quick", "--model", str(tiny_dir), tmp_path=tmp_path)
    assert r["articles"] == 20 and r["quotes"] > 0
    assert set(r["peak_rss_mb_by_articles"]) == {"10"}


def test_bench_roofline_quick(tiny_dir, tmp_path):
    r = run_script("bench_roofline", "--quick", "--model", str(tiny_dir), tmp_path=tmp_path)
    assert r["gflop_per_quote"] > 0 and r["gemm_gflops"]["fp32"] > 0
    assert set(r["fraction_of_gemm_rate"]) >= {"fp32"}


def test_bench_extract_small(tmp_path):
    cmd = [sys.executable, str(BENCH / "bench_extract.py"), "--n", "20", "--words", "200"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "extract_quotes" in proc.stdout
