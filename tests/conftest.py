"""Shared test plumbing: the `--update-golden` flag, paths to the sample data, the JSON
Schema check every test output goes through, and a runner for the command line."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests: a small fixed sample in CI (same examples every run, so CI is not flaky);
# `pytest --hypothesis-profile=long tests/test_properties.py` for the long fuzz run by hand.
settings.register_profile("ci", max_examples=200, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("long", max_examples=100_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile("ci")

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "raw"
SCHEMA_PATH = REPO / "pipeline" / "schema.json"
# CI clones the project beside ../shared; a developer checkout may sit elsewhere.
SHARED = Path(os.environ.get("PIPELINE_SHARED", REPO.parent / "shared"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the expected JSON of golden tests from the current output")


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def seed_files() -> list[Path]:
    files = sorted(RAW.glob("*.txt"))
    assert files, f"no sample data in {RAW}"
    return files


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "gold" / "seeds").is_dir():
        message = f"shared data not found at {SHARED} (set PIPELINE_SHARED or clone beside ../shared)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI has ../shared beside the clone: a skip there would hide the gold checks
        pytest.skip(message)
    return SHARED


@lru_cache(maxsize=1)
def _validator():
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def assert_valid(doc_dict: dict) -> None:
    """Fail with every schema violation listed when `doc_dict` is not a valid clean document."""
    errors = sorted(_validator().iter_errors(doc_dict), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in errors[:10]]
        pytest.fail("document does not match pipeline/schema.json:\n" + "\n".join(lines))


def assert_valid_folder(folder: Path) -> list[dict]:
    """Every output under `folder` parses and validates; no temporary file is left. Returns them."""
    docs = []
    for path in sorted(folder.rglob("*")):
        assert not path.name.startswith(".pipeline-tmp-"), f"temporary file left behind: {path}"
        if path.suffix == ".json" and path.is_file():
            doc = json.loads(path.read_text(encoding="utf-8"))
            assert_valid(doc)
            docs.append(doc)
    return docs


def run_cli(*args: str | os.PathLike, cwd: Path | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess:
    """`python -m pipeline ARGS` in a subprocess; stdout/stderr captured as UTF-8 text.

    Output is piped, so the command sees no terminal (no progress bar, no colour)."""
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run([sys.executable, "-m", "pipeline", *map(os.fsdecode, args)], cwd=cwd,
                          capture_output=True, timeout=timeout, env=env, text=True,
                          encoding="utf-8", errors="surrogateescape", stdin=subprocess.DEVNULL)


@pytest.fixture
def cli():
    return run_cli


def unaccounted_lines(text: str | bytes, doc) -> list[str]:
    """Non-blank input lines found nowhere in `doc`: not a body paragraph, not the title or
    subtitle, not a `removed` text, and not the first paragraph with its dateline prefix.
    (Text input only: HTML markup is not lines of the article.)"""
    from pipeline.reading import read_text
    from pipeline.text import normalise_line

    if isinstance(text, bytes):
        text = read_text(text).text
    paragraphs = doc.body.split("\n\n")
    kept = set(paragraphs) | {doc.title, doc.subtitle} | {r.text for r in doc.removed}
    lost = []
    for raw in text.split("\n"):
        line = normalise_line(raw)
        if not line or line in kept:
            continue
        if doc.dateline and any(line.endswith(p) and doc.dateline in line[: len(line) - len(p)]
                                for p in paragraphs):
            continue
        lost.append(line)
    return lost


def assert_nothing_lost(text: str | bytes, doc) -> None:
    lost = unaccounted_lines(text, doc)
    assert not lost, f"{len(lost)} input lines are neither body, metadata nor removed: {lost[:3]}"
