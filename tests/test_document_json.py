"""The contract JSON text: orjson's bytes are the standard library's for everything a document holds."""
from __future__ import annotations

import json

from pipeline.document import Caption, Document, Removed, Source, json_schema, render_json


def _stdlib(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_every_character_renders_as_the_standard_library_does():
    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    data = {"body": every, "title": '"quoted" \\ back\tslash\n\x00\x1f\x7f\u2028\u2029'}
    assert render_json(data) == _stdlib(data)


def test_empty_nested_and_scalar_values_render_as_the_standard_library_does():
    data = {"tags": [], "source": {}, "captions": [[]], "removed": [{}], "title": None, "flag": True,
            "no": False, "read_time_minutes": 12, "big": -(2 ** 63), "nested": {"a": [1, ["x", {"b": None}]]}}
    assert render_json(data) == _stdlib(data)


def test_a_document_renders_as_the_standard_library_does():
    doc = Document(id="a", source=Source("a.html", "0" * 64, "html", "utf-8", url="https://example.org/ü"),
                   body="Première ligne.\n\nZweite Zeile — 東京", title="Titre", authors=("Zoë",),
                   captions=(Caption("Une photo", "AFP"),), removed=(Removed("nav", "Accueil", "nav.menu"),),
                   read_time_minutes=3, tags=("été",))
    assert doc.to_json() == _stdlib(doc.to_dict())
    assert doc.to_rendered_dict().json_text == doc.to_json()


def test_what_orjson_refuses_falls_back_to_the_standard_library():
    for data in ({"body": "lone \ud800 surrogate"}, {1: "key not a string"}, {"n": 2 ** 70}):
        assert render_json(data) == _stdlib(data)


def _types(node) -> set[str]:
    found = set()
    if isinstance(node, dict):
        kind = node.get("type")
        found.update(kind if isinstance(kind, list) else [kind] if isinstance(kind, str) else [])
        for value in node.values():
            found |= _types(value)
    elif isinstance(node, list):
        for value in node:
            found |= _types(value)
    return found


def test_the_contract_has_no_float_field():
    # orjson writes some floats differently (1e-7 against the standard library's 1e-07):
    # render_json is byte-identical only because a document holds no float.
    types = _types(json_schema())
    assert "integer" in types
    assert "number" not in types
