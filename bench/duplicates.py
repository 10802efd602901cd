"""Near-duplicate grouping (pipeline/duplicates.py), measured by hand; see docs/duplicates.md.

    python bench/duplicates.py accuracy [--shared DIR]
        Cleans every HTML page of the shared benchmark (bench/scrapinghub/html), its whole-page
        text version (bench/scrapinghub-text) and the five sample articles of raw/ in one run of
        `pipeline clean --group-duplicates`, then reports pair precision and recall: a true pair
        is an HTML page and the text of the same article; a predicted pair is two documents in
        one group. The five samples (all on one subject) must stay in no group.

    python bench/duplicates.py scale [--bodies N] [--cleaned DIR]
        Builds N synthetic documents (default 200,000) by mutating clean bodies (the benchmark's,
        cleaned first, or those of a clean folder DIR): a share are near-copies (words dropped,
        replaced, sentences added, furniture lines appended), the rest are distinct mixtures.
        Writes them as a JSON folder, runs the grouping pass over it, and reports the time per
        10,000 documents, the peak memory (resident set) and the index size per million, and
        the grouping recall of the planted copies.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _link_inputs(shared: Path, into: Path) -> dict[str, str]:
    """Symbolic links html/ID.html.gz, text/ID.txt, raw/NAME.txt; returns output key -> article."""
    truth = {}
    for sub, folder, pattern in (("html", shared / "bench/scrapinghub/html", "*.html.gz"),
                                 ("text", shared / "bench/scrapinghub-text", "*.txt"),
                                 ("raw", REPO / "raw", "*.txt")):
        (into / sub).mkdir(parents=True)
        for path in sorted(folder.glob(pattern)):
            (into / sub / path.name).symlink_to(path)
            stem = path.name.split(".")[0]
            truth[f"{sub}/{stem}"] = stem if sub != "raw" else f"raw:{stem}"
    return truth


def accuracy(shared: Path, jobs: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        truth = _link_inputs(shared, tmp / "in")
        out = tmp / "out"
        started = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "pipeline", "clean", str(tmp / "in"), "--out", str(out),
                              "--follow-links", "--group-duplicates", "--jobs", str(jobs), "--quiet", "--no-fsync"],
                             cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True)
        seconds = time.perf_counter() - started
        if run.returncode not in (0, 1):
            print(run.stderr, file=sys.stderr)
            return 2
        group_of = {}
        for path in out.rglob("*.json"):
            key = path.relative_to(out).as_posix()[:-5]
            doc = json.loads(path.read_text(encoding="utf-8"))
            group_of[key] = (doc.get("duplicates") or {}).get("group") or f"alone:{key}"
        keys = sorted(k for k in truth if k in group_of)
        predicted = {(a, b) for a, b in itertools.combinations(keys, 2) if group_of[a] == group_of[b]}
        actual = {(a, b) for a, b in itertools.combinations(keys, 2) if truth[a] == truth[b]}
        hits = predicted & actual
        precision = len(hits) / len(predicted) if predicted else 1.0
        recall = len(hits) / len(actual) if actual else 1.0
        samples = [k for k in keys if k.startswith("raw/")]
        samples_grouped = [k for k in samples if not group_of[k].startswith("alone:")]
        print(f"documents {len(keys)} (of {len(truth)} inputs), true pairs {len(actual)}, "
              f"predicted pairs {len(predicted)}, run {seconds:.1f} s")
        print(f"pair precision {precision:.3f}  recall {recall:.3f}")
        print(f"samples in raw/: {len(samples)}, grouped with anything: {len(samples_grouped)}")
        for a, b in sorted(actual - predicted):
            print(f"  missed: {a} ~ {b}")
        for a, b in sorted(predicted - actual):
            print(f"  wrong:  {a} ~ {b}")
        return 0 if precision >= 0.97 and recall >= 0.97 and not samples_grouped else 1


# --- scale ------------------------------------------------------------------------------------------

_FURNITURE = ["Share this article", "Read more: the latest headlines", "Sign up for our newsletter",
              "Advertisement", "Copyright 2024 The Agency. All rights reserved.", "Follow us on social media"]


def _mutate(body: str, rng: random.Random) -> str:
    """A near-copy: some words dropped or replaced, a furniture line or a sentence added."""
    words = body.split(" ")
    out = []
    for word in words:
        roll = rng.random()
        if roll < 0.02:
            continue
        out.append("edited" if roll < 0.04 else word)
    text = " ".join(out)
    if rng.random() < 0.5:
        text += "\n\n" + rng.choice(_FURNITURE)
    if rng.random() < 0.3:
        text = rng.choice(_FURNITURE) + "\n\n" + text
    return text


def _distinct(bodies: list[str], rng: random.Random) -> str:
    """A new text: the words of two real bodies (Chinese and Japanese by characters, as they
    are shingled), shuffled: real vocabulary and length, but no run of words of either."""
    from pipeline.duplicates import tokens

    a, b = rng.sample(bodies, 2)
    words = tokens(a)[:500] + tokens(b)[:500]
    rng.shuffle(words)
    words = words[:rng.randint(150, 900)]
    paragraphs = [" ".join(words[i:i + 60]) for i in range(0, len(words), 60)]
    return "\n\n".join(paragraphs)


def _bodies(cleaned: Path | None, shared: Path) -> list[str]:
    if cleaned is None:
        cleaned = Path(tempfile.mkdtemp()) / "bench"
        subprocess.run([sys.executable, "-m", "pipeline", "clean", str(shared / "bench/scrapinghub/html"),
                        "--out", str(cleaned), "--quiet", "--no-fsync"], cwd=REPO,
                       env={**os.environ, "PYTHONPATH": str(REPO)}, check=False)
    return [json.loads(p.read_text(encoding="utf-8"))["body"] for p in sorted(cleaned.rglob("*.json"))]


def scale(count: int, cleaned: Path | None, shared: Path, keep: bool) -> int:
    from pipeline.duplicates import INDEX_FILE, group_folder

    rng = random.Random(13)
    bodies = _bodies(cleaned, shared)
    tmp = Path(tempfile.mkdtemp(prefix="dups-scale-"))
    out = tmp / "out"
    out.mkdir()
    template = {"schema_version": "1.0", "id": "", "source": {"path": "", "sha256": "", "format": "text"},
                "title": None, "body": ""}
    originals: list[str] = []
    planted = defaultdict(list)  # original index -> keys of its copies
    keys = []
    started = time.perf_counter()
    for i in range(count):
        roll = rng.random()
        if originals and roll < 0.3:  # a near-copy of an earlier document
            parent = rng.randrange(len(originals))
            body = _mutate(originals[parent], rng)
            planted[parent].append(f"d{i:07d}")
        else:
            body = _distinct(bodies, rng)
            planted_parent = len(originals)
            originals.append(body)
            planted[planted_parent].append(f"d{i:07d}")
        sha = f"{i:064x}"
        doc = dict(template, id=sha[-16:], body=body, source=dict(template["source"], path=f"d{i}", sha256=sha))
        key = f"d{i:07d}"
        (out / (key + ".json")).write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        keys.append(key)
    print(f"wrote {count} synthetic documents in {time.perf_counter() - started:.0f} s "
          f"({len(originals)} originals, {count - len(originals)} planted near-copies)")

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    cpu = time.process_time()
    report = group_folder(out, [(k, k) for k in keys], fsync=False)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    index_bytes = (out / INDEX_FILE).stat().st_size
    print(f"grouping pass: {seconds:.1f} s wall, {cpu:.1f} s CPU for {count} documents "
          f"= {seconds / count * 10_000:.2f} s per 10,000 documents")
    print(f"peak resident memory {peak_kib / 1024:.0f} MiB (before the pass {before / 1024:.0f} MiB); "
          f"index file {index_bytes / 2**20:.0f} MiB = {index_bytes / count * 1e6 / 2**30:.2f} GiB per million")
    print(f"report: {report.to_dict()}")

    group_of = {}
    for key in keys:
        doc = json.loads((out / (key + ".json")).read_text(encoding="utf-8"))
        group_of[key] = (doc.get("duplicates") or {}).get("group") or f"alone:{key}"
    truth = {k: parent for parent, ks in planted.items() for k in ks}
    by_group = defaultdict(list)
    for key in keys:
        by_group[group_of[key]].append(key)
    predicted_pairs = sum(len(v) * (len(v) - 1) // 2 for v in by_group.values())
    actual_pairs = sum(len(v) * (len(v) - 1) // 2 for v in planted.values())
    hits = 0
    for members in by_group.values():
        counts = defaultdict(int)
        for key in members:
            counts[truth[key]] += 1
        hits += sum(c * (c - 1) // 2 for c in counts.values())
    print(f"planted pairs {actual_pairs}, predicted {predicted_pairs}: precision "
          f"{hits / max(predicted_pairs, 1):.3f}, recall {hits / max(actual_pairs, 1):.3f}")
    # An incremental run: 10,000 more documents (a third near-copies of earlier ones) against
    # the index of all the others, which is loaded, extended and saved again.
    more = []
    for i in range(count, count + 10_000):
        body = _mutate(originals[rng.randrange(len(originals))], rng) if rng.random() < 0.3 else _distinct(bodies, rng)
        sha = f"{i:064x}"
        doc = dict(template, id=sha[-16:], body=body, source=dict(template["source"], path=f"d{i}", sha256=sha))
        key = f"d{i:07d}"
        (out / (key + ".json")).write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        more.append(key)
    started = time.perf_counter()
    cpu = time.process_time()
    report = group_folder(out, [(k, k) for k in more], fsync=False)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"incremental run: 10,000 new documents against an index of {count}: {seconds:.1f} s wall, "
          f"{cpu:.1f} s CPU; report: {report.to_dict()}")
    if not keep:
        shutil.rmtree(tmp)
    else:
        print(f"kept {tmp}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=("accuracy", "scale"))
    parser.add_argument("--shared", type=Path, default=Path(os.environ.get("PIPELINE_SHARED", REPO.parent / "shared")))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--bodies", type=int, default=200_000)
    parser.add_argument("--cleaned", type=Path, default=None, help="a clean folder whose bodies to mutate")
    parser.add_argument("--keep", action="store_true", help="keep the synthetic folder")
    args = parser.parse_args()
    if not (args.shared / "bench/scrapinghub/html").is_dir():
        print(f"no shared benchmark under {args.shared} (set --shared or PIPELINE_SHARED)", file=sys.stderr)
        return 2
    if args.mode == "accuracy":
        return accuracy(args.shared, args.jobs)
    return scale(args.bodies, args.cleaned, args.shared, args.keep)


if __name__ == "__main__":
    sys.exit(main())
