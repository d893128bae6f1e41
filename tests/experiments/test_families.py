"""The family comparison: every row of the family table and the recipe, with accuracy and
cost, from tiny models on one short clip."""

import json

import pytest

from pushup_mobile.experiments import families
from pushup_mobile.families import FAMILIES, build_model, save_checkpoint
from tests.conftest import TINY_FAMILY_CONFIGS


def test_negative_clips_are_counted_as_k_of_n():
    assert families._negatives([(3, 3, True), (0, 1, False), (0, 0, False)]) == "1/2"
    assert families._negatives([(3, 2, True)]) == "0/0"


@pytest.mark.slow
def test_the_comparison_has_a_row_per_family_and_the_recipe(tmp_path):
    arguments = ["--clips", "1", "--frames", "8", "--runs", "5", "--out", str(tmp_path / "out")]
    for name, cfg in TINY_FAMILY_CONFIGS.items():
        save_checkpoint(build_model(cfg, seed=0), tmp_path / f"{name}.pt")
        arguments += ["--checkpoint", f"{name}={tmp_path / name}.pt"]
    families.main(arguments)
    report = json.loads((tmp_path / "out" / "families.json").read_text())
    rows = {row["method"]: row for row in report["rows"]}
    assert list(rows) == [*FAMILIES, families.RECIPE]
    for name in FAMILIES:
        assert rows[name]["step_ms"] > 0 and rows[name]["front_end_ms"] > 0 and rows[name]["artifact_mb"] > 0
        assert 0 <= rows[name]["rep_obo"] <= 1 and rows[name]["negative_clips_with_reps"].count("/") == 1
    assert rows[families.RECIPE]["pushup_f1"] is None and rows[families.RECIPE]["step_ms"] is None
    table = (tmp_path / "out" / "families.md").read_text()
    assert all(f"| {name} |" in table for name in rows)
    assert (tmp_path / "out" / "families.png").read_bytes()[:4] == b"\x89PNG"
