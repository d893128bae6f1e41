"""The streaming session's own rules, with a scripted step model: no rep without a person."""

import numpy as np
import pytest

from pushup_mobile.contract import FAULTS
from pushup_mobile.feedback.rules import FeedbackRules
from pushup_mobile.runtime.session import StreamingSession
from pushup_mobile.preprocess import PERSON_CHECK_EVERY, PixelInput, Preprocessing
from pushup_mobile.runtime.models import OpenedModel

FPS = 15.0
STATE = {"h": (1, 1, 4), "c": (1, 1, 4)}


class ScriptedRunner:
    """A model sure of a push-up on every frame, its depth going down and up once every 2 s:
    what the shipped pixel model once did over a moving rectangle."""

    def __init__(self) -> None:
        self.frames = 0

    def step(self, frame, state):
        depth = 0.5 - 0.5 * np.cos(2 * np.pi * self.frames / (2 * FPS))
        self.frames += 1
        return {"pushup": np.full((1, 1), 6.0, np.float32), "depth": np.full((1, 1), depth, np.float32),
                "faults": np.full((1, len(FAULTS)), -6.0, np.float32), **state}


def _reps(seen: list[bool], rules: FeedbackRules = FeedbackRules()) -> int:
    """Reps counted over ``len(seen)`` frames when the person detector answers ``seen[i]``."""
    answers = iter(seen[::PERSON_CHECK_EVERY])
    stage = PixelInput(Preprocessing(size=32), locate=lambda rgb: (16.0, 12.0, 20.0) if next(answers) else None)
    model = OpenedModel(ScriptedRunner(), "scripted", "test", "0" * 64, True, stage, rules, STATE)
    session = StreamingSession(model)
    frame = np.zeros((24, 32, 3), np.uint8)
    return max(session.push(frame, i / FPS).count for i in range(len(seen)))


def test_no_rep_is_counted_while_nobody_is_in_view():
    frames = int(20 * FPS)  # ten down-and-up cycles
    assert _reps([True] * frames) >= 9
    assert _reps([False] * frames) == 0


def test_a_short_detector_miss_does_not_lose_reps_but_a_long_absence_does():
    frames = int(20 * FPS)
    with_blinks = [(i // PERSON_CHECK_EVERY) % 9 != 4 for i in range(frames)]  # 1 check in 9 (3 s) missed
    assert _reps(with_blinks) == _reps([True] * frames)
    left_halfway = [i < frames // 2 for i in range(frames)]
    assert _reps(left_halfway) < _reps([True] * frames) - 3


@pytest.mark.parametrize("memory", [0.0, 4.0])
def test_the_memory_is_the_rules_own(memory):
    frames = int(20 * FPS)
    blinking = [(i // PERSON_CHECK_EVERY) % 6 == 0 for i in range(frames)]  # seen once every 2 s
    reps = _reps(blinking, FeedbackRules(person_memory_s=memory))
    assert (reps == 0) if memory == 0.0 else (reps >= 9)
