"""Golden tests for the five seed articles in raw/.

Two checks per seed: the exact JSON (tests/golden/seeds/NAME.json, byte for byte; rewrite
with `pytest --update-golden` after reviewing the diff), and the meaning against the
hand-labelled gold in ../shared/gold/seeds (fields, captions, every required paragraph,
no removed line kept as a paragraph), which holds even while the rules are tuned.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest

import pipeline
from conftest import RAW, assert_valid

GOLDEN = Path(__file__).parent / "golden" / "seeds"
SEEDS = sorted(p.name for p in RAW.glob("*.txt"))


def _clean_seed(name: str) -> pipeline.Document:
    # A stable relative source name: the JSON must not depend on where the clone lives.
    return pipeline.clean((RAW / name).read_bytes(), source=f"raw/{name}")


@pytest.mark.parametrize("name", SEEDS)
def test_seed_matches_golden_json(name: str, update_golden: bool) -> None:
    actual = _clean_seed(name).to_json()
    expected_path = GOLDEN / (Path(name).stem + ".json")
    if update_golden:
        expected_path.parent.mkdir(parents=True, exist_ok=True)
        expected_path.write_text(actual, encoding="utf-8", newline="\n")
    assert expected_path.exists(), f"no golden file {expected_path}; run pytest --update-golden"
    expected = expected_path.read_text(encoding="utf-8")
    assert actual == expected, (
        f"{name}: output differs from {expected_path.name}; review, then pytest --update-golden")


@pytest.mark.parametrize("name", SEEDS)
def test_seed_output_is_valid_and_deterministic(name: str) -> None:
    first, second = _clean_seed(name), _clean_seed(name)
    assert first.to_json() == second.to_json()
    assert_valid(json.loads(first.to_json()))


_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
                         "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
                         "–": "-", "—": "-", "‒": "-", "―": "-", "−": "-"})


def _norm(text):
    """The comparison CONTRACT.md prescribes: quotes, dashes and white space normalised."""
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("name", SEEDS)
def test_seed_agrees_with_shared_gold(name: str, shared_dir: Path) -> None:
    gold_path = shared_dir / "gold" / "seeds" / (Path(name).stem + ".json")
    if not gold_path.exists():
        pytest.skip(f"no gold file for {name} in {gold_path.parent}")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    doc = _clean_seed(name).to_dict()

    for field in ("title", "subtitle", "dateline", "read_time_minutes"):
        assert _norm(doc[field]) == _norm(gold[field]), field
    published = doc["published"][:10] if doc["published"] else None
    assert published == gold["published"]
    assert [_norm(t) for t in doc["tags"]] == [_norm(t) for t in gold["tags"]]
    assert sorted((_norm(c["text"]), _norm(c["credit"])) for c in doc["captions"]) == \
        sorted((_norm(c["text"]), _norm(c["credit"])) for c in gold["captions"])

    paragraphs = {_norm(p) for p in doc["body"].split("\n\n")}
    missing = [p for p in gold["body"] if _norm(p) not in paragraphs]
    assert not missing, f"{len(missing)} required paragraphs missing or altered, first: {missing[0][:80]!r}"
    required = {_norm(p) for p in gold["body"]}
    leaked = [r["text"] for r in gold["removed"]
              if _norm(r["text"]) in paragraphs and _norm(r["text"]) not in required]
    assert not leaked, f"lines the gold removes are body paragraphs: {leaked}"
