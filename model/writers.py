"""Write score tables (JSON Lines, CSV, Parquet) atomically, and keep a run's resumable parts."""

from __future__ import annotations

import contextlib
import csv
import glob
import json
import logging
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

FORMATS = ("jsonl", "csv", "parquet")
QUOTE_FIELDS = (
    "article_id",
    "quote_index",
    "text",
    "start",
    "end",
    "speaker",
    "speaker_role",
    "speaker_country",
    "kind",
    "stance",
    "confidence",
    "prob_conciliatory",
    "prob_defensive",
    "prob_firm",
    "topics",
    "date",
    "title",
    "model_version",
)
SUMMARY_FIELDS = (
    "article_id",
    "row",
    "date",
    "title",
    "chars",
    "quotes",
    "scored",
    "conciliatory",
    "defensive",
    "firm",
    "tone",
)
ERROR_FIELDS = ("article_id", "row", "stage", "error")
_INT_FIELDS = {"quote_index", "start", "end", "row", "chars", "quotes", "scored"}
_INT_FIELDS |= {"conciliatory", "defensive", "firm"}
_FLOAT_FIELDS = {"confidence", "prob_conciliatory", "prob_defensive", "prob_firm", "tone"}
LIST_SEP = ";"  # CSV has no lists: topics are joined with it
_PART = re.compile(r"^part-(\d{6,})\.jsonl$")


def infer_format(path: str | Path, fmt: str | None = None) -> str:
    """The output format: `fmt` if given, else from the suffix, else JSON Lines."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
        return fmt
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"jsonl": "jsonl", "ndjson": "jsonl", "csv": "csv", "parquet": "parquet"}.get(
        suffix, "jsonl"
    )


def companion_paths(output: Path, fmt: str) -> tuple[Path, Path]:
    """The per-article summary and the errors file that sit beside OUTPUT."""
    ext = {"jsonl": ".jsonl", "csv": ".csv", "parquet": ".parquet"}[fmt]
    stem = output.name[: -len(output.suffix)] if output.suffix else output.name
    return output.with_name(f"{stem}.summary{ext}"), output.with_name(f"{stem}.errors{ext}")


def _arrow_schema(fields: tuple[str, ...]) -> Any:
    import pyarrow as pa

    def arrow_type(name: str) -> Any:
        if name == "topics":
            return pa.list_(pa.string())
        if name in _INT_FIELDS:
            return pa.int64()
        if name in _FLOAT_FIELDS:
            return pa.float64()
        return pa.string()

    return pa.schema([(f, arrow_type(f)) for f in fields])


class TableWriter:
    """Rows with fixed fields to one file; lists become `;`-joined text in CSV."""

    def __init__(self, path: Path, fields: tuple[str, ...], fmt: str) -> None:
        self.path, self.fields, self.fmt = path, fields, fmt
        self.count = 0
        self._pq: Any = None
        self._buffer: list[dict[str, Any]] = []
        if fmt == "parquet":
            import pyarrow.parquet as pq

            self._pq = pq.ParquetWriter(str(path), _arrow_schema(fields))
        else:
            self._f = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
            if fmt == "csv":
                self._csv = csv.writer(self._f)
                self._csv.writerow(fields)

    def write(self, row: dict[str, Any]) -> None:
        values = {f: row.get(f) for f in self.fields}
        self.count += 1
        if self.fmt == "jsonl":
            self._f.write(json.dumps(values, ensure_ascii=False) + "\n")
        elif self.fmt == "csv":
            self._csv.writerow([_csv_cell(v) for v in values.values()])
        else:
            self._buffer.append(values)
            if len(self._buffer) >= 4096:
                self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if self._buffer:
            table = pa.Table.from_pylist(self._buffer, schema=self._pq.schema)
            self._pq.write_table(table)
            self._buffer = []

    def close(self) -> None:
        if self._pq is not None:
            self._flush()
            self._pq.close()
        else:
            self._f.flush()
            os.fsync(self._f.fileno())
            self._f.close()


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEP.join(str(v) for v in value)
    return value


@contextlib.contextmanager
def atomic_path(final: Path) -> Iterator[Path]:
    """A temp path beside `final`, moved over it only if the block finishes."""
    fd, tmp = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
    os.close(fd)
    # mkstemp makes 0600 files; outputs get the usual umask-derived mode instead.
    os.chmod(tmp, 0o666 & ~_umask())
    try:
        yield Path(tmp)
        os.replace(tmp, final)
        _fsync_dir(final.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _fsync_dir(folder: Path) -> None:
    # The rename itself is durable only once the folder's entry is on disk (power loss).
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_json_atomic(path: Path, obj: Any) -> None:
    """Write JSON to `path` via a temp file and os.replace (readers never see half a file)."""
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=1, sort_keys=True)
        f.flush()
        os.fsync(f.fileno())


def resolve_output(path: str | Path) -> Path:
    """The absolute output path; refuses folders, missing parents, symlinks, linked parts dirs."""
    if Path(path).expanduser().is_symlink():
        # Following it could write anywhere the link points; outputs go where they are named.
        raise ValueError(f"output {str(path)!r} is a symbolic link; give a plain file path")
    out = Path(path).expanduser().resolve()
    if out.is_dir():
        raise ValueError(f"output {str(path)!r} is a folder; give a file name such as scores.jsonl")
    if not out.parent.is_dir():
        raise ValueError(f"the folder of output {str(path)!r} does not exist")
    parts = parts_dir(out)
    if parts.is_symlink() or (parts.exists() and not parts.is_dir()):
        raise ValueError(f"{parts} exists and is not a plain folder; remove it")
    return out


def parts_dir(output: Path) -> Path:
    """Where a run keeps its manifest and finished chunks: OUTPUT.parts/ beside OUTPUT."""
    return output.with_name(output.name + ".parts")


class PartStore:
    """Finished chunks of a run, one JSON Lines file each, named by chunk number only."""

    MANIFEST = "manifest.json"

    def __init__(self, output: Path) -> None:
        self.dir = parts_dir(output)

    def exists(self) -> bool:
        return (self.dir / self.MANIFEST).is_file()

    def manifest(self) -> dict[str, Any]:
        return dict(json.loads((self.dir / self.MANIFEST).read_text(encoding="utf-8")))

    def start(self, manifest: dict[str, Any]) -> None:
        """Begin a fresh run: an empty parts folder holding only the manifest."""
        self.dir.mkdir(exist_ok=True)
        for p in self.dir.iterdir():
            if _PART.match(p.name) or p.name.endswith(".tmp"):
                p.unlink()
        write_json_atomic(self.dir / self.MANIFEST, manifest)

    def path(self, chunk: int) -> Path:
        return self.dir / f"part-{chunk:06d}.jsonl"

    def done(self, chunk: int) -> bool:
        return self.path(chunk).is_file()

    def finished(self) -> list[int]:
        """Numbers of the chunks already written."""
        return sorted(int(m.group(1)) for p in self.dir.iterdir() if (m := _PART.match(p.name)))

    def write(self, chunk: int, records: dict[str, list[dict[str, Any]]]) -> None:
        """Write one chunk's quotes, summaries and errors; visible only once complete."""
        with atomic_path(self.path(chunk)) as tmp, open(tmp, "w", encoding="utf-8") as f:
            for kind in ("quotes", "summaries", "errors"):
                for row in records[kind]:
                    f.write(json.dumps([kind, row], ensure_ascii=False) + "\n")
            f.flush()
            os.fsync(f.fileno())

    def read(self, chunk: int) -> Iterator[tuple[str, dict[str, Any]]]:
        with open(self.path(chunk), encoding="utf-8") as f:
            for line in f:
                kind, row = json.loads(line)
                yield kind, row

    def remove(self) -> None:
        """Delete this run's files (only ours) and the folder once the outputs are in place."""
        for p in self.dir.iterdir():
            if _PART.match(p.name) or p.name == self.MANIFEST or p.name.endswith(".tmp"):
                p.unlink()
        with contextlib.suppress(OSError):
            self.dir.rmdir()


def assemble(
    store: PartStore, chunks: int, output: Path, fmt: str
) -> tuple[Path, Path, dict[str, int]]:
    """Stream the parts, in chunk order, into OUTPUT, its summary and its errors file."""
    summary_path, errors_path = companion_paths(output, fmt)
    targets = ((output, QUOTE_FIELDS), (summary_path, SUMMARY_FIELDS), (errors_path, ERROR_FIELDS))
    for path, _ in targets:  # temp files of an assembly killed half-way
        for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
            stale.unlink()
    with contextlib.ExitStack() as stack:
        tmps = [stack.enter_context(atomic_path(p)) for p, _ in targets]
        writers = {
            kind: TableWriter(tmp, fields, fmt)
            for kind, tmp, (_, fields) in zip(("quotes", "summaries", "errors"), tmps, targets)
        }
        for chunk in range(chunks):
            for kind, row in store.read(chunk):
                writers[kind].write(row)
        for w in writers.values():
            w.close()
        counts = {kind: w.count for kind, w in writers.items()}
    return summary_path, errors_path, counts


def read_table(path: str | Path, fmt: str | None = None) -> list[dict[str, Any]]:
    """Read a table this module wrote back into dicts (used by the report and the tests)."""
    fmt = infer_format(path, fmt)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return list(pq.read_table(str(path)).to_pylist())
    if fmt == "jsonl":
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    with open(path, encoding="utf-8", newline="") as f:
        return [_from_csv(row) for row in csv.DictReader(f)]


def _from_csv(row: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in row.items():
        if k == "topics":
            out[k] = v.split(LIST_SEP) if v else []
        elif v == "":
            out[k] = None
        elif k in _INT_FIELDS:
            out[k] = int(v)
        elif k in _FLOAT_FIELDS:
            out[k] = float(v)
        else:
            out[k] = v
    return out
