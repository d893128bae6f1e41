"""The rep counter on traces whose right answer is known by construction."""

import numpy as np
import pytest

from pushup_mobile.contract import FAULTS
from pushup_mobile.golden import feedback as golden
from pushup_mobile.feedback.counter import RepCounter
from pushup_mobile.feedback.rules import FeedbackRules


def count(frames, rules=None):
    return golden.replay(frames, rules or FeedbackRules())


@pytest.mark.parametrize(
    ("case", "reps"),
    [("clean_reps", 5), ("noisy_depth", 6), ("plank_hold", 0), ("half_reps", 1), ("pauses", 2),
     ("faulted_reps", 3), ("squat_like", 0), ("gap_reset", 1)],
)
def test_known_rep_counts(case, reps):
    frames = golden.CASES[case](np.random.default_rng(0))
    assert sum(e["counted"] for e in count(frames)) == reps


def test_reps_short_of_the_bottom_are_not_counted_and_told_to_go_lower():
    """half_reps: peaks 0.45, 0.5 (attempts past partial_depth), 0.95 (a rep), 0.4 (too little)."""
    events = count(golden.half_reps(np.random.default_rng(0)))
    assert [e["counted"] for e in events] == [False, False, True]
    assert [e["index"] for e in events] == [0, 0, 1]
    assert events[0]["faults"] == ["shallow_depth"] and events[0]["advice"] == ["Lower your body more"]


@pytest.mark.parametrize("seed", range(5))
def test_noise_does_not_run_away(seed):
    """Heavy noise on a depth that never goes down: no reps, whatever the seed."""
    rng = np.random.default_rng(seed)
    n = 300
    depth = 0.2 + rng.normal(0, 0.1, size=n)
    frames = golden._frames(depth, np.full(n, 0.9), rng.uniform(0, 0.2, size=(n, len(FAULTS))))
    assert count(frames) == []


def test_rep_times_and_advice():
    events = count(golden.faulted_reps(np.random.default_rng(1)))
    first, second, third = events
    assert first["advice"] == ["Good rep"] and first["faults"] == []
    assert first["start_s"] < first["bottom_s"] < first["end_s"]
    assert second["faults"] == ["hip_sag", "head_drop"]
    assert second["advice"] == ["Keep your back straight", "Keep your head in line with your body"]
    assert third["faults"] == ["shallow_depth"]  # the brief hip_pike stays below fault_fraction


def test_too_fast_and_too_slow_reps_do_not_count():
    rng = np.random.default_rng(0)
    fast = golden._reps([0.95] * 3, rep_frames=6)  # 0.4 s reps < min_rep_s
    frames = golden._frames(fast, np.full(len(fast), 0.9), rng.uniform(0, 0.1, (len(fast), 5)))
    assert count(frames) == []
    assert len(count(frames, FeedbackRules(min_rep_s=0.2))) == 3


def test_gate_drop_mid_rep_cancels_it():
    counter = RepCounter()
    t = 0.0
    for depth, pushup in [(0.0, 0.9)] * 4 + [(0.4, 0.9), (0.8, 0.9), (0.9, 0.9), (0.9, 0.1), (0.9, 0.1), (0.2, 0.1), (0.0, 0.9), (0.0, 0.9)]:
        assert counter.update(t, pushup, depth, [0.0] * 5) is None
        t += 1 / 15
    assert counter.count == 0


def test_reset_keeps_count_but_drops_rep_in_progress():
    counter = RepCounter()
    frames = golden.clean_reps(np.random.default_rng(0))
    for frame in frames[:40]:  # two full reps and part of the third
        counter.update(frame["t"], frame["pushup"], frame["depth"], frame["faults"])
    done = counter.count
    counter.reset()
    assert counter.count == done and counter.rep is None
