import numpy as np
import pytest

from pushup_mobile.errors import BadInputError
from pushup_mobile.preprocess import Preprocessing, letterbox, normalize, prepare_frame


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
