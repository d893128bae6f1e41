"""Where the phone stands: every view and framing is the camera it names."""

import numpy as np
import pytest

from pushup_mobile.synth.camera import FRAMINGS, VIEWS, sample_camera
from pushup_mobile.contract import FAULTS
from pushup_mobile.synth.clip import judgeable, sample_clip
from pushup_mobile.synth.pushups import pushup_set
from pushup_mobile.contract import J
from pushup_mobile.synth.skeleton import Body
from pushup_mobile.synth.splits import SPLITS


def pushups(seed=0):
    return pushup_set(Body.from_stature(1.75), np.random.default_rng(seed), 15.0, reps=2, faults={},
                      variant="standard", partial=False).joints


@pytest.mark.parametrize("view", list(VIEWS))
def test_each_view_sees_the_person_from_its_side(view):
    joints = pushups()
    for seed in range(5):
        camera, drawn = sample_camera(np.random.default_rng(seed), joints, 384, (2.0, 3.0), view, "full", False)
        assert drawn["view"] == view
        head = joints[0, J["nose"], :2] - joints[0, J["left_ankle"], :2]  # where the head points
        look = camera.positions[0, :2] - joints[0].mean(axis=0)[:2]
        spec = VIEWS[view]
        if spec.overhead:
            forward = camera.targets[0] - camera.positions[0]
            assert forward[2] / np.linalg.norm(forward) < -0.95  # looking down
            continue
        azimuth = np.degrees(np.arccos(np.dot(head, look) / np.linalg.norm(head) / np.linalg.norm(look)))
        assert abs(azimuth - spec.azimuth) <= spec.spread + 25, (view, azimuth)
        assert spec.height[0] - 1e-9 <= camera.positions[0, 2] <= spec.height[1] + 1e-9
        pixels, depth = camera.project(joints)
        assert camera.visible(pixels, depth).mean() > 0.5


@pytest.mark.parametrize("framing", [f for f, (_, span) in FRAMINGS.items() if span is not None])
def test_framing_sets_how_much_of_the_frame_the_person_fills(framing):
    low, high = FRAMINGS[framing][1]
    joints = pushups(1)
    for seed in range(6):
        camera, _ = sample_camera(np.random.default_rng(seed), joints, 384, (2.0, 3.0), "side", framing, False)
        pixels, _ = camera.project(joints)
        span = np.percentile(np.ptp(pixels, axis=1).max(axis=-1), 75) / 384
        assert 0.8 * low <= span <= 1.2 * high, (framing, span)


def test_a_cut_switches_the_camera_and_a_card_hides_the_person():
    split = SPLITS["train"]
    cut = sample_clip(7, split, frames=48, size=256, edit="cut")
    jumps = np.linalg.norm(np.diff(cut.camera.positions, axis=0), axis=-1)
    assert cut.edit == "cut" and jumps.max() > 0.3 and np.sort(jumps)[-2] < 0.1
    card = sample_clip(7, split, frames=48, size=256, edit="card")
    hidden = card.cards
    assert 0 < hidden.sum() < 48 and (hidden[0] or hidden[-1])
    assert card.visibility[hidden].sum() == 0 and card.motion.pushup[hidden].sum() == 0
    for start, _, end in card.motion.reps:
        assert not hidden[start : end + 1].any()


def test_grid_cells_can_be_asked_for():
    clip = sample_clip(3, SPLITS["test"], frames=32, size=256, variant="incline", view="overhead", framing="close", edit="none")
    assert clip.labels() == {"program": "pushup_set", "variant": "incline", "view": "overhead", "framing": "close",
                             "handheld": clip.handheld, "edit": "none"}


def test_body_line_faults_are_labelled_only_where_the_camera_sees_the_side():
    split = SPLITS["train"]
    for seed in range(4):
        side = sample_clip(seed, split, frames=24, size=256, variant="standard", view="side", edit="none")
        front = sample_clip(seed, split, frames=24, size=256, variant="standard", view="front_floor", edit="none")
        above = sample_clip(seed, split, frames=24, size=256, variant="standard", view="overhead", edit="none")
        for clip, shown in ((side, 1.0), (front, 0.0), (above, 0.0)):
            mask = judgeable(clip.camera)
            assert (mask[:, [FAULTS.index(f) for f in ("hip_sag", "hip_pike", "head_drop")]] == shown).all(), clip.view
            assert (mask[:, [FAULTS.index("shallow_depth"), FAULTS.index("incomplete_lockout")]] == 1.0).all()
            np.testing.assert_array_equal(clip.fault_labels, clip.motion.faults * mask)
