"""The JSON Schema shipped as pipeline/schema.json: well-formed, in step with
`Document.to_dict()` and shared/CONTRACT.md, accepting real outputs and rejecting broken ones."""
from __future__ import annotations

import copy
import json
import re

import jsonschema
import pytest

import pipeline
from pipeline.document import SCHEMA_VERSION, json_schema

from conftest import RAW, SCHEMA_PATH, assert_valid


@pytest.fixture(scope="module")
def seed_doc() -> dict:
    return pipeline.clean(sorted(RAW.glob("*.txt"))[0].read_bytes(), source="raw/seed.txt").to_dict()


def test_schema_is_valid_draft_2020_12() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert json_schema() == schema, "the packaged schema is the file in the repository"


def test_schema_requires_every_field_to_dict_writes(seed_doc: dict) -> None:
    schema = json_schema()
    assert set(schema["required"]) == set(seed_doc)
    # Optional fields of minor versions: written only where they apply (1.1: duplicates).
    assert set(schema["properties"]) == set(seed_doc) | {"duplicates"}
    assert re.match(schema["properties"]["schema_version"]["pattern"], SCHEMA_VERSION)


def test_schema_covers_the_contract(shared_dir) -> None:
    contract = (shared_dir / "CONTRACT.md").read_text(encoding="utf-8")
    fields = re.findall(r"^\| `(\w+)` \|", contract, flags=re.MULTILINE)
    assert len(fields) >= 10
    assert set(fields) <= set(json_schema()["properties"])  # optional fields (1.1: duplicates) too


def test_real_outputs_validate(seed_doc: dict) -> None:
    assert_valid(seed_doc)


def _broken(doc: dict, path: tuple, value) -> dict:
    out = copy.deepcopy(doc)
    target = out
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return out


@pytest.mark.parametrize("path, value", [
    (("body",), KeyError),
    (("body",), ""),
    (("body",), "  padded paragraph  "),
    (("body",), "one\n\n\n\ntoo many blank lines"),
    (("title",), ""),
    (("title",), "two\nlines"),
    (("published",), "26 December, 2018"),
    (("published",), "2018-12-26T10:00:00+01:00x"),
    (("language",), "english"),
    (("read_time_minutes",), "3"),
    (("read_time_minutes",), -1),
    (("tags",), ["same", "same"]),
    (("source", "sha256"), "not-a-hash"),
    (("source", "format"), "pdf"),
    (("schema_version",), "2.0"),
    (("captions", 0, "credit"), 7),
    (("removed", 0, "rule"), ""),
    (("removed", 0, "kind"), "Not A Kind"),
    (("pipeline",), {}),
])
def test_broken_documents_are_rejected(seed_doc: dict, path: tuple, value) -> None:
    assert seed_doc["captions"] and seed_doc["removed"], "the seed should exercise captions and removed"
    validator = jsonschema.Draft202012Validator(json_schema())
    assert not validator.is_valid(_broken(seed_doc, path, value))


@pytest.mark.parametrize("published", ["2018-12-26", "2018-12-26T10:00", "2018-12-26T10:00:05Z",
                                       "2018-12-26T10:00:05+05:30", "2018-12-26 10:00:05.123-0500"])
def test_iso_dates_and_times_are_accepted(seed_doc: dict, published: str) -> None:
    assert_valid(_broken(seed_doc, ("published",), published))


def test_minor_versions_may_add_fields(seed_doc: dict) -> None:
    extended = dict(seed_doc, schema_version="1.3", sentiment=0.5)
    assert_valid(extended)
