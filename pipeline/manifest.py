"""The manifest: what an earlier run made, per record, so that a later run can skip the
records whose bytes, code and settings have not changed, whatever the source and sink.

One JSON file beside the output (`DIR/.pipeline-state` for a folder, `FILE.pipeline-state`
for a JSON Lines or Parquet file; not `*.json`, so globs for documents never see it). Per
record id it records the sha256 of the record's bytes, its output key, the fingerprint of
the code and settings that made the output, where the sink put it (`at`: a line's byte
offset, a row number; None for a folder, where the key says where) and the sha256 of the
output itself (`digest`: the file's bytes, the line's, the row's canonical JSON). An entry
is trusted only when its fingerprint is this run's and the sink confirms the output is
still there, byte for byte the one the entry was made with, for this record and these
bytes, and valid against pipeline/schema.json (`Sink.verify`, `valid_document`): a
manifest never vouches for an output alone, and an output rewritten by a run killed
before it saved its manifest (other settings, other code) no longer matches its digest.

Written atomically when a run ends, merged over the previous one (records of other inputs
written to the same place keep their entries); a run killed before then leaves the earlier
manifest, so whatever it wrote is cleaned again next time, never trusted unverified.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .sinks.atomic import write_atomic

MANIFEST_VERSION = 3  # 3: entries carry the output's digest
# The libraries whose versions shape the text (a new release may change an output).
_SHAPING_DISTRIBUTIONS = ("ftfy", "trafilatura", "charset-normalizer", "python-dateutil", "lxml", "htmldate",
                          "py3langid", "babel")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of what decides the output: the modules that turn a record into a document
    (`deciding_modules`), the schema, and the versions of the libraries that shape the
    text. The package version alone would keep stale outputs after a rule change between
    releases; hashing every module would make editing the command line's help text
    invalidate every output."""
    import importlib.metadata as metadata

    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for name in deciding_modules() + sorted(p.name for p in package.glob("*.json")):
        digest.update(name.encode() + b"\0" + (package / name).read_bytes() + b"\0")
    for dist in _SHAPING_DISTRIBUTIONS:
        try:
            digest.update(f"{dist}={metadata.version(dist)}\0".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{dist}=missing\0".encode())
    return digest.hexdigest()[:16]


# Where a record becomes a document: the entry point `clean` (and everything it imports),
# the sources (they choose the bytes and the hints: URL, declared format), the sinks (they
# write the output's bytes) and the worker that hands a record to `clean` (`batch`: the
# format from the hints, the name shown in `source.path`). Everything these import, even
# lazily inside a function, decides too; the command line and `__main__` do not.
_DECIDING_ROOTS = ("core.py", "sources", "sinks", "batch.py")


@lru_cache(maxsize=1)
def deciding_modules() -> list[str]:
    """The package's modules that decide an output, as paths relative to the package,
    found by following imports (read from the source, lazy ones too) from `_DECIDING_ROOTS`.

    >>> mods = deciding_modules()
    >>> "rules.py" in mods and "sources/warc.py" in mods, "cli.py" in mods
    (True, False)
    """
    package = Path(__file__).resolve().parent
    todo = []
    for root in _DECIDING_ROOTS:
        path = package / root
        todo.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    # This module only keeps records of outputs: editing it decides nothing in a document.
    seen: set[Path] = {Path(__file__).resolve()}
    while todo:
        path = todo.pop()
        if path in seen or not path.exists():
            continue
        seen.add(path)
        todo.extend(_imported_modules(path, package))
    seen.discard(Path(__file__).resolve())
    return sorted(p.relative_to(package).as_posix() for p in seen)


def _imported_modules(path: Path, package: Path) -> list[Path]:
    """Files of the package that `path` imports (relative imports and `pipeline.` ones)."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom):
            names = [alias.name for alias in node.names]
            if node.level:
                base = path.parent
                for _ in range(node.level - 1):
                    base = base.parent
                found.extend(_module_files(base, node.module or "", names))
            elif node.module and node.module.partition(".")[0] == package.name:
                found.extend(_module_files(package, node.module.partition(".")[2], names))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.partition(".")[0] == package.name:
                    found.extend(_module_files(package, alias.name.partition(".")[2], []))
    return found


def _module_files(base: Path, dotted: str, names: list[str]) -> list[Path]:
    """The files behind `from <base>.<dotted> import <names>`: the module (or the package's
    `__init__`), and each name that is a submodule."""
    target = base.joinpath(*dotted.split(".")) if dotted else base
    files = [target / "__init__.py" if target.is_dir() else target.with_suffix(".py")]
    if target.is_dir():
        files.extend(target / f"{name}.py" for name in names if (target / f"{name}.py").exists())
    return files


def settings_fingerprint(format: str, max_bytes: int) -> str:
    """The code fingerprint with the settings that change an output.

    >>> len(settings_fingerprint("auto", 1024)) == 16
    True
    """
    run = json.dumps({"fingerprint": code_fingerprint(), "format": format, "max_bytes": max_bytes},
                     sort_keys=True)
    return hashlib.sha256(run.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Entry:
    """What an earlier run recorded for one record."""

    sha256: str
    key: str
    fingerprint: str
    at: int | None = None
    digest: str | None = None  # sha256 of the output as written (None: nothing to verify, never trusted)
    failed: tuple[str, str] | None = None  # (reason, detail) of a lasting failure of these bytes (no output)


class Manifest:
    """The entries of the manifest at `path` (None: a sink with nowhere to keep one, such as
    standard output; nothing is trusted and nothing saved)."""

    def __init__(self, path: str | os.PathLike | None, fingerprint: str):
        self.path = Path(path) if path is not None else None
        self.fingerprint = fingerprint
        self.entries: dict[str, Entry] = {}
        self.updates: dict[str, Entry] = {}
        if self.path is not None:
            self.entries = _load(self.path)

    def trusted(self, record_id: str, key: str) -> Entry | None:
        """The earlier entry for this record if it was made by this code and settings, under
        the same output key (the sink still has to verify the output itself)."""
        entry = self.entries.get(record_id)
        if (entry is not None and entry.fingerprint == self.fingerprint and entry.key == key
                and entry.digest is not None):
            return entry
        return None

    def failed_before(self, record_id: str, key: str) -> Entry | None:
        """The earlier entry for this record if it records a lasting failure made by this
        code and settings under the same output key (the bytes are compared where read)."""
        entry = self.entries.get(record_id)
        if (entry is not None and entry.failed is not None and entry.fingerprint == self.fingerprint
                and entry.key == key):
            return entry
        return None

    def subset(self, record_ids) -> "Manifest":
        """The entries of these records only, in memory (a flow's task gets its batch's)."""
        part = Manifest(None, self.fingerprint)
        part.entries = {rid: self.entries[rid] for rid in record_ids if rid in self.entries}
        return part

    def update(self, entries: dict[str, Entry]) -> None:
        """Entries recorded elsewhere (a flow's task runs) for this run."""
        self.updates.update(entries)

    def save(self, fsync: bool = True) -> None:
        """Write the merged manifest atomically (the earlier entries updated by this run's)."""
        if self.path is None:
            return
        merged = {**self.entries, **self.updates}
        records = {rid: [e.sha256, e.key, e.fingerprint, e.at, e.digest, *([list(e.failed)] if e.failed else [])]
                   for rid, e in sorted(merged.items())}
        text = json.dumps({"manifest": MANIFEST_VERSION, "fingerprint": self.fingerprint,
                           "records": records}, separators=(",", ":"))
        write_atomic(self.path, text + "\n", fsync=fsync)


def record_rewritten_outputs(path: str | os.PathLike, digests: dict[str, str], fsync: bool = True) -> int:
    """After outputs were rewritten in place by a later pass (near-copy grouping adds or
    drops a document's `duplicates`), record their new digests in the manifest at `path`, so
    skip-unchanged still trusts them; `digests` maps output key to digest. Returns how many
    entries changed. Killed before this, the next run finds digests that do not match, cleans
    those inputs again and the pass rewrites them: more work, never a stale output trusted."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("manifest") != MANIFEST_VERSION:
            return 0
        records = data["records"]
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return 0
    changed = 0
    for fields in records.values():
        new = digests.get(fields[1])
        if new is not None and fields[4] is not None and fields[4] != new:
            fields[4] = new
            changed += 1
    if changed:
        write_atomic(path, json.dumps(data, separators=(",", ":")) + "\n", fsync=fsync)
    return changed


def output_digest(data: bytes) -> str:
    """The digest a manifest entry records of an output's bytes.

    >>> output_digest(b"{}")[:12]
    '44136fa355b3'
    """
    return hashlib.sha256(data).hexdigest()


def document_digest(document: dict) -> str:
    """The digest of a document held as a dict (a Parquet row): of its canonical JSON, so
    the same document gives the same digest however it was stored."""
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return output_digest(text.encode("utf-8", "surrogatepass"))


@lru_cache(maxsize=1)
def _schema_validator():
    import jsonschema  # loads only when an earlier output is checked (--skip-unchanged)

    schema = json.loads((Path(__file__).resolve().parent / "schema.json").read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


def valid_document(document) -> bool:
    """Whether `document` is a clean document by pipeline/schema.json (an earlier output is
    trusted only then: a stub or a hand-edited field is cleaned again, never passed on).

    >>> valid_document({"source": {"sha256": "0" * 64}, "pipeline": {"version": "0.1.0"}})
    False
    """
    return isinstance(document, dict) and _schema_validator().is_valid(document)


def _load(path: Path) -> dict[str, Entry]:
    """The entries of a manifest file; none when it is missing, damaged or of another version
    (then every output is made again, the safe side)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("manifest") != MANIFEST_VERSION:
            return {}
        return {rid: Entry(sha, key, fp, at, digest, tuple(failed[0]) if failed else None)
                for rid, (sha, key, fp, at, digest, *failed) in data["records"].items()}
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return {}
