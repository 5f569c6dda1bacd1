"""Files, folders, JSON/JSONL records and standard input -> RawDocument.

Inputs are streamed: folders are walked lazily and JSONL is read line by line,
so a 1 GiB file never sits in memory. Anything that cannot become a document
(empty, binary, undecodable, too large, malformed) becomes an ErrorRecord that
names the input and the reason, and the stream goes on.
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from charset_normalizer import CharsetMatch, from_bytes

from pipeline.records import ErrorRecord, RawDocument, Source

TEXT_SUFFIXES = {".txt": "text/plain", ".html": "text/html", ".htm": "text/html"}
RECORD_SUFFIXES = {".json", ".jsonl"}
HTML_START = re.compile(rb"\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
STDIN = "-"
PREFERRED_LEGACY_ENCODINGS = ["cp1252", "latin_1", "iso8859_15", "cp1250", "cp1251", "iso8859_2"]
NOT_REGULAR = "not a regular file (a device, socket or pipe)"
# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
BYTE_ORDER_MARKS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
]


class InputError(ValueError):
    """An input that cannot become a document; the message is the reason users see."""


@dataclass(frozen=True)
class InputLimits:
    max_bytes: int


def content_hash(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def decode(data: bytes) -> tuple[str, str]:
    """Text and how it was decoded: a byte-order mark's encoding, UTF-8, then the charset detector's best guess."""
    if not data.strip():
        raise InputError("empty input")
    marked = next((encoding for mark, encoding in BYTE_ORDER_MARKS if data.startswith(mark)), None)
    if marked:
        try:
            text, encoding = data.decode(marked), marked
        except UnicodeDecodeError:
            raise InputError(f"starts with a {marked.upper()} byte-order mark but is not valid {marked.upper()}") from None
        if not text.strip():
            raise InputError("empty input")
    else:
        text, encoding = _decode_unmarked(data)
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(2, len(text[:4096]) // 100):
        raise InputError("binary content: control characters in the text")
    return text, encoding


def _decode_unmarked(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        best = None if b"\x00" in data else detect_charset(data)
        if best is None:
            raise InputError("binary or undecodable bytes: not UTF-8 and no text encoding detected") from None
        return str(best), f"{best.encoding} (detected)"


def detect_charset(data: bytes) -> CharsetMatch | None:
    """The detector's best match; among equally good ones, the commonest legacy web encoding.

    Short Swedish text scores the same in cp1250 and cp1252, and only cp1252
    gives back "å": the tie-break follows what the web actually uses.
    """
    matches = list(from_bytes(data))
    if not matches:
        return None
    best = matches[0]
    tied = [m for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)]
    return min(tied, key=lambda m: PREFERRED_LEGACY_ENCODINGS.index(m.encoding) if m.encoding in PREFERRED_LEGACY_ENCODINGS else len(PREFERRED_LEGACY_ENCODINGS))


def sniff_content_type(data: bytes) -> str:
    return "text/html" if HTML_START.match(data[:2048]) else "text/plain"


def document_from_bytes(data: bytes, source: Source, content_type: str | None = None) -> RawDocument:
    text, encoding = decode(data)
    digest = content_hash(data)
    return RawDocument(
        id=digest,
        source=source,
        content_type=content_type or sniff_content_type(data),
        content=text,
        content_hash=digest,
        encoding=encoding,
    )


def document_from_record(record: object, data: bytes, source: Source) -> RawDocument:
    """One article from a JSON object: `text` or `html` required; `id`, `title`, `url`, `published` optional."""
    if not isinstance(record, dict):
        raise InputError("a JSON article must be an object with `text` or `html`")
    html, text = record.get("html"), record.get("text")
    body = html if isinstance(html, str) and html.strip() else text
    if not isinstance(body, str) or not body.strip():
        raise InputError("the JSON article has no `text` or `html`")
    digest = content_hash(data)
    url = record.get("url") if isinstance(record.get("url"), str) else None
    return RawDocument(
        id=record_id(record.get("id")) or digest,
        source=Source(path=source.path, url=url),
        content_type="text/html" if body is html else "text/plain",
        content=body,
        content_hash=digest,
        title=record.get("title") if isinstance(record.get("title"), str) else None,
        published=record.get("published") if isinstance(record.get("published"), str) else None,
    )


def record_id(value: object) -> str | None:
    """A record's own id as text: a string as given, an integer in decimal (`12` and `"12"` are one id).

    None when the record gives none; any other JSON value is refused, since its
    text form (`1.0`, `true`, a list) would not say which article it names.
    """
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise InputError(f"`id` must be a string or an integer, not {json.dumps(value)[:40]}")


def _parse_json(data: bytes, where: str) -> object:
    try:
        return json.loads(decode(data)[0])
    except json.JSONDecodeError as error:
        raise InputError(f"malformed JSON {where}: {error.msg} at column {error.colno}") from None


def iter_jsonl(lines: Iterable[bytes], name: str, limits: InputLimits) -> Iterator[RawDocument | ErrorRecord]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        label = f"{name}#L{number}"
        try:
            if len(line) > limits.max_bytes:
                raise InputError(f"record is {len(line)} bytes, over the limit of {limits.max_bytes}")
            yield document_from_record(_parse_json(line, f"on line {number}"), line, Source(path=label))
        except InputError as error:
            yield ErrorRecord(label, "ingest", str(error))


def iter_json_file(path: Path) -> Iterator[RawDocument | ErrorRecord]:
    data = path.read_bytes()
    parsed = _parse_json(data, "in file")
    if isinstance(parsed, list):
        for number, record in enumerate(parsed):
            label = f"{path}#{number}"
            item = json.dumps(record, ensure_ascii=False, sort_keys=True).encode()
            try:
                yield document_from_record(record, item, Source(path=label))
            except InputError as error:
                yield ErrorRecord(label, "ingest", str(error))
    else:
        yield document_from_record(parsed, data, Source(path=str(path)))


def iter_file(path: Path, limits: InputLimits) -> Iterator[RawDocument | ErrorRecord]:
    suffix = path.suffix.lower()
    try:
        if suffix == ".jsonl":
            with path.open("rb") as lines:
                yield from iter_jsonl(lines, str(path), limits)
            return
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise InputError(f"file is {size} bytes, over the limit of {limits.max_bytes} (--max-bytes)")
        if suffix == ".json":
            yield from iter_json_file(path)
        elif suffix in TEXT_SUFFIXES:
            yield document_from_bytes(path.read_bytes(), Source(path=str(path)), TEXT_SUFFIXES[suffix])
        else:
            raise InputError(f"unsupported file type {suffix or '(none)'}: expected .txt, .html, .htm, .json or .jsonl")
    except InputError as error:
        yield ErrorRecord(str(path), "ingest", str(error))
    except OSError as error:
        yield ErrorRecord(str(path), "ingest", f"cannot read: {error.strerror or error}")


@lru_cache(maxsize=1)
def _stdin_bytes(max_bytes: int) -> bytes:
    """Standard input is read once, so a run may pass over its inputs twice."""
    return sys.stdin.buffer.read(max_bytes + 1)


def iter_stdin(limits: InputLimits) -> Iterator[RawDocument | ErrorRecord]:
    data = _stdin_bytes(limits.max_bytes)
    if data.lstrip().startswith(b"{"):
        yield from iter_jsonl(data.splitlines(), "<stdin>", limits)
        return
    try:
        if len(data) > limits.max_bytes:
            raise InputError(f"standard input is over the limit of {limits.max_bytes} bytes")
        yield document_from_bytes(data, Source(path="<stdin>"))
    except InputError as error:
        yield ErrorRecord("<stdin>", "ingest", str(error))


def iter_paths(inputs: Iterable[str]) -> Iterator[Path | str | ErrorRecord]:
    """Files in the order given, folders walked recursively in sorted order; hidden files skipped."""
    for item in inputs:
        path = Path(item)
        if item == STDIN or is_url(item):
            yield item
        elif path.is_dir():
            yield from walk_folder(path, frozenset())
        else:
            yield path


def walk_folder(folder: Path, ancestors: frozenset[tuple[int, int]]) -> Iterator[Path | ErrorRecord]:
    """Files under `folder`, by sorted name, recursively; symbolic links followed.

    What cannot be walked is an error record, never a silent gap: a folder that
    cannot be listed, a dangling link, a link loop, a link back into a folder
    being walked, and anything that is not a regular file (a FIFO would block).
    """
    try:
        identity = folder.stat()
        names = sorted(entry.name for entry in os.scandir(folder))
    except OSError as error:
        yield ErrorRecord(str(folder), "ingest", f"cannot read folder: {error.strerror or error}")
        return
    ancestors = ancestors | {(identity.st_dev, identity.st_ino)}
    for name in names:
        if name.startswith("."):
            continue
        path = folder / name
        try:
            status = path.stat()
        except OSError as error:
            yield ErrorRecord(str(path), "ingest", unreachable_reason(path, error))
            continue
        if stat.S_ISDIR(status.st_mode):
            if (status.st_dev, status.st_ino) in ancestors:
                yield ErrorRecord(str(path), "ingest", "symbolic link loop: it leads back into a folder being read")
            else:
                yield from walk_folder(path, ancestors)
        elif stat.S_ISREG(status.st_mode):
            yield path
        else:
            yield ErrorRecord(str(path), "ingest", NOT_REGULAR)


def unreachable_reason(path: Path, error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symbolic link loop: following the links never reaches a file"
    if path.is_symlink() and error.errno == errno.ENOENT:
        return f"dangling symbolic link: its target {os.readlink(path)} does not exist"
    if error.errno == errno.ENOENT:
        return "no such file or folder"
    return f"cannot read: {error.strerror or error}"


def iter_local_documents(inputs: Iterable[str], limits: InputLimits) -> Iterator[RawDocument | ErrorRecord]:
    """Documents from files, folders and standard input; URLs are left to `pipeline.fetch`."""
    for item in iter_paths(inputs):
        if item == STDIN:
            yield from iter_stdin(limits)
        elif isinstance(item, ErrorRecord):
            yield item
        elif isinstance(item, Path):
            try:
                regular = stat.S_ISREG(item.stat().st_mode)
            except OSError as error:
                yield ErrorRecord(str(item), "ingest", unreachable_reason(item, error))
                continue
            if regular:
                yield from iter_file(item, limits)
            else:
                yield ErrorRecord(str(item), "ingest", NOT_REGULAR)


def source_group(raw: RawDocument) -> str:
    """Documents that share boilerplate: same host, or same folder (JSONL: same file)."""
    if raw.source.url:
        return urlsplit(raw.source.url).netloc
    path = (raw.source.path or "").split("#", 1)[0]
    return path if "#" in (raw.source.path or "") else str(Path(path).parent)
