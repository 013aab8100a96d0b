"""Read article corpora as a stream: a folder of .txt/.md/.html files, JSON Lines, CSV, Parquet."""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

logger = logging.getLogger(__name__)

FILE_SUFFIXES = (".txt", ".md", ".html", ".htm")
TABLE_SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
# Byte-order marks, longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PARQUET_BATCH = 1024
# Never article text (and never run: bs4 only parses them).
_DROP_TAGS = ["script", "style", "noscript", "template", "iframe", "svg", "nav", "header"]
_DROP_TAGS += ["footer", "aside", "form", "head"]
_BLOCK_TAGS = ["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr"]
_BLOCK_TAGS += ["section", "dd", "dt", "figcaption"]


class InputError(ValueError):
    """The whole input cannot be read (missing path, unknown format, missing column)."""


@dataclass(frozen=True)
class Article:
    """One input article, or why it could not be read (`error`); `row` is its input position."""

    id: str
    row: int
    text: str | None = None
    date: str | None = None
    title: str | None = None
    error: str | None = None
    stage: str = "read"


@dataclass(frozen=True)
class Columns:
    """Column (or JSON field) names; None means "use the default name if the input has it"."""

    text: str = "text"
    id: str | None = None
    date: str | None = None
    title: str | None = None

    def __post_init__(self) -> None:
        for name in ("text", "id", "date", "title"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, str) or not value.strip()):
                raise ValueError(f"{name} column must be a non-empty string, got {value!r}")

    def resolve(self, available: Iterable[str], where: str) -> Columns:
        """Check the names against the input's columns; fill defaults that exist."""
        names = list(available)
        choices = ", ".join(names) or "none"
        if self.text not in names:
            raise InputError(
                f"no text column {self.text!r} in {where}; its columns are: {choices} "
                "(choose one with --text-column)"
            )
        resolved: dict[str, str | None] = {"text": self.text}
        for field in ("id", "date", "title"):
            given = getattr(self, field)
            if given is not None and given not in names:
                raise InputError(
                    f"no {field} column {given!r} in {where}; its columns are: {choices}"
                )
            resolved[field] = given or (field if field in names else None)
        return Columns(**resolved)  # type: ignore[arg-type]


def decode_bytes(data: bytes) -> tuple[str | None, str | None]:
    """Decode article bytes: BOM-aware, UTF-8 first, cp1252 fallback; (text, error)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(encoding, errors="replace")
            return _check_text(text)
    if b"\x00" in data:
        return None, "binary content (NUL bytes), not text"
    try:
        return _check_text(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    # A few bad bytes in UTF-8 text are damage; many mean a legacy single-byte encoding.
    if text.count("\ufffd") <= max(2, len(text) // 1000):
        return _check_text(text)
    return _check_text(data.decode("cp1252", errors="replace"))


def _check_text(text: str) -> tuple[str | None, str | None]:
    if len(_CONTROL.findall(text[:100_000])) > max(8, len(text[:100_000]) // 100):
        return None, "binary content (control characters), not text"
    return text, None


def html_to_text(markup: str) -> tuple[str, str | None, str | None]:
    """Reduce HTML to its article text, title and date; scripts are dropped, never run."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    date_value = _html_date(soup)
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    for br in root.find_all("br"):
        br.replace_with("\n")
    # Block elements become paragraphs; inline ones (<a>, <em>) stay inside their sentence.
    for tag in root.find_all(_BLOCK_TAGS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", root.get_text()))
    return "\n\n".join(p for p in paragraphs if p), title or None, date_value


def _html_date(soup: Any) -> str | None:
    for attrs in (
        {"property": "article:published_time"},
        {"name": "date"},
        {"name": "pubdate"},
        {"itemprop": "datePublished"},
    ):
        tag = soup.find("meta", attrs=attrs)
        if tag is not None and tag.get("content"):
            return str(tag["content"]).strip()
    time_tag = soup.find("time", attrs={"datetime": True})
    return str(time_tag["datetime"]).strip() if time_tag is not None else None


def _md_title(text: str) -> str | None:
    for line in text.splitlines()[:20]:
        if line.startswith("# "):
            return line[2:].strip() or None
    return None


def _scalar(value: Any) -> str | None:
    """A metadata value (id, date, title) as a string; dates in ISO form."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value).strip()
    return text or None


def make_article(row: int, record: dict[str, Any], cols: Columns) -> Article:
    """An Article from one table record (JSONL object, CSV row, Parquet row)."""
    article_id = _scalar(record.get(cols.id or "id")) or f"row-{row}"
    date_value = _scalar(record.get(cols.date or "date"))
    title = _scalar(record.get(cols.title or "title"))
    text = record.get(cols.text)
    error = None
    if cols.text not in record:
        error = f"no {cols.text!r} field"
    elif text is None:
        error = "null text"
    elif not isinstance(text, str):
        error = f"text is {type(text).__name__}, not a string"
    if error is not None:
        return Article(article_id, row, date=date_value, title=title, error=error)
    return Article(article_id, row, text=text, date=date_value, title=title)


class Source:
    """A checked input: iterate `articles()` in a fixed order; `fingerprint()` identifies it."""

    def __init__(self, path: str, kind: str, columns: Columns, max_bytes: int) -> None:
        self.path = path
        self.kind = kind
        self.columns = columns
        self.max_bytes = max_bytes

    def articles(self) -> Iterator[Article]:
        """Every input record in order, duplicates of an earlier id turned into errors."""
        readers = {
            "folder": self._folder,
            "jsonl": self._jsonl_file,
            "stdin": lambda: iter_jsonl(sys.stdin.buffer, self.columns, self.max_bytes),
            "csv": self._csv,
            "parquet": self._parquet,
        }
        return flag_duplicates(readers[self.kind]())

    def fingerprint(self) -> str:
        """Identity of the input for --resume: names, sizes, times, and the file's ends."""
        h = hashlib.sha256(f"{self.kind}\0{self.columns}".encode())
        if self.kind == "stdin":
            raise InputError("--resume needs a file or folder input, not stdin")
        if self.kind == "folder":
            for rel, full in _walk(Path(self.path)):
                st = full.lstat()
                h.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
            return h.hexdigest()
        size = os.path.getsize(self.path)
        h.update(f"{size}\0{os.path.getmtime(self.path)}".encode())
        with open(self.path, "rb") as f:
            h.update(f.read(1 << 20))
            f.seek(max(0, size - (1 << 20)))
            h.update(f.read(1 << 20))
        return h.hexdigest()

    def _folder(self) -> Iterator[Article]:
        for n, (rel, full) in enumerate(_walk(Path(self.path))):
            yield read_article_file(full, rel, n, self.max_bytes)

    def _jsonl_file(self) -> Iterator[Article]:
        with open(self.path, "rb") as f:
            yield from iter_jsonl(f, self.columns, self.max_bytes)

    def _csv(self) -> Iterator[Article]:
        with open(self.path, encoding="utf-8-sig", errors="replace", newline="") as f:
            yield from iter_csv(f, self.columns)

    def _parquet(self) -> Iterator[Article]:
        import pyarrow.parquet as pq

        cols = self.columns
        wanted = [c for c in dict.fromkeys([cols.text, cols.id, cols.date, cols.title]) if c]
        row = 0
        for batch in pq.ParquetFile(self.path).iter_batches(_PARQUET_BATCH, columns=wanted):
            for record in batch.to_pylist():
                yield make_article(row, record, cols)
                row += 1


def _walk(root: Path) -> Iterator[tuple[str, Path]]:
    """Article files under root in a stable order; hidden entries skipped."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.startswith(".") or Path(name).suffix.lower() not in FILE_SUFFIXES:
                continue
            full = Path(dirpath) / name
            yield full.relative_to(root).as_posix(), full


def read_article_file(path: Path, rel: str, row: int, max_bytes: int) -> Article:
    """One .txt/.md/.html file as an Article (errors recorded, never raised)."""
    article_id = rel.rsplit(".", 1)[0]
    try:
        if path.is_symlink():
            return Article(article_id, row, error="symbolic link: not followed")
        size = path.stat().st_size
        if size > max_bytes:
            # Refused unread: the file cannot fit the max_article_chars limit.
            msg = f"file is {size} bytes, too big for the max_article_chars limit"
            return Article(article_id, row, error=msg, stage="limit")
        data = path.read_bytes()
    except OSError as e:
        return Article(article_id, row, error=f"cannot read file: {e.strerror or e}")
    text, error = decode_bytes(data)
    if text is None:
        return Article(article_id, row, error=error)
    title: str | None = None
    date_value: str | None = None
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        try:
            text, title, date_value = html_to_text(text)
        except Exception as e:  # bs4 tolerates almost anything; keep one bad page local
            return Article(article_id, row, error=f"cannot parse HTML: {e}")
    elif suffix == ".md":
        title = _md_title(text)
    return Article(article_id, row, text=text, date=date_value, title=title)


def iter_jsonl(stream: IO[bytes], cols: Columns, max_bytes: int) -> Iterator[Article]:
    """JSON Lines, one line at a time; an over-long line is skipped without being held."""
    row = 0
    checked = False
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            msg = f"line longer than {max_bytes} bytes (max_article_chars limit)"
            yield Article(f"row-{row}", row, error=msg, stage="limit")
            row += 1
            continue
        if not line.strip():
            continue
        record, error = _parse_json_line(line)
        if record is None:
            yield Article(f"row-{row}", row, error=error)
        else:
            if not checked:
                # JSON records need not share keys: check the names once, then look each up.
                cols.resolve(record.keys(), "the first JSON Lines record")
                checked = True
            yield make_article(row, record, cols)
        row += 1


def _parse_json_line(line: bytes) -> tuple[dict[str, Any] | None, str | None]:
    text, _ = decode_bytes(line)
    if text is None:
        return None, "binary content, not a JSON line"
    try:
        record = json.loads(text)
    except json.JSONDecodeError as e:
        return None, f"invalid JSON: {e.msg} at column {e.colno}"
    if not isinstance(record, dict):
        return None, f"JSON line is a {type(record).__name__}, not an object"
    return record, None


def iter_csv(stream: IO[str], cols: Columns) -> Iterator[Article]:
    """CSV rows, streamed; a row whose field count differs from the header is an error."""
    # Whole articles live in one field; the csv module's default 128 KiB cap is far too low.
    csv.field_size_limit(2**31 - 1)
    reader = csv.reader(stream)
    header = next(reader, None)
    if header is None:
        raise InputError("the CSV file is empty: no header row")
    header = [h.strip() for h in header]
    cols = cols.resolve(header, "the CSV header")
    row = 0
    for fields in reader:
        if not fields:
            continue
        if len(fields) != len(header):
            yield Article(
                f"row-{row}", row, error=f"row has {len(fields)} fields, header has {len(header)}"
            )
        else:
            yield make_article(row, dict(zip(header, fields)), cols)
        row += 1


def flag_duplicates(articles: Iterable[Article]) -> Iterator[Article]:
    """Keep the first article of each id; later ones become errors naming the first's row."""
    first: dict[str, int] = {}
    for a in articles:
        if a.id in first:
            yield Article(a.id, a.row, error=f"duplicate article_id (first at row {first[a.id]})")
        else:
            first[a.id] = a.row
            yield a


def open_source(path: str, columns: Columns, *, max_bytes: int) -> Source:
    """Check that `path` can be read as a corpus (raises InputError) and return its Source."""
    if path == "-":
        return Source(path, "stdin", columns, max_bytes)
    p = Path(path)
    if not p.exists():
        raise InputError(f"input {path!r} does not exist")
    if p.is_dir():
        return Source(path, "folder", columns, max_bytes)
    kind = TABLE_SUFFIXES.get(p.suffix.lower())
    if kind is None:
        choices = ", ".join([*TABLE_SUFFIXES, "a folder of " + "/".join(FILE_SUFFIXES), "-"])
        raise InputError(f"cannot read {p.name!r}: unknown input format; use one of: {choices}")
    if not os.access(p, os.R_OK):
        raise InputError(f"input {path!r} is not readable")
    return Source(path, kind, _check_columns(p, kind, columns, max_bytes), max_bytes)


def _check_columns(path: Path, kind: str, columns: Columns, max_bytes: int) -> Columns:
    try:
        if kind == "parquet":
            import pyarrow.parquet as pq

            return columns.resolve(pq.ParquetFile(path).schema_arrow.names, path.name)
        if kind == "csv":
            with open(path, encoding="utf-8-sig", errors="replace", newline="") as f:
                header = next(csv.reader(f), None)
            if header is None:
                raise InputError(f"{path.name} is empty: no CSV header row")
            return columns.resolve([h.strip() for h in header], path.name)
        with open(path, "rb") as f:
            if f.read(4096).lstrip().startswith(b"["):
                raise InputError(
                    f"{path.name} is a JSON array; give JSON Lines (one object a line)"
                )
            f.seek(0)
            for _ in iter_jsonl(f, columns, max_bytes):
                break  # reading up to the first record resolves (checks) its columns
        return columns
    except InputError:
        raise
    except Exception as e:
        raise InputError(f"cannot read {path.name} as {kind}: {e}") from e
