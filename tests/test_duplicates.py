"""Near-duplicate grouping (pipeline/duplicates.py, `pipeline clean --group-duplicates`).

What it must do: group exact copies, copies with other furniture and lightly edited copies of
one story; keep two different stories on the same subject apart; grow a group across runs
without changing its id; let a changed input leave its group; give the same groups whatever
`--jobs`; keep its index whole when a run is killed; and leave every output without a
near-copy byte for byte what cleaning alone writes.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from pipeline.document import Document
from pipeline.duplicates import (INDEX_FILE, NUM_PERM, REPORT_FILE, THRESHOLD, Index, group_folder, signature,
                                 similarity)

from conftest import RAW, assert_valid, assert_valid_folder, run_cli

STORY = """Harbour city approves flood wall after decade of delays

By Ana Ruiz

PORTVILLE (Wire) - The city council of Portville voted on Tuesday to build a flood wall along the old harbour, ending ten years of arguments over its cost and its route.

The wall, about four kilometres long, will rise two metres above the quay and is expected to cost 180 million euros, most of it paid by the regional government.

Council members approved the plan by 31 votes to 9 after a debate that lasted more than six hours and drew hundreds of residents to the town hall.

Supporters said the storms of the last three winters, which flooded the market district twice, left the city no choice but to act before the next season.

Opponents argued that the wall would cut the old town off from the sea and harm the fishing businesses that still work from the eastern piers.

The mayor, Carla Menon, said engineers would add three wide gates so that boats and pedestrians could still reach the water in calm weather.

Work is due to begin in the spring and to last four years, during which the harbour road will be closed to traffic in stages.

The regional minister for infrastructure welcomed the vote and said the first payment would be released before the end of the year.
"""

# The same subject, another story: other events, other words.
OTHER_STORY = """Fishermen fear harbour wall will empty the eastern piers

By Tom Okafor

PORTVILLE (Wire) - Fishing families in Portville say the planned flood wall could end a trade that has kept the eastern piers busy for three centuries.

At dawn on Wednesday, a dozen trawlers unloaded hake and sardines while their crews talked of little else than the gates the council has promised.

Jonas Pereira, whose grandfather bought the family's first boat in 1951, said the narrow openings would force larger vessels to wait for the tide.

The fishermen's association has asked for a meeting with the engineers and says it will take the city to court if its members are not heard.

A study commissioned by the association estimates that landings could fall by a quarter during the years of construction alone.

Restaurant owners along the waterfront share the worry, saying tourists come for the view of the boats as much as for the fish.

City officials say a compensation fund is being discussed but have given no figure and no date for a decision.
"""

FURNITURE_TOP = "Home | World | Business | Sport | Weather\nSubscribe to our newsletter\n\n"
FURNITURE_BOTTOM = ("\n\nShare this article on Facebook\nShare this article on Twitter\n\nRelated stories\n"
                    "Storm season begins early\n\n© 2024 Coast Daily. All rights reserved.\n")


def _light_edit(text: str) -> str:
    return text.replace("180 million euros", "185 million euros").replace("31 votes to 9", "32 votes to 8")


def _write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _clean(*inputs: Path, out: Path, jobs: int = 1, group: bool = True) -> subprocess.CompletedProcess:
    args = ["clean", *inputs, "--out", out, "--jobs", str(jobs), "--no-fsync"]
    result = run_cli(*args, *(["--group-duplicates"] if group else []))
    assert result.returncode == 0, result.stderr
    return result


def _docs(out: Path) -> dict[str, dict]:
    return {p.relative_to(out).as_posix()[:-5]: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(out.rglob("*.json"))}


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- the signature ---------------------------------------------------------------------------------

def test_furniture_and_light_edits_stay_above_the_threshold_other_stories_far_below() -> None:
    story = signature(STORY)
    assert similarity(story, signature(STORY)) == 1.0
    assert similarity(story, signature(_light_edit(STORY))) >= 0.6
    assert similarity(story, signature(FURNITURE_TOP + STORY + FURNITURE_BOTTOM)) >= 0.6
    assert similarity(story, signature(OTHER_STORY)) < THRESHOLD / 3


def test_chinese_is_shingled_by_characters() -> None:
    text = ("港口城市议会周二投票决定沿旧港修建防洪墙，结束了十年来关于其成本和路线的争论。"
            "这座长约四公里的墙将高出码头两米，预计耗资一亿八千万欧元，大部分由地区政府支付。"
            "市长表示，工程师将增加三个宽闸门，以便船只和行人在天气平静时仍能到达水边。")
    edited = text.replace("一亿八千万", "一亿八千五百万")
    other = ("渔民们担心港口墙会让东码头空无一人。周三黎明时分，十几艘拖网渔船卸下了鳕鱼和沙丁鱼，"
             "船员们谈论的几乎只有议会承诺的闸门。渔民协会要求与工程师会面。")
    assert similarity(signature(text), signature(edited)) >= 0.6
    assert similarity(signature(text), signature(other)) < THRESHOLD / 3


# --- one run ---------------------------------------------------------------------------------------

@pytest.fixture
def wire(tmp_path: Path) -> Path:
    """One story in four forms (input order: a, b, c, d) and another story on the subject (e)."""
    return _write(tmp_path / "in", {
        "a-original.txt": STORY,
        "b-exact-copy.txt": STORY,
        "c-with-furniture.txt": FURNITURE_TOP + STORY + FURNITURE_BOTTOM,
        "d-light-edit.txt": _light_edit(STORY),
        "e-other-story.txt": OTHER_STORY,
    })


def test_copies_furniture_and_edits_group_other_story_stays_apart(wire: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _clean(wire, out=out)
    docs = _docs(out)
    first = docs["a-original"]
    expected = {"group": first["duplicates"]["group"], "of": first["id"]}
    for key in ("a-original", "b-exact-copy", "c-with-furniture", "d-light-edit"):
        assert docs[key]["duplicates"] == expected, key
        assert docs[key]["schema_version"] == "1.1"
    assert "duplicates" not in docs["e-other-story"]
    assert docs["e-other-story"]["schema_version"] == "1.0"
    assert len(assert_valid_folder(out)) == 5

    report = [json.loads(line) for line in (out / REPORT_FILE).read_text(encoding="utf-8").splitlines()]
    assert len(report) == 1
    assert report[0]["group"] == expected["group"] and report[0]["of"] == expected["of"]
    assert [m["output"] for m in report[0]["members"]] == [
        "a-original.json", "b-exact-copy.json", "c-with-furniture.json", "d-light-edit.json"]
    assert report[0]["members"][0]["similarity"] == 1.0
    assert all(THRESHOLD <= m["similarity"] <= 1.0 for m in report[0]["members"])


def test_a_document_with_the_field_reads_back() -> None:
    doc = {"schema_version": "1.1", "id": "0123456789abcdef",
           "source": {"path": "a.txt", "sha256": "0" * 64, "format": "text", "encoding": "utf-8"},
           "title": None, "subtitle": None, "authors": [], "published": None, "dateline": None,
           "language": "en", "read_time_minutes": None, "tags": [], "captions": [], "body": "Text.",
           "removed": [], "pipeline": {"version": "0.1.0", "text_fixes": []},
           "duplicates": {"group": "fedcba9876543210", "of": "0123456789abcdef"}}
    assert_valid(doc)
    assert Document.from_dict(doc).to_dict() == doc
    broken = dict(doc, duplicates={"group": "not a group id", "of": "0123456789abcdef"})
    import jsonschema
    from pipeline.document import json_schema

    assert not jsonschema.Draft202012Validator(json_schema()).is_valid(broken)


def test_without_near_copies_outputs_are_what_cleaning_alone_writes(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for seed in sorted(RAW.glob("*.txt")):  # five different articles on one subject
        shutil.copy(seed, inputs / seed.name)
    plain, grouped = tmp_path / "plain", tmp_path / "grouped"
    _clean(inputs, out=plain, group=False)
    _clean(inputs, out=grouped)
    assert {k: v for k, v in _tree(grouped).items() if k.endswith(".json")} == \
        {k: v for k, v in _tree(plain).items() if k.endswith(".json")}
    assert not (grouped / REPORT_FILE).exists()
    assert len(Index.load(grouped / INDEX_FILE).members) == 5


def test_same_groups_whatever_the_number_of_jobs(wire: Path, tmp_path: Path) -> None:
    for i in range(6):  # more copies, so that workers finish out of order
        (wire / f"f{i}-copy.txt").write_text(_light_edit(STORY) if i % 2 else STORY, encoding="utf-8")
        (wire / f"g{i}-other.txt").write_text(OTHER_STORY.replace("dozen", f"{i + 2} dozen"), encoding="utf-8")
    one, three = tmp_path / "one", tmp_path / "three"
    _clean(wire, out=one, jobs=1)
    _clean(wire, out=three, jobs=3)
    assert _tree(one) == _tree(three)
    groups = {d.get("duplicates", {}).get("group") for d in _docs(one).values()}
    assert len(groups - {None}) == 2  # the wall story and the fishermen's story


def test_group_duplicates_needs_a_folder(wire: Path, tmp_path: Path) -> None:
    result = run_cli("clean", wire, "--jsonl", tmp_path / "x.jsonl", "--group-duplicates")
    assert result.returncode == 2
    assert "--group-duplicates" in result.stderr


# --- across runs -----------------------------------------------------------------------------------

def test_a_group_grows_across_runs_and_keeps_its_id(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _clean(_write(tmp_path / "monday", {"wall.txt": STORY, "fish.txt": OTHER_STORY}), out=out)
    monday = _docs(out)
    assert "duplicates" not in monday["wall"]  # no near-copy yet

    _clean(_write(tmp_path / "tuesday", {"wall-syndicated.txt": FURNITURE_TOP + STORY + FURNITURE_BOTTOM}), out=out)
    tuesday = _docs(out)
    group = tuesday["wall"]["duplicates"]["group"]
    assert tuesday["wall"]["duplicates"] == {"group": group, "of": monday["wall"]["id"]}  # last week's joins
    assert tuesday["wall-syndicated"]["duplicates"] == tuesday["wall"]["duplicates"]
    assert "duplicates" not in tuesday["fish"]

    _clean(_write(tmp_path / "wednesday", {"wall-corrected.txt": _light_edit(STORY)}), out=out)
    wednesday = _docs(out)
    assert {wednesday[k]["duplicates"]["group"] for k in ("wall", "wall-syndicated", "wall-corrected")} == {group}
    assert wednesday["wall"] == tuesday["wall"]
    assert len(Index.load(out / INDEX_FILE).members) == 4


def test_a_changed_input_leaves_its_group(tmp_path: Path) -> None:
    inputs = _write(tmp_path / "in", {"a.txt": STORY, "b.txt": FURNITURE_TOP + STORY})
    out, plain = tmp_path / "out", tmp_path / "plain"
    _clean(inputs, out=out)
    assert _docs(out)["b"]["duplicates"]["of"] == _docs(out)["a"]["id"]

    (inputs / "b.txt").write_text(OTHER_STORY, encoding="utf-8")  # b is now another story
    _clean(inputs, out=out)
    docs = _docs(out)
    assert "duplicates" not in docs["a"] and "duplicates" not in docs["b"]
    _clean(inputs, out=plain, group=False)
    assert _tree(out)["a.json"] == _tree(plain)["a.json"], "a lone document is what cleaning writes"
    assert (out / REPORT_FILE).read_text() == ""  # the report is of this run: no group left


def test_skip_unchanged_runs_keep_the_groups(wire: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _clean(wire, out=out)
    before = _tree(out)
    result = run_cli("clean", wire, "--out", out, "--skip-unchanged", "--group-duplicates", "--no-fsync")
    assert result.returncode == 0, result.stderr
    assert _tree(out) == before
    # The grouped outputs were rewritten after the sink recorded them; the manifest follows,
    # so the next run trusts them instead of cleaning every grouped input again.
    from pipeline.batch import Settings, clean_paths
    from pipeline.duplicates import group_folder

    report = clean_paths([wire], Settings(out_dir=str(out), skip_unchanged=True, fsync=False), jobs=1)
    assert (report.cleaned, report.unchanged) == (0, len(report.entries))
    assert group_folder(out, ((rid, e.key) for rid, e in report.entries.items()), fsync=False).rewritten == 0


# --- killed runs -----------------------------------------------------------------------------------

def test_an_interrupted_index_write_leaves_the_earlier_index(wire: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    _clean(wire, out=out)
    saved = (out / INDEX_FILE).read_bytes()
    index = Index.load(out / INDEX_FILE)
    assert index.signatures.shape == (5, NUM_PERM)

    def crash(*args, **kwargs):
        raise KeyboardInterrupt  # as a kill during the write
    monkeypatch.setattr(np, "savez", crash)
    with pytest.raises(KeyboardInterrupt):
        index.save(out / INDEX_FILE)
    assert (out / INDEX_FILE).read_bytes() == saved
    assert not [p for p in out.iterdir() if p.name.startswith(".pipeline-tmp-")]
    # A damaged index (not ours, or cut short by a disk) is set aside, never trusted.
    (out / INDEX_FILE).write_bytes(saved[: len(saved) // 2])
    assert Index.load(out / INDEX_FILE).members == []


def test_the_index_survives_a_killed_run(tmp_path: Path) -> None:
    first = _write(tmp_path / "first", {"wall.txt": STORY, "fish.txt": OTHER_STORY})
    second = tmp_path / "second"
    second.mkdir()
    seeds = sorted(RAW.glob("*.txt"))
    for i in range(300):
        shutil.copy(seeds[i % len(seeds)], second / f"{i:04d}-{seeds[i % len(seeds)].name}")
    (second / "wall-copy.txt").write_text(FURNITURE_TOP + STORY, encoding="utf-8")

    out, reference = tmp_path / "out", tmp_path / "reference"
    for folder in (out, reference):
        _clean(first, out=folder)
    index_before = (out / INDEX_FILE).read_bytes()
    run = subprocess.Popen([sys.executable, "-m", "pipeline", "clean", str(second), "--out", str(out),
                            "--jobs", "2", "--group-duplicates"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("0*.json"))) < 20:
        time.sleep(0.02)
    os.killpg(run.pid, signal.SIGKILL)  # the whole run, mid-batch
    run.wait()
    assert 0 < len(list(out.glob("0*.json"))) < 300, "the kill should land mid-run"
    assert (out / INDEX_FILE).read_bytes() == index_before  # the earlier index, whole
    assert len(Index.load(out / INDEX_FILE).members) == 2

    _clean(second, out=out, jobs=2)  # the next run repairs everything
    _clean(second, out=reference, jobs=2)
    assert _tree(out) == _tree(reference)
    docs = _docs(out)
    assert docs["wall-copy"]["duplicates"]["of"] == docs["wall"]["id"]
