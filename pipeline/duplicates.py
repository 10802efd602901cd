"""Near-duplicate grouping: which clean documents are the same article (wire copies with
other furniture, re-scrapes, light edits), recorded in each document and kept across runs.

It works on the clean body, after cleaning, so the same story on two sites groups however
different their pages were. Each body becomes a set of shingles (5 consecutive words of the
normalised text; Chinese and Japanese, written without spaces, by characters), signed with
MinHash (datasketch); documents whose signatures agree on both values of any of 64 bands
are candidates (locality-sensitive hashing), and a candidate is a near-copy when the
signatures estimate a Jaccard similarity of at least `THRESHOLD`.

Groups are formed in input order, and across runs: a document joins the group of its most
similar earlier document (ties: the earliest), or founds a new group. A group's id is
derived from its founder and never changes; `of` names the group's earliest member still in
it. A document whose input bytes (or clean body) changed leaves its group and is matched
again as new. Groups are never merged, so an id once written stays true.

`group_folder` is one pass over a JSON folder after its documents were written (what
`pipeline clean --group-duplicates` and the flow run): it reads this run's documents in
input order, assigns groups, rewrites (atomically) every output whose `duplicates` object
changed, and only then saves the index (`DIR/.pipeline-duplicates`, written atomically) and
the run's report (`DIR/duplicates.jsonl`). Because every output of the run is compared with
what it should say, a run killed at any point is repaired by the next one; because the pass
sees the documents in input order whatever the number of worker processes, the groups are
the same for any `--jobs`.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import numpy as np

from .document import DUPLICATES_SCHEMA_VERSION, SCHEMA_VERSION, render_json
from .manifest import output_digest, record_rewritten_outputs
from .sinks.atomic import AtomicFile, write_atomic
from .sinks.json_folder import STATE_FILE

INDEX_FILE = ".pipeline-duplicates"  # not *.json: globs for documents never see it
REPORT_FILE = "duplicates.jsonl"
INDEX_VERSION = 1

# --- parameters, each pinned (the index records them; another set starts a new index) ----------

# Words per shingle: 5-word runs are specific to one text (two stories on the same subject
# share names and phrases, rarely five words in a row), yet a corrected sentence only
# touches the five shingles around each changed word.
SHINGLE_WORDS = 5
# Permutations: 128 gives a Jaccard estimate within about +-0.04 near the threshold (its
# standard error is sqrt(J(1-J)/128)), at 512 bytes a signature (32-bit values).
NUM_PERM = 128
SEED = 1  # datasketch's default; fixed, since signatures are kept across runs
SCHEME = "affine32"  # datasketch 2.0's bijective 32-bit permutations (compact, no collision bias)
# Locality-sensitive hashing: 64 bands of 2 values each (all 128 values used). The chance
# that a pair of similarity s shares a band is 1 - (1 - s^2)^64: 0.984 at the threshold,
# 0.998 at s = 0.3, 0.9999 at 0.4, so pairs at or above it are almost never missed; pairs far
# below it (s = 0.05: 0.15) are candidates sometimes, and the estimate turns them away.
BANDS, ROWS = 64, 2
# Estimated Jaccard similarity of the shingle sets at or above which two documents are the
# same article. On the shared benchmark the same article cleaned from its HTML page and from
# its whole-page text has a similarity of 0.3 or more in 177 of 181 cases (the rest: extent
# differences, one form keeping a comment section or losing a tail, and two pages whose
# text form lost the article), while different articles stay at or below 0.17 even where
# press releases of one company share a boilerplate paragraph. 0.25 lies between: 2.5
# standard errors of the estimate above the latter, 1.7 below 0.32.
THRESHOLD = 0.25
# Earlier members looked at per band bucket: bounds the work for a story copied thousands
# of times (all of them in one bucket), where the earliest ones decide anyway.
MAX_BUCKET_CANDIDATES = 64

PARAMETERS = {"shingle_words": SHINGLE_WORDS, "num_perm": NUM_PERM, "seed": SEED, "scheme": SCHEME,
              "bands": BANDS, "rows": ROWS, "threshold": THRESHOLD,
              "shingle_hash": "nfkc-casefold words and cjk chars, blake2b-64 each, polynomial 0x9E3779B97F4A7C15, high 32 bits"}

# Scripts written without spaces between words: one token per character.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u31f0-\u31ff\uff66-\uff9f"
_TOKEN = re.compile(f"[{_CJK}]|[^\\W_{_CJK}]+")


def tokens(body: str) -> list[str]:
    """The words of a body for comparison: NFKC, case folded, punctuation and white space
    dropped; Chinese and Japanese characters one token each.

    >>> tokens("The Fed's rate — 5.25%!")
    ['the', 'fed', 's', 'rate', '5', '25']
    >>> tokens("东京 Tokyo 大学")
    ['东', '京', 'tokyo', '大', '学']
    """
    return _TOKEN.findall(unicodedata.normalize("NFKC", body).casefold())


_TOKEN_HASHES: dict[str, int] = {}  # words recur across documents: each is hashed once a run
_TOKEN_CACHE_LIMIT = 1_000_000
_MIX = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit multiplier (golden ratio): a polynomial hash base


def _hash_new_tokens(words: list[str]) -> None:
    missing = set(words).difference(_TOKEN_HASHES)
    if len(_TOKEN_HASHES) + len(missing) > _TOKEN_CACHE_LIMIT:
        _TOKEN_HASHES.clear()
        missing = set(words)
    for token in missing:
        _TOKEN_HASHES[token] = int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "little")


def shingle_hashes(body: str) -> np.ndarray:
    """The 32-bit hashes of the body's distinct shingles: runs of `SHINGLE_WORDS` tokens (a
    shorter body is one shingle). Each token is hashed once (blake2b, stable across runs and
    machines) and a run's hash is a polynomial of its tokens' hashes, computed on arrays.

    >>> len(shingle_hashes("One two three four five six.")), len(shingle_hashes("Short one."))
    (2, 1)
    >>> bool((shingle_hashes("One, two; THREE four five!") == shingle_hashes("one two three four five")).all())
    True
    """
    words = tokens(body) or [body.strip()]
    _hash_new_tokens(words)
    hashes = np.fromiter(map(_TOKEN_HASHES.__getitem__, words), dtype=np.uint64, count=len(words))
    width = min(SHINGLE_WORDS, len(words))
    runs = hashes[:len(words) - width + 1].copy()
    with np.errstate(over="ignore"):  # arithmetic modulo 2^64, as intended
        for offset in range(1, width):
            runs = runs * _MIX + hashes[offset:len(words) - width + 1 + offset]
    return np.unique((runs >> np.uint64(32)).astype(np.uint32))


def _identity(value):
    return value


_PERMUTATIONS = None


def signature(body: str) -> np.ndarray:
    """The MinHash signature of a body (datasketch, over `shingle_hashes`): `NUM_PERM` 32-bit values.

    >>> a = signature("The council approved the budget on Tuesday after a long debate.")
    >>> a.shape, a.dtype.name
    ((128,), 'uint32')
    >>> bool((a == signature("The council approved the budget on Tuesday after a long debate.")).all())
    True
    """
    global _PERMUTATIONS
    from datasketch import MinHash

    if _PERMUTATIONS is None:
        _PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations
    # The shingles are hashed already: datasketch takes the values as they are (it mixes
    # them with its MurmurHash3 finalizer before permuting).
    sketch = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, permutations=_PERMUTATIONS,
                     hashfunc=_identity)
    sketch.update_batch(shingle_hashes(body).tolist())
    return np.asarray(sketch.hashvalues, dtype=np.uint32)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The estimated Jaccard similarity of two signatures (the share of equal values)."""
    return float(np.count_nonzero(a == b)) / len(a)


def band_keys(signatures: np.ndarray, band: int) -> np.ndarray:
    """One band's bucket key per signature: its `ROWS` (= 2) 32-bit values packed in 64 bits."""
    values = signatures[:, band * ROWS:(band + 1) * ROWS].astype(np.uint64)
    return (values[:, 0] << np.uint64(32)) | values[:, 1]


def body_digest(body: str) -> str:
    return hashlib.blake2b(body.encode("utf-8"), digest_size=8).hexdigest()


def group_id(founder_id: str, taken) -> str:
    """A group's id: derived from its founding document's id (a second group founded by the
    same bytes, while the first still has members, gets the next derivation).

    >>> group_id("0123456789abcdef", set()) == group_id("0123456789abcdef", set())
    True
    """
    salt = 0
    while True:
        text = f"duplicates:{founder_id}" + (f":{salt}" if salt else "")
        candidate = hashlib.sha256(text.encode()).hexdigest()[:16]
        if candidate not in taken:
            return candidate
        salt += 1


# --- the index ---------------------------------------------------------------------------------

@dataclass(slots=True)
class Member:
    """One indexed document: the record it came from, where its output is, what it was made
    of, when it arrived (`order`, across runs) and its group."""

    record_id: str
    key: str
    doc_id: str
    sha256: str
    digest: str
    group: str
    order: int


@dataclass
class Index:
    """Every grouped document with its signature, in arrival order."""

    members: list[Member] = field(default_factory=list)
    signatures: np.ndarray = field(default_factory=lambda: np.zeros((0, NUM_PERM), np.uint32))
    next_order: int = 0

    @classmethod
    def load(cls, path: str | os.PathLike) -> "Index":
        """The index saved at `path`; empty when it is missing, damaged, of another version or
        made with other parameters (then groups start afresh)."""
        try:
            with np.load(path, allow_pickle=False) as data:
                meta = json.loads(data["meta"].tobytes().decode("utf-8"))
                signatures = np.array(data["signatures"], dtype=np.uint32)
                orders = [int(x) for x in data["order"]]
            if meta.get("version") != INDEX_VERSION or meta.get("parameters") != PARAMETERS:
                return cls()
            rows = meta["members"]
            if signatures.shape != (len(rows), NUM_PERM) or len(orders) != len(rows):
                return cls()
            members = [Member(*row, order=order) for row, order in zip(rows, orders)]
            return cls(members, signatures, int(meta["next_order"]))
        except (OSError, ValueError, KeyError, TypeError, EOFError):
            return cls()
        except Exception as exc:  # a damaged zip: zipfile.BadZipFile and friends
            if type(exc).__module__.startswith("zipfile"):
                return cls()
            raise

    def save(self, path: str | os.PathLike, fsync: bool = True) -> None:
        """Write the index atomically (a reader or the next run sees the old one or this one)."""
        meta = {"version": INDEX_VERSION, "parameters": PARAMETERS, "next_order": self.next_order,
                "members": [[m.record_id, m.key, m.doc_id, m.sha256, m.digest, m.group] for m in self.members]}
        with AtomicFile(path, fsync=fsync) as out:  # streamed: no second copy of the signatures
            np.savez(out.handle, meta=np.frombuffer(json.dumps(meta, separators=(",", ":")).encode("utf-8"), np.uint8),
                     signatures=self.signatures, order=np.array([m.order for m in self.members], np.int64))


# --- the pass over a folder ----------------------------------------------------------------------

@dataclass
class GroupingReport:
    """What a grouping pass did."""

    documents: int = 0  # this run's documents looked at
    grouped: int = 0  # of them, in a group of two or more
    groups: int = 0  # groups with a member in this run
    rewritten: int = 0  # outputs rewritten (this run's and earlier runs')
    left: int = 0  # documents that left a group (changed, or their output gone)

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def duplicates_value(group: str, of: str) -> dict:
    return {"group": group, "of": of}


def with_duplicates(document: dict, value: dict | None) -> dict:
    """The document with its `duplicates` object set (last, schema 1.1) or removed (1.0): a
    document without a near-copy is byte for byte what cleaning alone writes."""
    out = {k: v for k, v in document.items() if k != "duplicates"}
    out["schema_version"] = SCHEMA_VERSION
    if value is not None:
        out["schema_version"] = DUPLICATES_SCHEMA_VERSION
        out["duplicates"] = value
    return out


def _as_pair(value) -> tuple | None:
    """A `duplicates` object as a small tuple to compare (a dict per document would cost more).

    >>> _as_pair({"group": "g", "of": "o"}), _as_pair(None)
    (('g', 'o'), None)
    """
    return None if value is None else (value.get("group"), value.get("of")) if isinstance(value, dict) else (value,)


def _read(path: Path) -> dict | None:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        if isinstance(data, dict) and isinstance(data.get("body"), str) and isinstance(data.get("id"), str):
            return data
    except (OSError, ValueError):
        pass
    return None


def group_folder(out_dir: str | os.PathLike, members: Iterable[tuple[str, str]],
                 fsync: bool = True) -> GroupingReport:
    """Group this run's documents of the JSON folder `out_dir` with each other and with the
    documents of earlier runs (see the module docstring). `members` are (record id, output
    key) pairs of the run's cleaned and unchanged records, in input order."""
    root = Path(out_dir)
    index_path = root / INDEX_FILE
    index = Index.load(index_path)
    report = GroupingReport()
    by_record = {m.record_id: i for i, m in enumerate(index.members)}
    gone: set[int] = set()  # positions in the old index that leave it
    touched: set[str] = set()  # groups whose membership changed
    run: dict[str, str] = {}  # record id -> output key, this run's, in input order
    current: dict[str, tuple] = {}  # the `duplicates` this run's outputs have now (when they have one)
    fresh: list[Member] = []
    fresh_signatures = _Rows()
    for record_id, key in members:
        if record_id in run:
            continue
        data = _read(root / (key + ".json"))
        if data is None:
            continue  # not written (or not readable): nothing to group
        report.documents += 1
        run[record_id] = key
        if data.get("duplicates") is not None:
            current[record_id] = _as_pair(data["duplicates"])
        sha256 = (data.get("source") or {}).get("sha256") or ""
        digest = body_digest(data["body"])
        at = by_record.get(record_id)
        if at is not None:
            old = index.members[at]
            if (old.key, old.sha256, old.digest, old.doc_id) == (key, sha256, digest, data["id"]):
                continue  # the same document as last time: its group stands
            gone.add(at)
            touched.add(old.group)
            report.left += 1
        fresh.append(Member(record_id, key, data["id"], sha256, digest, group="", order=index.next_order))
        index.next_order += 1
        fresh_signatures.append(signature(data["body"]))
        del data

    kept = [i for i in range(len(index.members)) if i not in gone]
    all_members = [index.members[i] for i in kept] + fresh
    signatures = np.concatenate([index.signatures[kept] if gone else index.signatures, *fresh_signatures.parts()])
    del fresh_signatures
    index.signatures = None  # copied into `signatures`: free it
    first_new = len(kept)
    _assign(all_members, signatures, first_new, touched)

    # Members of earlier runs in a changed group must still be there as indexed.
    run_ids = run.keys()
    members_of: dict[str, list[int]] = {}
    for position, member in enumerate(all_members):
        members_of.setdefault(member.group, []).append(position)
    dropped: set[int] = set()
    checked: dict[int, tuple | None] = {}  # earlier runs' outputs to look at: the `duplicates` they have
    for group in sorted(touched):
        for position in members_of.get(group, ()):
            member = all_members[position]
            if member.record_id in run_ids:
                continue
            data = _read(root / (member.key + ".json"))
            if data is None or (data.get("source") or {}).get("sha256") != member.sha256 or data["id"] != member.doc_id:
                dropped.add(position)
                report.left += 1
            else:
                checked[position] = _as_pair(data.get("duplicates"))
    if dropped:
        for group in touched:
            members_of[group] = [p for p in members_of.get(group, ()) if p not in dropped]

    firsts: dict[str, str] = {}  # group -> the id of its first member

    def wanted(position: int) -> dict | None:
        group = all_members[position].group
        positions = members_of[group]
        if len(positions) < 2:
            return None
        if group not in firsts:
            firsts[group] = all_members[min(positions, key=lambda p: all_members[p].order)].doc_id
        return duplicates_value(group, firsts[group])

    # Rewrite what differs: this run's outputs, and earlier ones in changed groups.
    position_of = {m.record_id: p for p, m in enumerate(all_members)}
    rewritten: dict[str, str | None] = {}  # output key -> digest of the bytes now written
    for record_id, key in run.items():
        position = position_of[record_id]
        value = wanted(position)
        if value is not None:
            report.grouped += 1
        if _as_pair(value) != current.get(record_id):
            rewritten[key] = _rewrite(root / (key + ".json"), value, fsync)
            report.rewritten += 1
    for position, has in checked.items():
        value = wanted(position)
        if _as_pair(value) != has:
            key = all_members[position].key
            rewritten[key] = _rewrite(root / (key + ".json"), value, fsync)
            report.rewritten += 1
    # The manifest that skip-unchanged reads records each output's digest: a rewritten
    # output must be recorded as it now is, or the next run would clean it again.
    record_rewritten_outputs(root / STATE_FILE, {k: d for k, d in rewritten.items() if d}, fsync=fsync)

    if dropped:
        keep = [p for p in range(len(all_members)) if p not in dropped]
        index = Index([all_members[p] for p in keep], signatures[keep], index.next_order)
    else:
        index = Index(all_members, signatures, index.next_order)
    index.save(index_path, fsync=fsync)
    report.groups = _write_report(root, all_members, signatures, members_of, run_ids, dropped, fsync)
    return report


class _Rows:
    """Signatures gathered one by one into blocks (no Python object per signature)."""

    BLOCK = 4096

    def __init__(self):
        self.blocks: list[np.ndarray] = []
        self.filled = self.BLOCK

    def append(self, row: np.ndarray) -> None:
        if self.filled == self.BLOCK:
            self.blocks.append(np.empty((self.BLOCK, NUM_PERM), np.uint32))
            self.filled = 0
        self.blocks[-1][self.filled] = row
        self.filled += 1

    def parts(self) -> list[np.ndarray]:
        """The blocks, the last one cut to what was filled (to concatenate once)."""
        if self.blocks:
            self.blocks[-1] = self.blocks[-1][:self.filled]
        return self.blocks


def _assign(members: list[Member], signatures: np.ndarray, first_new: int, touched: set[str]) -> None:
    """Give each new member (positions from `first_new`, in arrival order) a group: that of
    its most similar earlier member at or above the threshold, or a new one."""
    count = len(members)
    if first_new >= count:
        return
    new_positions = np.arange(first_new, count)
    candidates: dict[int, set[int]] = {}
    for band in range(BANDS):
        keys = band_keys(signatures, band)
        order = np.argsort(keys, kind="stable")  # equal keys stay in position (= arrival) order
        ordered = keys[order]
        lows = np.searchsorted(ordered, keys[new_positions], side="left")
        highs = np.searchsorted(ordered, keys[new_positions], side="right")
        for position, low, high in zip(new_positions[highs - lows > 1], lows[highs - lows > 1],
                                       highs[highs - lows > 1]):
            earlier = order[low:min(high, low + MAX_BUCKET_CANDIDATES)]
            earlier = earlier[earlier < position]
            if len(earlier):
                candidates.setdefault(int(position), set()).update(earlier.tolist())
    taken = {m.group for m in members[:first_new]}
    for position in range(first_new, count):
        member = members[position]
        found = sorted(candidates.get(position, ()))
        if found:
            estimates = (signatures[found] == signatures[position]).sum(axis=1)
            best = int(np.argmax(estimates))  # the first of the most similar: the earliest
            if estimates[best] >= THRESHOLD * NUM_PERM:
                member.group = members[found[best]].group
                touched.add(member.group)
                continue
        member.group = group_id(member.doc_id, taken)
        taken.add(member.group)
        touched.add(member.group)


def _rewrite(path: Path, value: dict | None, fsync: bool) -> str | None:
    """Rewrite one output with its `duplicates` value; the digest of the bytes written."""
    data = _read(path)
    if data is None:
        return None
    text = render_json(with_duplicates(data, value))
    write_atomic(path, text, fsync=fsync)
    return output_digest(text.encode("utf-8"))  # as write_atomic writes it


def _write_report(root: Path, members: list[Member], signatures: np.ndarray, members_of: dict[str, list[int]],
                  run_ids: set[str], dropped: set[int], fsync: bool) -> int:
    """`duplicates.jsonl`: one line per group of two or more with a member in this run, in the
    order of their first members: the group, its first member and every member with its
    estimated similarity to that first member."""
    lines = []
    groups = {members[p].group for p in range(len(members)) if members[p].record_id in run_ids and p not in dropped}
    rows = []
    for group in groups:
        positions = sorted(members_of[group], key=lambda p: members[p].order)
        if len(positions) < 2:
            continue
        first = positions[0]
        listed = [{"id": members[p].doc_id, "output": members[p].key + ".json",
                   "similarity": round(similarity(signatures[p], signatures[first]), 3)} for p in positions]
        rows.append((members[first].order, {"group": group, "of": members[first].doc_id, "members": listed}))
    for _order, row in sorted(rows, key=lambda r: r[0]):
        lines.append(json.dumps(row, ensure_ascii=False) + "\n")
    path = root / REPORT_FILE
    if lines or path.exists():
        write_atomic(path, "".join(lines), fsync=fsync)
    return len(rows)
