"""The code fingerprint (skip-unchanged) covers exactly the modules that decide an output:
derived by following imports from where a record becomes a document, checked here against
the modules really loaded when cleaning, and against edits of a copy of the package."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pipeline
from pipeline.manifest import deciding_modules

PACKAGE = Path(pipeline.__file__).resolve().parent


def test_the_deciding_modules_are_the_cleaning_path_not_the_command_line():
    modules = set(deciding_modules())
    assert {"core.py", "rules.py", "kinds.py", "text.py", "html.py", "reading.py", "document.py",
            "sources/warc.py", "sources/jsonl.py", "sinks/parquet.py", "batch.py", "__init__.py"} <= modules
    assert not modules & {"cli.py", "__main__.py", "manifest.py"}


_LOADED = """
import json, sys
import pipeline
pipeline.clean(b"Headline\\n\\nA first paragraph that is long enough to read as prose, with a stop.")
pipeline.clean(b"<html><head><title>T</title></head><body><article><p>A first paragraph that is long "
               b"enough to read as prose, with a stop at its end.</p></article></body></html>", format="html")
from pipeline.batch import clean_record
print(json.dumps(sorted(m for m in sys.modules if m == "pipeline" or m.startswith("pipeline."))))
"""


def test_every_module_loaded_by_cleaning_is_fingerprinted():
    env = {**os.environ, "PYTHONPATH": str(PACKAGE.parent)}
    out = subprocess.run([sys.executable, "-c", _LOADED], capture_output=True, text=True, env=env, check=True)
    loaded = json.loads(out.stdout)
    files = set()
    for name in loaded:
        parts = name.split(".")[1:]
        path = PACKAGE.joinpath(*parts)
        files.add((path / "__init__.py" if path.is_dir() else path.with_suffix(".py")).relative_to(PACKAGE).as_posix())
    assert sorted(files - set(deciding_modules()) - {"manifest.py"}) == []


def _fingerprint_of(copy: Path) -> str:
    code = "from pipeline.manifest import code_fingerprint; print(code_fingerprint())"
    env = {**os.environ, "PYTHONPATH": str(copy)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=copy,
                          check=True).stdout.strip()


def test_editing_the_help_text_keeps_the_fingerprint_and_editing_a_rule_changes_it(tmp_path):
    copy = tmp_path / "code"
    shutil.copytree(PACKAGE, copy / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    before = _fingerprint_of(copy)
    cli = copy / "pipeline" / "cli.py"
    cli.write_text(cli.read_text(encoding="utf-8").replace("show how FILE", "show how the FILE"), encoding="utf-8")
    assert _fingerprint_of(copy) == before
    rules = copy / "pipeline" / "rules.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# a changed rule\n", encoding="utf-8")
    assert _fingerprint_of(copy) != before
    warc = copy / "pipeline" / "sources" / "warc.py"
    rules.write_text(rules.read_text(encoding="utf-8").replace("\n# a changed rule\n", ""), encoding="utf-8")
    assert _fingerprint_of(copy) == before
    warc.write_text(warc.read_text(encoding="utf-8") + "\n# a changed source\n", encoding="utf-8")
    assert _fingerprint_of(copy) != before
