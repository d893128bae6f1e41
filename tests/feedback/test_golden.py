"""The golden files are the contract with the Android core: the counter must reproduce them."""

import json
from pathlib import Path

import pytest

from pushup_mobile.golden import feedback as golden
from pushup_mobile.feedback.rules import FeedbackRules
from tests.conftest import GOLDEN_ROOT

FILES = sorted((GOLDEN_ROOT / golden.FOLDER).glob("*.json"))


def test_every_case_has_a_file():
    assert sorted(p.stem for p in FILES) == sorted(golden.CASES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_counter_reproduces_golden_file(path: Path):
    case = json.loads(path.read_text())
    rules = FeedbackRules.from_manifest(case["rules"])
    assert rules == FeedbackRules(), "golden files use the shipped rules"
    assert golden.replay(case["frames"], rules) == case["expected"]["events"]


@pytest.mark.parametrize("name", sorted(golden.CASES))
def test_files_are_what_the_generator_writes(name):
    """Regenerating gives the same bytes: inputs and expectations are deterministic."""
    on_disk = json.loads(((GOLDEN_ROOT / golden.FOLDER) / f"{name}.json").read_text())
    assert golden.build_case(name, FeedbackRules()) == on_disk
