"""The documentation stays true to the code: the README is short, its links lead somewhere,
every option it names exists, its failure reasons are the library's, its example document and
`explain` lines are what the code prints; CONTRACT.md names every field of the schema and
every kind the rules assign; docs/rules.md names every rule family."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import pipeline
from pipeline.errors import CleanError
from pipeline.rules import ALL_RULES

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")
CONTRACT = (REPO / "CONTRACT.md").read_text(encoding="utf-8")
DOCS = sorted((REPO / "docs").glob("*.md"))
# Linked before they are merged from the branches that write them; a link to one of these
# may lead nowhere until then.
WRITTEN_ELSEWHERE = {"docs/html.md", "docs/duplicates.md"}
EXAMPLE = "raw/002_41c0fcd437463166.txt"


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


def test_readme_is_short() -> None:
    assert len(README.splitlines()) <= 220


@pytest.mark.parametrize("page", [REPO / "README.md", REPO / "CONTRACT.md", REPO / "CHANGELOG.md", *DOCS],
                         ids=lambda p: p.relative_to(REPO).as_posix())
def test_relative_links_lead_to_files_and_anchors(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page
        relative = resolved.relative_to(REPO).as_posix() if resolved.is_relative_to(REPO) else str(resolved)
        if relative in WRITTEN_ELSEWHERE and not resolved.exists():
            continue
        if not resolved.exists():
            broken.append(target)
        elif anchor and resolved.suffix == ".md":
            headings = re.findall(r"^#+ (.+)$", resolved.read_text(encoding="utf-8"), re.M)
            slugs = {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}
            if anchor not in slugs:
                broken.append(target)
    assert broken == []


def _help(*args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "pipeline", *args, "--help"], cwd=REPO,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_every_option_the_readme_names_exists() -> None:
    named = set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", README))
    known = set(re.findall(r"--[a-z][a-z0-9-]*", _help() + _help("clean") + _help("explain")))
    assert named and named - known == set()


def test_readme_lists_the_failure_reasons_of_the_library() -> None:
    section = README.split("## Failure reasons", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `([a-z_]+)` \|", section, re.M)
    assert listed == list(CleanError.REASONS)


def test_readme_example_document_is_what_clean_gives() -> None:
    """Every line of the README's (shortened) example that is not elided is a line of the
    document `pipeline.clean` makes from the example input."""
    doc = pipeline.clean((REPO / EXAMPLE).read_bytes(), source=EXAMPLE)
    real = {line.rstrip(",") for line in doc.to_json().splitlines()}
    (shown,) = _blocks(README, "json")
    shown_lines = [line.rstrip(",") for line in shown.splitlines() if "…" not in line]
    assert len(shown_lines) > 30
    assert [line for line in shown_lines if line not in real] == []
    # And the elided body starts as the real one does.
    body = next(line for line in shown.splitlines() if line.strip().startswith('"body"'))
    start = json.loads("{" + body.split("\\n\\n…")[0] + '"}')["body"]
    assert doc.body.startswith(start)


def test_readme_explain_lines_are_what_explain_prints(capsys: pytest.CaptureFixture) -> None:
    from pipeline.cli import main

    assert main(["explain", str(REPO / EXAMPLE), "--color", "never"]) == 0
    printed = capsys.readouterr().out.splitlines()
    shown = next(block for block in _blocks(README, "") if "[head.title]" in block)
    for line in shown.splitlines():
        start = line.removesuffix("...").rstrip()
        assert any(p.startswith(start) for p in printed), line


def test_contract_names_every_field_of_the_schema() -> None:
    schema = pipeline.document.json_schema()
    fields = [f"`{name}`" for name in schema["properties"]]
    fields += [f"`{parent}.{name}`" if parent == "source" else f"`{name}`"
               for parent in ("source", "pipeline") for name in schema["properties"][parent]["properties"]]
    assert [field for field in fields if field not in CONTRACT] == []


def test_contract_lists_every_kind_the_rules_remove() -> None:
    kinds_paragraph = CONTRACT.split("Kinds of `removed`", 1)[1].split("\n\n", 1)[0]
    listed = set(re.findall(r"`([a-z_]+)`", kinds_paragraph))
    fields = {"title", "subtitle", "dateline"}  # kinds whose blocks become fields, never removed
    assert {rule.kind for rule in ALL_RULES} - fields - listed == set()


def test_rules_doc_names_every_rule_family() -> None:
    text = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    families = {rule.name.split(".")[0] for rule in ALL_RULES}
    assert sorted(f for f in families if f"| `{f}` |" not in text) == []
