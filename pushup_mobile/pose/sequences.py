"""Training sequences for the pose family, straight from the motion programs.

No pixels: :func:`~pushup_mobile.synth.clip.sample_clip` gives the exact projected
keypoints and every label in ~50 ms, so thousands of sequences cost what a few dozen
rendered clips do. Most of that time goes into posing the whole motion program, so a
clip is drawn ``source_frames`` long and each epoch cuts a different ``frames`` window
from it (reps cut by the window's edges are not counted, as in ``sample_clip``). The noise
model then makes the keypoints look like BlazePose's (fresh noise every epoch for
training, fixed for validation) and the features are the model's input. Everything is
deterministic in the split, dataset seed, index and epoch.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import torch
from torch import Tensor
from torch.utils.data import Dataset

from pushup_mobile.contract import FRAME_RATE
from pushup_mobile.pose.features import clip_features
from pushup_mobile.pose.noise import NoiseParams, ViewNoise, corrupt, far_side, view_noise
from pushup_mobile.synth.clip import SyntheticClip, sample_clip
from pushup_mobile.synth.splits import clip_seed, get_split

ABSENT_RATE = 0.08
"""Share of training windows shown as an empty scene: nothing seen from the first frame,
labelled "no push-up". Without them the model learns that frames with nobody seen are
mostly push-up frames (the noise model's misses fall inside push-up clips) and says
"push-up" to an empty room (probability 0.6 -> 0.83 over 6 s before this was added)."""
CAMERA_SIZE = 384
"""Long side of the simulated camera, as in the noise measurement (only the aspect ratio
reaches the features)."""


@dataclass(frozen=True)
class SequenceSpec:
    """Which sequences: ``count`` clips of ``split`` from dataset seed ``seed``, each
    ``source_frames`` long (default ``frames``: one fixed window)."""

    split: str
    count: int
    frames: int = 64
    seed: int = 0
    source_frames: int | None = None
    fps: float = FRAME_RATE

    @property
    def clip_frames(self) -> int:
        return max(self.frames, self.source_frames or self.frames)


@dataclass(frozen=True)
class CleanSequence:
    """One clip's exact keypoints and labels, before noise."""

    keypoints: np.ndarray  # [T, 17, 2] in 0..1 of the frame
    in_frame: np.ndarray  # [T, 17]
    far: np.ndarray  # [T, 17] bool: the far twin of a left/right pair
    width: int
    height: int
    pushup: np.ndarray  # [T]
    depth: np.ndarray  # [T]
    faults: np.ndarray  # [T, K]
    reps: np.ndarray  # [R, 3] start, bottom, end frame of each whole rep
    seed: int
    view: str = "side"
    absent: np.ndarray | None = None  # [T] bool: nobody in the picture (a title card, an empty room)

    @property
    def rep_count(self) -> int:
        return len(self.reps)

    @classmethod
    def from_clip(cls, clip: SyntheticClip) -> "CleanSequence":
        _, depth = clip.camera.project(clip.motion.joints)
        m = clip.motion
        return cls(clip.keypoints.astype(np.float32), clip.visibility.astype(np.float32), far_side(depth),
                   clip.camera.width, clip.camera.height, m.pushup.astype(np.float32), m.depth.astype(np.float32),
                   clip.fault_labels.astype(np.float32), np.array(m.reps, dtype=np.int64).reshape(-1, 3), clip.seed,
                   clip.view, clip.absent)

    def window(self, start: int, frames: int) -> "CleanSequence":
        """Frames ``start`` .. ``start + frames``, keeping only the reps wholly inside."""
        end = start + frames
        inside = (self.reps[:, 0] >= start) & (self.reps[:, 2] < end)
        cut = slice(start, end)
        return replace(self, keypoints=self.keypoints[cut], in_frame=self.in_frame[cut], far=self.far[cut],
                       pushup=self.pushup[cut], depth=self.depth[cut], faults=self.faults[cut],
                       reps=self.reps[inside] - start, absent=None if self.absent is None else self.absent[cut])


def clean_sequences(spec: SequenceSpec) -> list[CleanSequence]:
    split = get_split(spec.split)
    return [CleanSequence.from_clip(
        sample_clip(clip_seed(split, spec.seed, i), split, spec.clip_frames, spec.fps, CAMERA_SIZE))
        for i in range(spec.count)]


Noise = NoiseParams | ViewNoise
"""One noise model for every view, or one per camera view."""


def observe(sequence: CleanSequence, rng: np.random.Generator, noise: Noise | None) -> np.ndarray:
    """The model's input ``[T, F]`` for ``sequence`` seen through the noise model of its
    view (or exactly, with binary in-frame visibility, when ``noise`` is None); frames with
    nobody in the picture are seen as nothing either way."""
    if noise is None:
        return clip_features(sequence.keypoints, sequence.in_frame, sequence.width, sequence.height)
    params = noise[sequence.view] if isinstance(noise, ViewNoise) else noise
    seen = corrupt(sequence.keypoints, sequence.in_frame, sequence.far, sequence.width, sequence.height, rng, params,
                   sequence.absent)
    return clip_features(seen.keypoints, seen.visibility, sequence.width, sequence.height)


class PoseSequences(Dataset):
    """Samples ``{"frames": [T, F], "pushup", "depth", "faults", "rep_count"}``, the keys
    :func:`pushup_mobile.train.losses.losses` reads. With ``resample`` the window and the
    noise are drawn afresh each :attr:`epoch`; without, both are fixed by the clip's seed."""

    def __init__(self, spec: SequenceSpec, noise: Noise | None = None, resample: bool = False,
                 exact: bool = False) -> None:
        self.spec = spec
        self.noise = None if exact else (noise if noise is not None else view_noise())
        self.resample = resample
        self.epoch = 0
        self.sequences = clean_sequences(spec)

    def __len__(self) -> int:
        return len(self.sequences)

    def sequence(self, index: int) -> tuple[CleanSequence, np.random.Generator]:
        """The window of clip ``index`` this epoch shows, and the generator of its noise."""
        full = self.sequences[index]
        rng = np.random.default_rng([full.seed, self.epoch if self.resample else 0, 2])
        start = int(rng.integers(0, len(full.pushup) - self.spec.frames + 1))
        return full.window(start, self.spec.frames), rng

    def absent(self, index: int) -> bool:
        """Whether this epoch shows clip ``index`` as an empty scene (training only)."""
        if not self.resample:
            return False
        return bool(np.random.default_rng([self.sequences[index].seed, self.epoch, 4]).uniform() < ABSENT_RATE)

    def __getitem__(self, index: int) -> dict[str, Tensor | int]:
        sequence, rng = self.sequence(index)
        frames = observe(sequence, rng, self.noise)
        pushup, faults, reps = sequence.pushup, sequence.faults, sequence.rep_count
        if self.absent(index):
            frames, pushup, faults, reps = np.zeros_like(frames), np.zeros_like(pushup), np.zeros_like(faults), 0
        return {
            "frames": torch.from_numpy(frames),
            "pushup": torch.from_numpy(pushup),
            "depth": torch.from_numpy(sequence.depth),
            "faults": torch.from_numpy(faults),
            "rep_count": reps,
        }
