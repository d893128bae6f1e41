"""One synthetic clip's motion, camera and labels from one seed.

This is everything but the pixels: the renderer draws these exact bodies from these
exact cameras, and the pose family trains on the projected keypoints directly. Besides
the per-frame labels a clip carries its cell of the evaluation grid: the push-up
``variant``, the camera's ``view`` and ``framing``, whether it is hand-held, and the
video edit it went through (``cut`` to another view mid-set, a cross-``fade``, a title or
end ``card`` with nobody in the picture) or that nobody is in it at all (``empty``: the
room alone, with things moving in it, :mod:`pushup_mobile.synth.distractors`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from pushup_mobile.contract import FAULTS
from pushup_mobile.form.faults import FAULT_RULES, SIDE_CONE
from pushup_mobile.synth.camera import Camera, sample_camera
from pushup_mobile.synth.mesh import BodyMesh, load_mesh
from pushup_mobile.synth.motion import ACTIVITIES, NO_VARIANT, Motion, concat
from pushup_mobile.synth.negatives import negative
from pushup_mobile.synth.pushups import mixed_clip, pushup_set
from pushup_mobile.synth.skeleton import Body
from pushup_mobile.synth.splits import Split

PROGRAMS = {"pushup_set": 0.45, "mixed": 0.2, "negative": 0.35}
SIDE_FAULTS = tuple(name for name, rule in FAULT_RULES.items() if rule.side_only)
"""Faults of the body line and the head: judged only where the camera sees the body from
the side (within the rules' :data:`SIDE_CONE`, :func:`judgeable`); depth and lockout show
from every view."""
MAX_ELEVATION = 65.0
"""Degrees of looking down beyond which the body line is not seen (from overhead a sag
moves the hips towards the camera, not across the picture)."""
EDITS = {"none": 0.80, "cut": 0.07, "fade": 0.03, "card": 0.06, "empty": 0.04}
"""Video edit -> share of clips (``empty``: nobody in the picture, only moving things)."""
FADE_FRAMES = (4, 9)


@dataclass
class SyntheticClip:
    seed: int
    program: str
    split: Split
    mesh: BodyMesh
    camera: Camera
    motion: Motion
    keypoints: np.ndarray  # [T, 17, 2] in 0..1 of the frame's width and height
    visibility: np.ndarray  # [T, 17]
    view: str = "side"
    framing: str = "full"
    handheld: bool = False
    edit: str = "none"
    cards: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # [T] a title/end card is shown
    fade: tuple[int, int] = (0, 0)  # frames [start, end) blending the view before a cut into the one after
    before: Camera | None = None  # the camera before a cut or fade

    @property
    def rep_count(self) -> int:
        return len(self.motion.reps)

    @property
    def fault_labels(self) -> np.ndarray:
        """``[T, K]``: the faults to advise, those the motion has and the camera can show
        (:func:`judgeable`). A model must stay silent on a fault its view cannot show."""
        return self.motion.faults * judgeable(self.camera)

    @property
    def variant(self) -> str:
        return self.motion.variant

    @property
    def absent(self) -> np.ndarray:
        """``[T]`` bool: nobody in the picture (a title or end card, or an empty room)."""
        return _absent(self.cards if len(self.cards) else np.zeros(len(self.motion), dtype=bool), self.edit)

    def labels(self) -> dict[str, object]:
        """The clip-level labels the manifest and the evaluation grid report."""
        return {"program": self.program, "variant": self.variant, "view": self.view, "framing": self.framing,
                "handheld": self.handheld, "edit": self.edit}


def judgeable(camera: Camera) -> np.ndarray:
    """``[T, K]`` 1 where fault k can be judged from the camera at frame t: every fault from
    the side (within :data:`SIDE_CONE`, looking down at most :data:`MAX_ELEVATION`), the
    depth faults only from the front, behind and overhead. The body lies along x, so its
    side is the y axis."""
    forward = camera.targets - camera.positions
    across = np.hypot(forward[:, 0], forward[:, 1])
    side = np.abs(forward[:, 1]) >= np.cos(np.radians(SIDE_CONE)) * np.maximum(across, 1e-9)
    level = np.degrees(np.arctan2(-forward[:, 2], across)) <= MAX_ELEVATION
    mask = np.ones((len(forward), len(FAULTS)), dtype=np.float32)
    for name in SIDE_FAULTS:
        mask[:, FAULTS.index(name)] = side & level
    return mask


def _window(motion: Motion, frames: int, rng: np.random.Generator) -> Motion:
    """Exactly ``frames`` frames: a random window of a longer motion (reps cut by the window
    edges keep their frame labels but are not counted), or the motion held at its end."""
    if len(motion) < frames:
        pad = frames - len(motion)
        return Motion(
            motion.fps,
            np.concatenate([motion.joints, np.repeat(motion.joints[-1:], pad, axis=0)]),
            np.concatenate([motion.activity, np.repeat(motion.activity[-1:], pad)]),
            np.concatenate([motion.depth, np.repeat(motion.depth[-1:], pad)]),
            np.concatenate([motion.faults, np.repeat(motion.faults[-1:], pad, axis=0)]),
            list(motion.reps),
            motion.variant,
        )
    start = int(rng.integers(0, len(motion) - frames + 1))
    end = start + frames
    reps = [(s - start, b - start, e - start) for s, b, e in motion.reps if s >= start and e < end]
    return Motion(
        motion.fps, motion.joints[start:end], motion.activity[start:end], motion.depth[start:end],
        motion.faults[start:end], reps, motion.variant,
    )


def sample_motion(body: Body, rng: np.random.Generator, fps: float, frames: int,
                  variant: str | None = None) -> tuple[str, Motion]:
    """A program drawn by :data:`PROGRAMS` (when ``variant`` is asked for: a push-up set of
    that variant, or a negative for ``"none"``), cut to ``frames`` frames."""
    names = list(PROGRAMS)
    program = names[rng.choice(len(names), p=list(PROGRAMS.values()))] if variant is None \
        else "negative" if variant == NO_VARIANT else "pushup_set"
    seconds = frames / fps
    if program == "pushup_set":
        motion = pushup_set(body, rng, fps, variant=variant)
    elif program == "mixed":
        motion = mixed_clip(body, rng, fps)
    else:
        motion = concat([negative(body, rng, fps, seconds / 2 + 0.5), negative(body, rng, fps, seconds / 2 + 0.5)]) \
            if rng.uniform() < 0.3 else negative(body, rng, fps, seconds + 1.0)
    return program, _window(motion, frames, rng)


def _absent(cards: np.ndarray, edit: str) -> np.ndarray:
    """``[T]`` bool: frames with nobody in the picture, a card's or every frame of an empty room."""
    return cards | (edit == "empty")


def _hide(motion: Motion, hidden: np.ndarray) -> Motion:
    """``motion`` with nobody in the picture on ``hidden`` frames: no push-up there, and a
    rep that a card covers in part is not counted."""
    activity = np.where(hidden, ACTIVITIES.index("nobody"), motion.activity)
    reps = [r for r in motion.reps if not hidden[r[0] : r[2] + 1].any()]
    return replace(motion, activity=activity, depth=np.where(hidden, 0.0, motion.depth),
                   faults=np.where(hidden[:, None], 0.0, motion.faults), reps=reps)


def sample_clip(seed: int, split: Split, frames: int = 64, fps: float = 15.0, size: int = 128,
                variant: str | None = None, view: str | None = None, framing: str | None = None,
                edit: str | None = None) -> SyntheticClip:
    """Deterministic in ``seed``: the same seed gives the same body, motion and camera,
    drawn from what ``split`` owns (its bodies and camera distances). ``variant``, ``view``,
    ``framing`` and ``edit`` pick a cell of the evaluation grid instead of drawing it."""
    rng = np.random.default_rng(seed)
    mesh = load_mesh(int(split.shapes[int(rng.integers(len(split.shapes)))]))
    program, motion = sample_motion(mesh.body, rng, fps, frames, variant)
    camera, drawn = sample_camera(rng, motion.joints, size, split.distance, view, framing)
    names = list(EDITS)
    edit = names[rng.choice(len(names), p=list(EDITS.values()))] if edit is None else edit
    cards = np.zeros(frames, dtype=bool)
    before, fade = None, (0, 0)
    if edit in ("cut", "fade"):  # another view of the same moment from frame `at` on
        other = str(rng.choice([v for v in ("side", "oblique", "front", "front_floor", "high", "rear_oblique") if v != drawn["view"]]))
        second, _ = sample_camera(rng, motion.joints, size, split.distance, other, None, False)
        at = int(rng.integers(frames // 4, max(frames // 4 + 1, 3 * frames // 4)))
        before = camera
        camera = replace(second, positions=np.concatenate([camera.positions[:at], second.positions[at:]]),
                         targets=np.concatenate([camera.targets[:at], second.targets[at:]]),
                         roll=np.concatenate([camera.roll[:at], second.roll[at:]]), fov_deg=camera.fov_deg,
                         width=camera.width, height=camera.height)
        fade = (at, min(frames, at + int(rng.integers(*FADE_FRAMES)))) if edit == "fade" else (at, at)
    elif edit == "card":
        length = min(frames - 1, int(round(rng.uniform(0.5, 1.5) * fps)))
        if rng.uniform() < 0.5:
            cards[:length] = True
        else:
            cards[frames - length:] = True
    absent = _absent(cards, edit)  # an empty room: the motion only placed the camera
    if absent.any():
        motion = _hide(motion, absent)
    pixels, depth = camera.project(motion.joints)
    keypoints = pixels / np.array([camera.width, camera.height])
    visibility = camera.visible(pixels, depth) * ~absent[:, None]
    return SyntheticClip(seed, program, split, mesh, camera, motion, keypoints, visibility,
                         str(drawn["view"]), str(drawn["framing"]), bool(drawn["handheld"]), edit, cards, fade, before)
