"""The shape of the package, checked on its source: `pipeline/` never imports Prefect (the
flows wrap the library, never the reverse), and every source and sink module provides
what the runner calls."""
from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"
FORBIDDEN = ("prefect", "prefect_dask", "flows", "distributed", "dask")


def _imports(path: Path) -> list[tuple[int, str]]:
    """Every module an import statement in `path` names, at any depth (a lazy import
    inside a function counts), with its line."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append((node.lineno, node.module))
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in (
                "import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant):
            names.append((node.lineno, str(node.args[0].value)))
    return names


def test_no_module_of_the_package_imports_prefect() -> None:
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 15, "the package's modules were not found"
    offending = [f"{path.relative_to(PACKAGE.parent)}:{line}: {name}" for path in modules
                 for line, name in _imports(path) if name.split(".")[0] in FORBIDDEN]
    assert offending == []


def test_the_import_check_sees_lazy_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("def later():\n    from prefect import flow\n    import importlib\n"
                      "    importlib.import_module('prefect_dask')\n")
    assert [name for _, name in _imports(sample)] == ["prefect", "importlib", "prefect_dask"]


SINK_METHODS = ("open", "verify", "write", "keep", "recall", "describe", "close", "abort")


@pytest.mark.parametrize("module, name", [("pipeline.sinks.json_folder", "JsonFolder"),
                                          ("pipeline.sinks.jsonl", "JsonLines"),
                                          ("pipeline.sinks.parquet", "ParquetFile"),
                                          ("pipeline.sinks", "Tee")])
def test_every_sink_has_what_the_runner_calls(module: str, name: str) -> None:
    if module.endswith("parquet"):
        pytest.importorskip("pyarrow")
    cls = getattr(importlib.import_module(module), name)
    missing = [m for m in SINK_METHODS if not callable(getattr(cls, m, None))]
    assert missing == []
    assert "manifest_path" in inspect.getsource(cls)


@pytest.mark.parametrize("module, name", [("pipeline.sources.files", "FileTree"),
                                          ("pipeline.sources.warc", "WarcRecords"),
                                          ("pipeline.sources.jsonl", "JsonlRecords")])
def test_every_source_yields_records(module: str, name: str) -> None:
    cls = getattr(importlib.import_module(module), name)
    assert inspect.isgeneratorfunction(cls.records)
