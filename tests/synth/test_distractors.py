"""An empty room with things moving in it: nobody, no push-up, and something that moves at
a push-up's pace."""

import numpy as np

from pushup_mobile.contract import FRAME_RATE
from pushup_mobile.synth.clip import EDITS, sample_clip
from pushup_mobile.synth.dataset import person_cropped
from pushup_mobile.synth.distractors import KINDS, PERIOD_S, sample_movers
from pushup_mobile.synth import generate
from pushup_mobile.synth.generate import render_clip
from pushup_mobile.synth.motion import ACTIVITIES
from pushup_mobile.synth.splits import SPLITS


def test_an_empty_clip_is_labelled_nobody_on_every_frame_and_keeps_no_rep():
    clip = sample_clip(3, SPLITS["train"], frames=90, size=128, variant="standard", edit="empty")
    assert clip.absent.all()
    assert (clip.motion.activity == ACTIVITIES.index("nobody")).all()
    assert clip.motion.pushup.sum() == 0 and clip.rep_count == 0 and clip.fault_labels.sum() == 0
    assert clip.visibility.sum() == 0
    pushups = sample_clip(3, SPLITS["train"], frames=90, size=128, variant="standard", edit="none")
    assert pushups.rep_count > 0  # the same motion, seen: the empty edit is what hid it


def test_an_empty_room_moves_but_draws_no_body_and_the_pixel_crop_keeps_the_whole_frame(monkeypatch):
    clip = sample_clip(4, SPLITS["train"], frames=30, size=128, edit="empty")
    frames, seen = render_clip(clip)
    assert seen.sum() == 0
    # the same room without its movers (drawn, so the clip's random stream stays the same)
    monkeypatch.setattr(generate, "sample_movers", lambda rng, fps: (sample_movers(rng, fps), [])[1])
    room, _ = render_clip(clip)
    moved = np.abs(frames.astype(np.int16) - room.astype(np.int16)).max(axis=-1) > 60  # [T, H, W]
    assert moved.mean(axis=(1, 2)).min() > 0.005, "a frame without its movers"
    assert (moved[0] != moved).mean(axis=(1, 2)).max() > 0.002, "the movers stood still"
    person = sample_clip(4, SPLITS["train"], frames=30, size=128, edit="none")
    assert not np.array_equal(render_clip(person)[0][0], frames[0])  # the body is what the empty room lacks
    _, _, inside = person_cropped(clip, frames, 64, seen)
    assert inside.sum() == 0


def test_movers_keep_a_push_ups_pace_and_cover_every_kind():
    movers = [m for seed in range(40) for m in sample_movers(np.random.default_rng(seed), FRAME_RATE)]
    assert {m.kind for m in movers} == set(KINDS)
    periods = np.array([m.period for m in movers]) / FRAME_RATE
    assert periods.min() >= PERIOD_S[0] and periods.max() <= PERIOD_S[1]
    moving = [m for m in movers if m.kind != "screen"]
    quarter = [np.hypot(*m.offset(int(round(m.period / 4)))) - np.hypot(*m.offset(0)) for m in moving]
    assert all(m.travel > 0 for m in moving) and np.mean(np.abs(quarter)) > 0.01


def test_empty_rooms_are_a_share_of_drawn_clips():
    edits = [sample_clip(seed, SPLITS["train"], frames=16, size=64).edit for seed in range(200)]
    share = edits.count("empty") / len(edits)
    assert 0.5 * EDITS["empty"] <= share <= 2.5 * EDITS["empty"]
