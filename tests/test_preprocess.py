import numpy as np
import pytest

from pushup_mobile.errors import BadInputError
from pushup_mobile.preprocess import (
    PERSON_CHECK_EVERY, PixelInput, Preprocessing, letterbox, normalize, prepare_frame, square_crop,
)


def test_letterbox_keeps_aspect_and_pads():
    portrait = np.full((200, 100, 3), 255, dtype=np.uint8)
    boxed = letterbox(portrait, 64)
    assert boxed.shape == (64, 64, 3)
    # content is 32 px wide in the middle, padding left and right
    assert boxed[:, 16:48].min() == 255
    assert boxed[:, :16].max() == 0 and boxed[:, 48:].max() == 0


def test_normalize_matches_formula_and_layout():
    pre = Preprocessing(size=2)
    rgb = np.array([[[255, 0, 128], [0, 0, 0]], [[10, 20, 30], [40, 50, 60]]], dtype=np.uint8)
    out = normalize(rgb, pre)
    assert out.shape == (3, 2, 2) and out.dtype == np.float32
    expected = (10 / 255 - pre.mean[0]) / pre.std[0]
    assert out[0, 1, 0] == pytest.approx(expected, abs=1e-6)


def test_prepare_frame_converts_bgr_to_rgb():
    pre = Preprocessing(size=8)
    bgr = np.zeros((8, 8, 3), dtype=np.uint8)
    bgr[..., 0] = 255  # pure blue in OpenCV order
    frame = prepare_frame(bgr, pre)
    assert frame.shape == (1, 3, 8, 8)
    assert frame[0, 2].mean() > frame[0, 0].mean()  # blue channel is last in RGB


@pytest.mark.parametrize("shape", [(8, 8), (8, 8, 4), (0, 5, 3)])
def test_wrong_image_shapes_are_clear_errors(shape):
    with pytest.raises(BadInputError, match="image"):
        letterbox(np.zeros(shape, dtype=np.uint8), 8)


def test_square_crop_cuts_the_box_and_pads_outside_the_frame():
    frame = np.zeros((100, 200, 3), dtype=np.uint8)
    frame[40:60, 140:160] = 255  # the "person": a white square around (150, 50)
    cut = square_crop(frame, (150.0, 50.0, 40.0), 20)
    assert cut.shape == (20, 20, 3)
    assert cut[5:15, 5:15].min() == 255 and cut[:3].max() == 0  # the person fills the middle half
    edge = square_crop(frame, (195.0, 5.0, 40.0), 40, pad_value=7)
    assert (edge[:, 30:] == 7).all() and (edge[:10] == 7).all()  # right of and above the frame: padding


@pytest.mark.parametrize("box", [(10.0, 10.0, 0.0), (float("nan"), 1.0, 5.0), (1.0, 1.0, -3.0)])
def test_a_box_that_is_no_square_is_a_clear_error(box):
    with pytest.raises(BadInputError, match="crop box"):
        square_crop(np.zeros((8, 8, 3), np.uint8), box, 4)


def test_a_letterboxing_models_manifest_section_is_unchanged_and_unknown_crops_are_refused():
    assert "crop" not in Preprocessing(size=96).to_manifest()
    assert Preprocessing(size=96, crop="person").to_manifest()["crop"] == "person"
    with pytest.raises(BadInputError, match="unknown frame crop"):
        Preprocessing(crop="face")


@pytest.mark.parametrize("crop", ["letterbox", "person"])
def test_a_pixel_manifest_names_the_person_detector_exactly_when_it_sees_the_persons_square(crop):
    """The app bundles and runs the detector the section names; a runner rebuilds the same
    preprocessing from it."""
    from dataclasses import replace

    from pushup_mobile.families import family, load_model
    from pushup_mobile.pose.blazepose import DETECTOR_FILE

    cfg = replace(load_model("pixel").net.cfg, crop=crop)
    section = family("pixel").preprocessing(cfg)
    assert section.get("person_detector") == (DETECTOR_FILE if crop == "person" else None)
    assert Preprocessing(**section).to_manifest() == section


def test_the_pixel_stage_crops_to_the_last_square_found_and_the_whole_frame_before():
    frame = np.zeros((60, 120, 3), dtype=np.uint8)
    frame[20:40, 80:100] = (0, 0, 255)  # red in OpenCV's order
    answers = iter([None, (90.0, 30.0, 24.0), None])
    stage = PixelInput(Preprocessing(size=16, crop="person"), locate=lambda rgb: next(answers))
    pre = stage.preprocessing
    outputs = [stage(frame) for _ in range(3 * PERSON_CHECK_EVERY)]
    assert np.array_equal(outputs[0], prepare_frame(frame, pre))  # nobody found yet: letterboxed
    cropped = normalize(square_crop(frame[..., ::-1].copy(), (90.0, 30.0, 24.0), 16), pre)[None]
    assert np.array_equal(outputs[PERSON_CHECK_EVERY], cropped)
    assert np.array_equal(outputs[-1], cropped)  # a miss keeps the last square
    assert not stage.person()  # ...but says nobody was seen
    assert stage.square == (90.0, 30.0, 24.0)
    letterboxing = PixelInput(Preprocessing(size=16), locate=lambda rgb: (90.0, 30.0, 24.0))
    assert np.array_equal(letterboxing(frame), prepare_frame(frame, pre)) and letterboxing.person()
    assert letterboxing.square is None
