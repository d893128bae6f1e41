"""The render-realism experiment: the same panorama clips under each light, judged by BlazePose."""

import json

import numpy as np

from pushup_mobile.experiments import render_realism
from pushup_mobile.synth.generate import body_masks, clip_scene, render_clip
from pushup_mobile.synth.scene import PANORAMA_LIGHTS


def test_the_clips_are_panorama_scenes_and_the_lights_change_the_people_not_the_place():
    clips = render_realism.panorama_clips(2, 2)
    assert all(clip_scene(c, np.random.default_rng([c.seed, 1])).panorama for c in clips)
    measured, _ = render_clip(clips[0], "measured")
    tint, _ = render_clip(clips[0], "tint")
    changed = (measured != tint).any(axis=-1)
    on_body = body_masks(clips[0])
    assert changed[on_body].mean() > 0.5  # the person is lit anew...
    assert changed.mean() < 0.2  # ...the place stays (JPEG blocks and a passer-by aside)


def test_it_writes_a_row_per_light(tmp_path):
    render_realism.main(["--clips", "1", "--frames", "2", "--out", str(tmp_path)])
    result = json.loads((tmp_path / "render_realism.json").read_text())
    assert list(result["lights"]) == list(PANORAMA_LIGHTS)
    for row in result["lights"].values():
        assert row["frames"] == 2 and 0.0 <= row["mean_presence"] <= 1.0
    assert (tmp_path / "render_realism.png").stat().st_size > 0
    assert "| measured |" in (tmp_path / "render_realism.md").read_text()
