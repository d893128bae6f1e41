"""The panoramas' light: irradiance per normal and the key light, measured from the image."""

import numpy as np

from pushup_mobile.synth.clip import sample_clip
from pushup_mobile.synth.generate import clip_scene
from pushup_mobile.synth.lighting import directions, irradiance, measure
from pushup_mobile.synth.scene import panorama_light
from pushup_mobile.synth.splits import SPLITS


def _panorama_with_a_window(lon_deg: float, lat_deg: float) -> tuple[np.ndarray, np.ndarray]:
    """A dim grey equirectangular image with one bright, warm patch, and that patch's direction."""
    image = np.full((128, 256, 3), 60, dtype=np.uint8)
    dirs, _ = directions(256, 128)
    lon, lat = np.radians(lon_deg), np.radians(lat_deg)
    towards = np.array([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])
    image[(dirs @ towards) > np.cos(np.radians(12))] = (255, 230, 180)
    return image, towards


def test_the_key_light_comes_from_the_bright_window_in_its_colour():
    image, towards = _panorama_with_a_window(70.0, 30.0)
    light = measure(image)
    assert np.degrees(np.arccos(np.clip(light.key_dir @ towards, -1, 1))) < 8
    assert light.key_color[0] == 1.0 and light.key_color[2] < 0.9  # warm: red strongest, blue weaker


def test_a_normal_facing_the_window_receives_more_light_than_one_facing_away():
    image, towards = _panorama_with_a_window(-120.0, 10.0)
    light = measure(image)
    facing, away = irradiance(light.sh, np.stack([towards, -towards])) @ [0.2126, 0.7152, 0.0722]
    assert facing > 2 * away


def test_an_even_room_lights_every_normal_alike_at_unit_luminance():
    light = measure(np.full((64, 128, 3), 128, dtype=np.uint8))
    normals = np.array([[1, 0, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1], [0.6, 0.0, 0.8]])
    values = irradiance(light.sh, normals) @ [0.2126, 0.7152, 0.0722]
    assert np.allclose(values, 1.0, atol=0.02)


def test_a_clip_in_front_of_a_panorama_is_lit_by_it():
    for seed in range(30):
        clip = sample_clip(seed, SPLITS["train"], frames=4, size=64, edit="none")
        scene = clip_scene(clip, np.random.default_rng([clip.seed, 1]))
        if scene.panorama:
            break
    else:
        raise AssertionError("no panorama scene in 30 clips")
    name = next(n for n in clip.split.panoramas if np.array_equal(panorama_light(n).sh, scene.sh))
    key = panorama_light(name).key_dir
    c, s = np.cos(scene.yaw), np.sin(scene.yaw)
    assert np.allclose(np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]]) @ scene.light_dir, key)  # turned back, the key light
