"""Make the generator's exact keypoints look like BlazePose's.

The pose family trains on keypoints projected straight from the motion programs (no
rendering, thousands of sequences a minute) but runs on BlazePose's output. Training on
exact keypoints would teach the model a world without jitter, lost joints or swapped
limbs; this module puts BlazePose's errors back, with magnitudes MEASURED on rendered
clips by :mod:`pushup_mobile.experiments.measure_noise` (the defaults below cite the run).

Errors are drawn in torso lengths (BlazePose crops around the person, so its errors scale
with the person, not the frame), in the isotropic frame of
:func:`pushup_mobile.pose.features.isotropic`:

* a global similarity error per frame (log-scale and offset about the hips), slowly varying;
* per-joint jitter: a slowly varying AR(1) part plus white noise, per joint group,
  larger for joints on the far side of the body (hidden in most views);
* gross errors: a joint put far off now and then, staying there for a few frames;
* left/right swaps of a whole chain (head, arms, legs) that persist for a few frames;
* visibility scores: a per-joint logit that wanders around its group's level, lower on
  the far side and outside the frame;
* whole frames missed (the tracker lost the person): every visibility 0.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pushup_mobile.pose.features import MIN_SCALE, SPAN_PER_TORSO, isotropic, torso_lengths
from pushup_mobile.contract import J

GROUPS: dict[str, tuple[int, ...]] = {
    "head": tuple(J[n] for n in ("nose", "left_eye", "right_eye", "left_ear", "right_ear")),
    "shoulders": (J["left_shoulder"], J["right_shoulder"]),
    "elbows": (J["left_elbow"], J["right_elbow"]),
    "wrists": (J["left_wrist"], J["right_wrist"]),
    "hips": (J["left_hip"], J["right_hip"]),
    "knees": (J["left_knee"], J["right_knee"]),
    "ankles": (J["left_ankle"], J["right_ankle"]),
}
GROUP_OF = np.zeros(17, dtype=np.int64)
for _g, _joints in enumerate(GROUPS.values()):
    GROUP_OF[list(_joints)] = _g
CHAINS: dict[str, tuple[tuple[int, int], ...]] = {
    "head": ((J["left_eye"], J["right_eye"]), (J["left_ear"], J["right_ear"])),
    "arms": tuple((J[f"left_{n}"], J[f"right_{n}"]) for n in ("shoulder", "elbow", "wrist")),
    "legs": tuple((J[f"left_{n}"], J[f"right_{n}"]) for n in ("hip", "knee", "ankle")),
}
"""Left/right pairs that BlazePose swaps together: a limb is mistaken as a whole."""
FAR_DEPTH = 0.1
"""Metres by which one joint of a left/right pair is farther from the camera than its
twin before it counts as the far-side joint."""


@dataclass(frozen=True)
class NoiseParams:
    """BlazePose's error model; per-group tuples follow :data:`GROUPS`' order.

    Lengths in torso lengths (per axis standard deviations), rates per frame, Markov
    chains as (probability of entering, probability of leaving) per frame.
    """

    jitter_white: tuple[float, ...]
    jitter_drift: tuple[float, ...]
    drift_rho: float
    far_gain: float
    outlier_rate: float
    outlier_scale: float
    global_log_scale: float
    global_offset: float
    global_rho: float
    swap_on: float
    swap_off: float
    miss_on: float
    miss_off: float
    vis_logit_near: tuple[float, ...]
    vis_logit_far: tuple[float, ...]
    vis_logit_out: float
    vis_logit_std: float
    vis_rho: float
    outlier_off: float = 1.0
    """Per-frame probability that a gross error ends; it holds its place until then (BlazePose
    stays on a wrong spot for 2-5 frames, by view). 1.0: a fresh error every frame."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


MEASURED_BY = "python -m pushup_mobile.experiments.measure_noise --clips 48 --frames 32 --out runs/pose_noise/noise.json"
DEFAULT = NoiseParams(
    jitter_white=(0.0189, 0.0278, 0.0473, 0.0578, 0.0276, 0.05, 0.0508),
    jitter_drift=(0.0649, 0.0824, 0.0976, 0.0815, 0.0966, 0.0966, 0.0969),
    drift_rho=0.92,
    far_gain=1.181,
    outlier_rate=0.024,
    outlier_scale=0.716,
    global_log_scale=0.07,
    global_offset=0.0657,
    global_rho=0.866,
    swap_on=0.0196,
    swap_off=0.3826,
    miss_on=0.0203,
    miss_off=0.1304,
    vis_logit_near=(6.62, 7.45, 3.82, 3.44, 6.59, 1.63, 1.79),
    vis_logit_far=(6.08, 6.67, -0.96, -0.15, 5.97, -0.77, -0.21),
    vis_logit_out=-0.53,
    vis_logit_std=1.708,
    vis_rho=0.867,
)
"""Fitted by :data:`MEASURED_BY` (training split, 384-pixel frames, 1,536 frames): BlazePose
misses the person on ~14 % of frames (small, far or lying bodies, in episodes of ~8 frames;
some clips entirely), swaps a left/right chain on ~6 % of the frames where that can be
told, and its typical visibility score (sigmoid of the mean logit) for far-side elbows,
wrists, knees and ankles is 0.28-0.46 against 0.84-0.98 on the near side. The measurement
varies slightly between runs: the renderer sometimes reuses the previous clip's textures."""


NOISE_FITS: dict[str, Path] = {
    "moments": Path(__file__).resolve().parent / "noise_views.json",
    "typical": Path(__file__).resolve().parent / "noise_views_typical.json",
}
"""The shipped per-view fits, by how jitter was fitted
(:data:`pushup_mobile.experiments.measure_noise.FITS`): ``moments`` is what the shipped
pose models train on; ``typical`` matches BlazePose's frame-to-frame jitter (README, "The
noise model, refitted"), a training config's ``noise`` picks it."""


@dataclass(frozen=True)
class ViewNoise:
    """BlazePose's errors per camera view (``by_view``), :data:`DEFAULT` for a view not
    measured. A person seen from the front, the feet or overhead is lost far more often than
    one seen from the side; the temporal model must train on the misses each view brings."""

    by_view: dict[str, NoiseParams]

    def __getitem__(self, view: str) -> NoiseParams:
        return self.by_view.get(view, DEFAULT)

    def to_dict(self) -> dict[str, Any]:
        return {view: params.to_dict() for view, params in self.by_view.items()}


def view_noise(fit: str = "moments") -> ViewNoise:
    """The per-view fits of that name shipped beside this module (each file records the command that measured it, ``measured_by``)."""
    path = NOISE_FITS[fit]
    if not path.is_file():
        return ViewNoise({})
    raw = json.loads(path.read_text(encoding="utf-8"))
    return ViewNoise({view: NoiseParams(**{k: tuple(v) if isinstance(v, list) else v for k, v in fit.items()})
                      for view, fit in raw["fitted"].items()})


def far_side(joints_camera_depth: np.ndarray) -> np.ndarray:
    """``[T, 17]`` bool: the joint is its pair's far twin by more than :data:`FAR_DEPTH`
    (camera depth ``[T, 17]`` in metres, from ``Camera.project``)."""
    far = np.zeros(joints_camera_depth.shape, dtype=bool)
    for left, right in (pair for chain in CHAINS.values() for pair in chain):
        gap = joints_camera_depth[:, left] - joints_camera_depth[:, right]
        far[:, left] |= gap > FAR_DEPTH
        far[:, right] |= gap < -FAR_DEPTH
    return far


def clip_scale(points: np.ndarray, visible: np.ndarray) -> float:
    """A clip's typical torso length (median over frames), in the units of ``points``."""
    lengths = torso_lengths(points, visible)
    if not np.isnan(lengths).all():
        return max(float(np.nanmedian(lengths)), MIN_SCALE)
    seen = points[visible]
    return max(float(np.ptp(seen, axis=0).max()) / SPAN_PER_TORSO, MIN_SCALE) if len(seen) else MIN_SCALE


AR_BLOCK = 128


def ar1(rng: np.random.Generator, shape: tuple[int, ...], rho: float, std: np.ndarray | float) -> np.ndarray:
    """A stationary AR(1) series along axis 0 with lag-1 correlation ``rho`` and standard
    deviation ``std`` (broadcast over the other axes): ``x[t] = rho x[t-1] + sqrt(1 - rho^2) e[t]``.
    Computed a block of frames per matrix product (a Python loop per frame costs more than
    the rest of the noise model)."""
    frames = shape[0]
    shocks = rng.standard_normal(shape).reshape(frames, -1)
    size = min(frames, AR_BLOCK)
    lag = np.subtract.outer(np.arange(size), np.arange(size))
    weights = np.where(lag >= 0, rho ** np.maximum(lag, 0), 0.0) * np.sqrt(max(1.0 - rho * rho, 0.0))
    decay = rho ** np.arange(1, size + 1)[:, None]
    out = np.empty_like(shocks)
    out[0] = shocks[0]  # the first value from the stationary distribution
    for start in range(1, frames, size):
        n = min(size, frames - start)
        out[start : start + n] = weights[:n, :n] @ shocks[start : start + n] + decay[:n] * out[start - 1]
    return out.reshape(shape) * std


def markov(rng: np.random.Generator, frames: int, on: float, off: float, shape: tuple[int, ...] = ()) -> np.ndarray:
    """``[frames, *shape]`` bool: independent two-state chains started from their stationary
    distribution."""
    draws = rng.uniform(size=(frames + 1, *shape))
    state = draws[0] < on / max(on + off, 1e-12)
    out = np.empty((frames, *shape), dtype=bool)
    for t in range(frames):
        out[t] = state
        state = np.where(state, draws[t + 1] >= off, draws[t + 1] < on)
    return out


def gross_errors(rng: np.random.Generator, frames: int, params: NoiseParams, scale: float) -> np.ndarray:
    """``[frames, 17, 2]`` offsets of the gross errors: per joint a chain that is on a share
    ``outlier_rate`` of the frames, in episodes of ``1 / outlier_off`` frames on average, each
    episode one offset of ``outlier_scale`` torso lengths per axis. A fresh error every frame
    (``outlier_off`` 1) is drawn as it was before episodes existed, so the shipped models'
    training sequences stay what they were."""
    rate, off = params.outlier_rate, params.outlier_off
    if off >= 1.0:
        gross = rng.uniform(size=(frames, 17)) < rate
        return gross[..., None] * rng.normal(0.0, params.outlier_scale * scale, size=(frames, 17, 2))
    on = rate * off / max(1.0 - rate, 1e-12)
    active = markov(rng, frames, on, off, (17,))
    offsets = rng.normal(0.0, params.outlier_scale * scale, size=(frames, 17, 2))
    for t in range(1, frames):
        held = active[t] & active[t - 1]
        offsets[t, held] = offsets[t - 1, held]
    return np.where(active[..., None], offsets, 0.0)


def swap_chain(values: np.ndarray, chain: tuple[tuple[int, int], ...]) -> np.ndarray:
    """``values`` [N, 17, ...] with the chain's left and right joints exchanged."""
    index = np.arange(values.shape[1])
    for left, right in chain:
        index[left], index[right] = right, left
    return values[:, index]


@dataclass(frozen=True)
class Observed:
    """Keypoints as the front-end would report them: ``keypoints`` [T, 17, 2] in 0..1 of
    the frame, ``visibility`` [T, 17] scores in 0..1, ``missed`` [T] whole-frame misses."""

    keypoints: np.ndarray
    visibility: np.ndarray
    missed: np.ndarray


def corrupt(keypoints: np.ndarray, in_frame: np.ndarray, far: np.ndarray, width: int, height: int,
            rng: np.random.Generator, params: NoiseParams = DEFAULT, absent: np.ndarray | None = None) -> Observed:
    """Exact keypoints ``[T, 17, 2]`` (0..1), in-frame flags ``[T, 17]`` and far-side flags
    ``[T, 17]`` -> what BlazePose would have reported, drawn from ``rng``; on ``absent``
    frames ``[T]`` (nobody in the picture) it reports nobody."""
    frames = len(keypoints)
    aspect = np.array([width, height], dtype=np.float64) / max(width, height)
    truth = isotropic(np.asarray(keypoints, np.float64), width, height)
    inside = np.asarray(in_frame) > 0.5
    scale = clip_scale(truth, inside)
    hips = truth[:, [J["left_hip"], J["right_hip"]]].mean(axis=1, keepdims=True)
    log_scale = ar1(rng, (frames, 1, 1), params.global_rho, params.global_log_scale)
    offset = ar1(rng, (frames, 1, 2), params.global_rho, params.global_offset * scale)
    points = hips + np.exp(log_scale) * (truth - hips) + offset
    gain = np.where(far, params.far_gain, 1.0)[..., None]
    drift = np.array(params.jitter_drift)[GROUP_OF][None, :, None]
    white = np.array(params.jitter_white)[GROUP_OF][None, :, None]
    points += gain * scale * (ar1(rng, (frames, 17, 2), params.drift_rho, drift) + white * rng.standard_normal((frames, 17, 2)))
    points += gross_errors(rng, frames, params, scale)
    near_level = np.array(params.vis_logit_near)[GROUP_OF]
    far_level = np.array(params.vis_logit_far)[GROUP_OF]
    level = np.where(inside, np.where(far, far_level, near_level), params.vis_logit_out)
    logits = level + ar1(rng, (frames, 17), params.vis_rho, params.vis_logit_std)
    visibility = 1.0 / (1.0 + np.exp(-logits))
    for chain in CHAINS.values():
        swapped = markov(rng, frames, params.swap_on, params.swap_off)
        points[swapped] = swap_chain(points[swapped], chain)
        visibility[swapped] = swap_chain(visibility[swapped], chain)
    missed = markov(rng, frames, params.miss_on, params.miss_off)
    if absent is not None:
        missed |= np.asarray(absent, dtype=bool)
    visibility[missed] = 0.0
    points[missed] = 0.0
    return Observed((points / aspect).astype(np.float32), visibility.astype(np.float32), missed)


def main(argv: list[str] | None = None) -> None:
    """Keep the per-view fits of a ``measure_noise --view all`` report as the shipped ones."""
    parser = argparse.ArgumentParser(description="Ship the per-view noise fits of a measure_noise --view all report.")
    parser.add_argument("--views", type=Path, required=True)
    args = parser.parse_args(argv)
    report = json.loads(args.views.read_text(encoding="utf-8"))
    fit = report["spec"].get("fit", "moments")
    fitted = {view: r["fitted"] for view, r in report["views"].items()}
    misses = {view: round(r["misses"]["presence_below_min_rate"], 4) for view, r in report["views"].items()}
    from pushup_mobile.files import write_text_atomic

    command = (f"python -m pushup_mobile.experiments.measure_noise --view all --clips {report['spec']['clips']} "
               f"--frames {report['spec']['frames']}" + ("" if fit == "moments" else f" --fit {fit}")
               + f" --out {args.views} && python -m pushup_mobile.pose.noise --views {args.views}")
    write_text_atomic(NOISE_FITS[fit], json.dumps({"measured_by": command, "spec": report["spec"],
                                                   "miss_rate": misses, "fitted": fitted}, indent=1) + "\n")
    print(json.dumps(misses))


if __name__ == "__main__":
    main()
