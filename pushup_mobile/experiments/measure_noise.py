"""Measure BlazePose's errors on rendered clips, to fit :mod:`pushup_mobile.pose.noise`.

    python -m pushup_mobile.experiments.measure_noise --clips 48 --frames 32 --out runs/pose_noise/noise.json
    python -m pushup_mobile.experiments.measure_noise --view all --clips 24 --frames 32 --out runs/pose_noise/views.json
    python -m pushup_mobile.experiments.measure_noise --view all --clips 24 --frames 32 --fit typical --out runs/pose_noise/typical.json

Renders training-split clips, runs BlazePose (one tracker per clip, as in the app) on
every frame, and compares ``to_coco`` keypoints with the generator's exact ones. The
figures: error per joint group (median and p90, in torso lengths and in fractions of the
frame's long side, for joints the camera sees and for in-frame joints hidden by the
body), how often the person is missed, how often a left/right chain is swapped, how
BlazePose's visibility score relates to what is really visible, and the fitted
:class:`~pushup_mobile.pose.noise.NoiseParams`.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Callable

import numpy as np

from pushup_mobile.errors import BadInputError, one_line_errors
from pushup_mobile.files import write_text_atomic
from pushup_mobile.pose.blazepose import MIN_PRESENCE, BlazePose, to_coco
from pushup_mobile.pose.features import isotropic
from pushup_mobile.pose.noise import CHAINS, GROUP_OF, GROUPS, NoiseParams, clip_scale, far_side, swap_chain
from pushup_mobile.synth.camera import VIEWS
from pushup_mobile.synth.clip import sample_clip
from pushup_mobile.synth.generate import render_clip
from pushup_mobile.synth.splits import clip_seed, get_split

OUTLIER = 0.5
"""Residual, in torso lengths, past which a joint is left out of the similarity fit (and,
in the moments fit, counts as a gross error)."""
GROSS_SIGMAS = 4.0
"""A residual farther than this many typical (1.4826 MAD) per-axis deviations of its joint
group is a gross error, drawn as one, not as jitter."""
SWAP_SEPARATION = 0.3
"""Summed left-right distance of a chain's true joints, in torso lengths, below which a
swap cannot be told from a hit (a side view puts the twins on top of each other)."""
LOGIT_CLIP = 8.0


@dataclass(frozen=True)
class MeasureSpec:
    clips: int
    frames: int = 32
    size: int = 384
    seed: int = 0
    split: str = "train"
    view: str | None = None  # one camera view (pushup_mobile.synth.camera.VIEWS), or all of them mixed
    fit: str = "moments"  # how jitter is fitted (FITS)


@dataclass
class ClipRun:
    """One clip's truth and BlazePose's answer, isotropic units (fractions of the long side)."""

    truth: np.ndarray  # [T, 17, 2]
    predicted: np.ndarray  # [T, 17, 2]
    visibility: np.ndarray  # [T, 17] BlazePose's scores
    inside: np.ndarray  # [T, 17] bool, in frame
    seen: np.ndarray  # [T, 17] bool, in frame and not hidden by the body
    far: np.ndarray  # [T, 17] bool, the far twin of its pair
    missed: np.ndarray  # [T] bool, presence below MIN_PRESENCE
    detector_empty: np.ndarray  # [T] bool, the detector found nobody
    scale: float  # the clip's torso length


def run_clip(pose: BlazePose, seed: int, spec: MeasureSpec) -> ClipRun:
    clip = sample_clip(seed, get_split(spec.split), spec.frames, size=spec.size, view=spec.view,
                       edit=None if spec.view is None else "none")
    frames, seen = render_clip(clip)
    pose.reset()
    results = [pose(frame) for frame in frames]
    width, height = clip.camera.width, clip.camera.height
    coco = [to_coco(r) for r in results]
    truth = isotropic(clip.keypoints, width, height)
    inside = clip.visibility > 0.5
    _, depth = clip.camera.project(clip.motion.joints)
    return ClipRun(
        truth=truth,
        predicted=isotropic(np.stack([k for k, _ in coco]).astype(np.float64), width, height),
        visibility=np.stack([v for _, v in coco]).astype(np.float64),
        inside=inside,
        seen=seen > 0.5,
        far=far_side(depth),
        missed=np.array([r.presence < MIN_PRESENCE for r in results]),
        detector_empty=np.array([r.detected and r.presence == 0.0 for r in results]),
        scale=clip_scale(truth, inside),
    )


def swap_states(run: ClipRun) -> np.ndarray:
    """``[T, chains]``: 1 swapped, 0 not, -1 undecidable (missed frame, joints out of
    frame, or twins too close together to tell)."""
    states = -np.ones((len(run.truth), len(CHAINS)), dtype=np.int64)
    for c, chain in enumerate(CHAINS.values()):
        for t in np.flatnonzero(~run.missed):
            pairs = [(l, r) for l, r in chain if run.inside[t, l] and run.inside[t, r]]
            if not pairs:
                continue
            tr, pr = run.truth[t], run.predicted[t]
            separation = sum(np.linalg.norm(tr[l] - tr[r]) for l, r in pairs) / run.scale
            if separation < SWAP_SEPARATION:
                continue
            kept = sum(np.linalg.norm(pr[l] - tr[l]) + np.linalg.norm(pr[r] - tr[r]) for l, r in pairs)
            crossed = sum(np.linalg.norm(pr[l] - tr[r]) + np.linalg.norm(pr[r] - tr[l]) for l, r in pairs)
            states[t, c] = int(crossed < kept)
    return states


def unswapped(run: ClipRun, states: np.ndarray) -> np.ndarray:
    """BlazePose's keypoints with every swapped chain put back."""
    points = run.predicted.copy()
    for c, chain in enumerate(CHAINS.values()):
        rows = states[:, c] == 1
        points[rows] = swap_chain(points[rows], chain)
    return points


def similarity(truth: np.ndarray, predicted: np.ndarray, use: np.ndarray, scale: float) -> tuple[float, np.ndarray]:
    """Log-scale and offset (torso lengths) of ``predicted ~ hips + e^s (truth - hips) + o``
    over the joints in ``use``, refitted once without gross errors."""
    hips = truth[list(GROUPS["hips"])].mean(axis=0)
    for _ in range(2):
        a, b = truth[use] - hips, predicted[use] - hips
        a_centred, b_centred = a - a.mean(axis=0), b - b.mean(axis=0)
        s = float((a_centred * b_centred).sum() / max((a_centred**2).sum(), 1e-12))
        s = max(s, 1e-3)
        offset = b.mean(axis=0) - s * a.mean(axis=0)
        residual = np.linalg.norm(predicted - (hips + s * (truth - hips) + offset), axis=1) / scale
        refined = use & (residual < OUTLIER)
        if refined.sum() < 4:
            break
        use = refined
    return float(np.log(s)), offset / scale


def markov_rates(sequences: list[np.ndarray]) -> tuple[float, float]:
    """(enter, leave) per-frame probabilities of a two-state chain from 0/1 sequences
    (-1 marks an unknown frame; transitions touching one are skipped)."""
    counts = np.zeros((2, 2))
    for seq in sequences:
        for a, b in zip(seq[:-1], seq[1:]):
            if a >= 0 and b >= 0:
                counts[a, b] += 1
    enter = counts[0, 1] / max(counts[0].sum(), 1)
    leave = counts[1, 0] / max(counts[1].sum(), 1)
    return float(enter), float(leave)


def robust_var(values: np.ndarray) -> float:
    """Variance from the median absolute deviation (1.4826 MAD, squared) of the non-NaN values:
    what a Gaussian with the same typical spread has."""
    values = values[~np.isnan(values)]
    if values.size == 0:
        return 0.0
    return float((1.4826 * np.median(np.abs(values - np.median(values)))) ** 2)


def lag_changes(series: list[np.ndarray], lag: int) -> np.ndarray:
    """Every ``x[t + lag] - x[t]`` of the series (NaN where either end is missing)."""
    return np.concatenate([x[lag:] - x[: len(x) - lag] for x in series]) if series else np.zeros(0)


def robust_ar1(series: list[np.ndarray]) -> tuple[float, float]:
    """(std, lag-1 correlation) of an AR(1) process from the typical spread of its values and
    of its frame-to-frame changes, ``var(x[t+1] - x[t]) = 2 var(x) (1 - rho)``.

    Typical, not mean-square: BlazePose's errors are heavy-tailed (a few frames on the wrong
    limb or the wrong scale), and a Gaussian fitted to their moments jitters every frame
    2-3 times more than BlazePose does (measured on the shoulders' breadth overhead,
    ``benchmarks/results/amd-epyc-2c/breadth_signal_overhead.md``), which drowns the slow
    signals a temporal model reads. The tail is drawn separately, as gross errors."""
    level, change = robust_var(np.concatenate(series)), robust_var(lag_changes(series, 1))
    rho = float(np.clip(1.0 - change / max(2.0 * level, 1e-12), 0.0, 0.99))
    return float(np.sqrt(level)), rho


def drift_and_white(series_per_group: list[list[np.ndarray]]) -> tuple[tuple[float, ...], tuple[float, ...], float]:
    """Per group, the std of a slow AR(1) part and of a white part, and the AR(1) part's
    correlation (one for all groups), from the typical spread of the values (``V``) and of
    their changes over one and two frames (``D1``, ``D2``):
    ``D_k = 2 drift^2 (1 - rho^k) + 2 white^2``, ``V = drift^2 + white^2``."""
    moments = [(robust_var(np.concatenate(s)), robust_var(lag_changes(s, 1)), robust_var(lag_changes(s, 2)))
               for s in series_per_group]
    slow = sum(max(2 * v - d1, 0.0) for v, d1, _ in moments)
    rho = float(np.clip(1.0 - sum(max(d2 - d1, 0.0) for _, d1, d2 in moments) / max(slow, 1e-12), 0.05, 0.99))
    drift, white = [], []
    for v, d1, _ in moments:
        drift_var = float(np.clip((v - d1 / 2) / rho, 0.0, v))
        drift.append(float(np.sqrt(drift_var)))
        white.append(float(np.sqrt(v - drift_var)))
    return tuple(drift), tuple(white), rho


def _winsorized(series: list[np.ndarray]) -> list[np.ndarray]:
    """Series clipped to 3 robust standard deviations (1.4826 MAD of all values): a frame
    where BlazePose follows the wrong person is a gross error, not global jitter."""
    values = np.concatenate(series)
    values = values[~np.isnan(values)]
    limit = 3 * 1.4826 * float(np.median(np.abs(values - np.median(values))))
    return [np.clip(x, -limit, limit) for x in series]


def moment_ar1(series: list[np.ndarray]) -> tuple[float, float]:
    """(std, lag-1 correlation) of zero-mean series pooled over clips, from their mean squares
    (NaN marks a missing value)."""
    values, products = np.concatenate(series), np.concatenate([x[1:] * x[:-1] for x in series])
    var = float(np.nanmean(values**2)) if np.isfinite(values).any() else 0.0
    acov = float(np.nanmean(products)) if np.isfinite(products).any() else 0.0
    return float(np.sqrt(var)), float(np.clip(acov / max(var, 1e-12), 0.0, 0.99))


def moment_drift_and_white(series_per_group: list[list[np.ndarray]]) -> tuple[tuple[float, ...], tuple[float, ...], float]:
    """:func:`drift_and_white` from mean squares: per group the variance and the lag-1 and
    lag-2 autocovariances, ``acov_k = rho^k drift^2``, one ``rho`` for all groups."""
    moments = []
    for series in series_per_group:
        values = np.concatenate(series)
        lagged = [np.concatenate([x[k:] * x[: len(x) - k] for x in series]) for k in (1, 2)]
        moments.append([float(np.nanmean(v)) if np.isfinite(v).any() else 0.0 for v in (values**2, *lagged)])
    lag1, lag2 = sum(m[1] for m in moments), sum(m[2] for m in moments)
    rho = float(np.clip(lag2 / lag1, 0.05, 0.99)) if lag1 > 0 else 0.5
    drift, white = [], []
    for var, acov1, _ in moments:
        drift_var = min(max(acov1 / rho, 0.0), var)
        drift.append(float(np.sqrt(drift_var)))
        white.append(float(np.sqrt(max(var - drift_var, 0.0))))
    return tuple(drift), tuple(white), rho


@dataclass(frozen=True)
class JitterFit:
    """How jitter is told from gross errors and fitted: the two ways this module knows."""

    gross: Callable[[np.ndarray, np.ndarray], np.ndarray]
    """(residual sizes ``[T, 17]``, per-joint typical per-axis deviation ``[17]``) -> gross errors."""
    joints: Callable[[list[list[np.ndarray]]], tuple[tuple[float, ...], tuple[float, ...], float]]
    """Per-group residual series -> (drift stds, white stds, drift correlation)."""
    globals_: Callable[[list[np.ndarray]], tuple[float, float]]
    """Series of the similarity's log-scale or offset -> (std, lag-1 correlation)."""
    held_gross: bool
    """Whether a gross error holds its place for a few frames (its episodes are fitted)."""


FITS: dict[str, JitterFit] = {
    # what the shipped pose models trained on: mean squares, gross errors past OUTLIER, a
    # fresh one every frame
    "moments": JitterFit(gross=lambda size, sigma: size >= OUTLIER, joints=moment_drift_and_white,
                         globals_=lambda series: moment_ar1(_winsorized(series)), held_gross=False),
    # the typical spread (:func:`robust_ar1`), gross errors past GROSS_SIGMAS typical
    # deviations, held for the episodes measured
    "typical": JitterFit(gross=lambda size, sigma: size > GROSS_SIGMAS * sigma[None, :], joints=drift_and_white,
                         globals_=robust_ar1, held_gross=True),
}
"""How BlazePose's jitter is fitted, by name (``--fit``); :data:`pushup_mobile.pose.noise.NOISE_FITS`
names the file each one's per-view fits ship in."""


def _quantiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    array = np.array(values)
    return {"n": int(array.size), "median": float(np.median(array)), "p90": float(np.percentile(array, 90))}


def _logit(p: np.ndarray) -> np.ndarray:
    return np.clip(np.log(p + 1e-12) - np.log1p(-p + 1e-12), -LOGIT_CLIP, LOGIT_CLIP)


@dataclass
class Residuals:
    """The per-joint errors left after the similarity fit, split into gross errors and jitter."""

    gross: list[float]  # sizes of the gross errors, torso lengths
    episodes: list[np.ndarray]  # per clip and joint, 1 gross, 0 not, -1 not measured
    near_far: dict[str, list[float]]  # sizes of the rest, near and far side
    series: list[list[np.ndarray]]  # per group, per-axis series with gross errors blanked


def split_gross(runs: list[ClipRun], residuals: list[np.ndarray], fit: JitterFit) -> Residuals:
    """Residuals ``[T, 17, 2]`` per clip (torso lengths, NaN where not measured) split by the
    fit's rule into gross errors (their sizes and on/off sequences) and jitter (sizes by
    side, and per group the series the fit's ``joints`` reads)."""
    stacked = np.concatenate(residuals)
    sigma = np.array([np.sqrt(robust_var(stacked[:, GROUP_OF == g].ravel())) for g in range(len(GROUPS))])[GROUP_OF]
    gross, episodes, near_far = [], [], {"near": [], "far": []}
    series: list[list[np.ndarray]] = [[] for _ in GROUPS]
    for run, residual in zip(runs, residuals):
        size = np.linalg.norm(residual, axis=2)
        is_gross = fit.gross(size, sigma) & ~np.isnan(size)
        gross += size[is_gross].tolist()
        state = np.where(np.isnan(size), -1, is_gross.astype(np.int64))
        episodes += [state[:, j] for j in range(17)]
        kept = ~is_gross & ~np.isnan(size)
        near_far["far"] += size[kept & run.far].tolist()
        near_far["near"] += size[kept & ~run.far].tolist()
        clean = np.where(is_gross[..., None], np.nan, residual)
        for j in range(17):
            series[GROUP_OF[j]] += [clean[:, j, 0], clean[:, j, 1]]
    return Residuals(gross, episodes, near_far, series)


def analyse(runs: list[ClipRun], fit: str = "moments") -> dict[str, Any]:
    """Every figure of the report, and the noise parameters fitted the way ``fit`` names (:data:`FITS`)."""
    how = FITS[fit]
    groups = list(GROUPS)
    raw = {g: {"seen": {"torso": [], "frame": []}, "hidden": {"torso": [], "frame": []}} for g in groups}
    residuals = []
    globals_ = {"log_scale": [], "offset": []}
    swap_sequences, vis_series = [], []
    vis_logits = {(g, where): [] for g in range(len(groups)) for where in ("near", "far", "out")}
    all_states = [swap_states(run) for run in runs]
    for run, states in zip(runs, all_states):
        swap_sequences += [states[:, c] for c in range(states.shape[1])]
        fixed = unswapped(run, states)
        live = ~run.missed
        frames = len(run.truth)
        residual = np.full((frames, 17, 2), np.nan)
        log_scale = np.full(frames, np.nan)
        offset = np.full((frames, 2), np.nan)
        for t in np.flatnonzero(live):
            error = np.linalg.norm(run.predicted[t] - run.truth[t], axis=1)
            for j in np.flatnonzero(run.inside[t]):
                kind = "seen" if run.seen[t, j] else "hidden"
                raw[groups[GROUP_OF[j]]][kind]["torso"].append(error[j] / run.scale)
                raw[groups[GROUP_OF[j]]][kind]["frame"].append(error[j])
            if run.inside[t].sum() < 4:
                continue
            log_scale[t], offset[t] = similarity(run.truth[t], fixed[t], run.inside[t], run.scale)
            hips = run.truth[t, list(GROUPS["hips"])].mean(axis=0)
            fitted = hips + np.exp(log_scale[t]) * (run.truth[t] - hips) + offset[t] * run.scale
            residual[t, run.inside[t]] = ((fixed[t] - fitted) / run.scale)[run.inside[t]]
        residuals.append(residual)
        globals_["log_scale"].append(log_scale)
        globals_["offset"] += [offset[:, 0], offset[:, 1]]
        logits = np.where(live[:, None], _logit(run.visibility), np.nan)
        for j in range(17):
            for t in np.flatnonzero(live):
                where = "out" if not run.inside[t, j] else "far" if run.far[t, j] else "near"
                vis_logits[(GROUP_OF[j], where)].append(float(logits[t, j]))
        vis_series.append(logits)
    near_level = [float(np.mean(vis_logits[(g, "near")] or [LOGIT_CLIP])) for g in range(len(groups))]
    far_level = [float(np.mean(vis_logits[(g, "far")] or vis_logits[(g, "near")] or [LOGIT_CLIP])) for g in range(len(groups))]
    out_values = [v for g in range(len(groups)) for v in vis_logits[(g, "out")]]
    out_level = float(np.mean(out_values)) if out_values else -LOGIT_CLIP
    deviations = []
    for run, logits in zip(runs, vis_series):
        level = np.where(~run.inside, out_level, np.where(run.far, np.array(far_level)[GROUP_OF], np.array(near_level)[GROUP_OF]))
        deviations += [(logits - level)[:, j] for j in range(17)]
    vis_std, vis_rho = moment_ar1(deviations)
    split = split_gross(runs, residuals, how)
    near_far = split.near_far
    drift, white, drift_rho = how.joints(split.series)
    gross_off = markov_rates(split.episodes)[1] if how.held_gross and split.gross else 1.0
    scale_std, scale_rho = how.globals_(globals_["log_scale"])
    offset_std, offset_rho = how.globals_(globals_["offset"])
    swap_on, swap_off = markov_rates(swap_sequences)
    miss_on, miss_off = markov_rates([run.missed.astype(np.int64) for run in runs])
    params = NoiseParams(
        jitter_white=tuple(round(w, 4) for w in white),
        jitter_drift=tuple(round(d, 4) for d in drift),
        drift_rho=round(drift_rho, 3),
        far_gain=round(float(np.median(near_far["far"]) / np.median(near_far["near"])), 3) if near_far["far"] else 1.0,
        outlier_rate=round(len(split.gross) / max(len(split.gross) + len(near_far["near"]) + len(near_far["far"]), 1), 4),
        outlier_scale=round(float(np.sqrt(np.mean(np.square(split.gross)) / 2)), 3) if split.gross else 0.0,
        outlier_off=round(gross_off, 4),
        global_log_scale=round(scale_std, 4),
        global_offset=round(offset_std, 4),
        global_rho=round((scale_rho + offset_rho) / 2, 3),
        swap_on=round(swap_on, 4),
        swap_off=round(swap_off, 4),
        miss_on=round(miss_on, 4),
        miss_off=round(miss_off, 4),
        vis_logit_near=tuple(round(v, 2) for v in near_level),
        vis_logit_far=tuple(round(v, 2) for v in far_level),
        vis_logit_out=round(out_level, 2),
        vis_logit_std=round(vis_std, 3),
        vis_rho=round(vis_rho, 3),
    )
    frames = sum(len(run.missed) for run in runs)
    decided = [s for seq in swap_sequences for s in seq if s >= 0]
    return {
        "errors": {g: {kind: {unit: _quantiles(v) for unit, v in by_unit.items()} for kind, by_unit in by_kind.items()}
                   for g, by_kind in raw.items()},
        "misses": {
            "frames": frames,
            "presence_below_min_rate": float(sum(run.missed.sum() for run in runs) / frames),
            "detector_empty_rate": float(sum(run.detector_empty.sum() for run in runs) / frames),
            "clips_with_a_miss": int(sum(run.missed.any() for run in runs)),
        },
        "swaps": {
            "decidable_chain_frames": len(decided),
            "rate": float(np.mean(decided)) if decided else 0.0,
            "per_chain": {name: _swap_rate([s for states in all_states for s in states[:, c]])
                          for c, name in enumerate(CHAINS)},
        },
        "visibility": calibration(runs),
        "residual_after_similarity": {"near": _quantiles(near_far["near"]), "far": _quantiles(near_far["far"]),
                                      "gross_error_rate": params.outlier_rate},
        "fitted": params.to_dict(),
    }


def _swap_rate(states: list[int]) -> dict[str, float]:
    decided = [s for s in states if s >= 0]
    return {"decidable": len(decided), "rate": float(np.mean(decided)) if decided else 0.0}


def calibration(runs: list[ClipRun]) -> dict[str, Any]:
    """How far a visibility score can be trusted: per score bin, the share of joints really
    seen, and per truth category, the mean score and the share scored >= 0.5."""
    scores, seen, inside, far = [], [], [], []
    for run in runs:
        live = ~run.missed
        scores.append(run.visibility[live].ravel())
        seen.append(run.seen[live].ravel())
        inside.append(run.inside[live].ravel())
        far.append(run.far[live].ravel())
    scores, seen, inside, far = (np.concatenate(x) for x in (scores, seen, inside, far))
    edges = np.linspace(0.0, 1.0, 6)
    bins = []
    for lo, hi in zip(edges[:-1], edges[1:]):
        pick = (scores >= lo) & ((scores < hi) | (hi == 1.0))
        bins.append({"score": f"{lo:.1f}-{hi:.1f}", "n": int(pick.sum()),
                     "seen": float(seen[pick].mean()) if pick.any() else None,
                     "in_frame": float(inside[pick].mean()) if pick.any() else None})
    categories = {"seen": seen, "hidden_in_frame": inside & ~seen, "out_of_frame": ~inside,
                  "near_in_frame": inside & ~far, "far_in_frame": inside & far}
    return {
        "bins": bins,
        "categories": {name: {"n": int(pick.sum()), "mean_score": float(scores[pick].mean()) if pick.any() else None,
                              "scored_visible": float((scores[pick] >= 0.5).mean()) if pick.any() else None}
                       for name, pick in categories.items()},
    }


def measure(spec: MeasureSpec, progress: bool = True) -> dict[str, Any]:
    pose = BlazePose(num_threads=1)
    split = get_split(spec.split)
    runs = []
    for index in range(spec.clips):
        runs.append(run_clip(pose, clip_seed(split, spec.seed, index), spec))
        if progress:
            print(f"\rclip {index + 1}/{spec.clips}", end="", file=sys.stderr, flush=True)
    if progress:
        print(file=sys.stderr)
    return {"spec": asdict(spec), **analyse(runs, spec.fit)}


def measure_views(spec: MeasureSpec, progress: bool = True) -> dict[str, Any]:
    """:func:`measure` once per camera view: the noise each view's training sequences get."""
    reports = {}
    for view in VIEWS:
        if progress:
            print(f"view {view}", file=sys.stderr, flush=True)
        reports[view] = measure(replace(spec, view=view), progress)
    return {"spec": asdict(spec), "views": reports}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Measure BlazePose's keypoint errors on rendered synthetic clips.")
    parser.add_argument("--clips", type=int, default=24)
    parser.add_argument("--frames", type=int, default=32)
    parser.add_argument("--size", type=int, default=384, help="long side of the rendered frames")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--view", default=None, help=f"one of {', '.join(VIEWS)}, or all (one fit per view)")
    parser.add_argument("--fit", choices=list(FITS), default="moments",
                        help="mean squares (what the shipped pose models trained on) or the typical spread")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    with one_line_errors():
        if args.view is not None and args.view != "all" and args.view not in VIEWS:
            raise BadInputError(f"unknown view {args.view!r} (known: {', '.join(VIEWS)}, all)")
        spec = MeasureSpec(args.clips, args.frames, args.size, args.seed, fit=args.fit)
        report = measure_views(spec) if args.view == "all" else measure(replace(spec, view=args.view))
    write_text_atomic(args.out, json.dumps(report, indent=2) + "\n")
    fitted = {v: r["misses"]["presence_below_min_rate"] for v, r in report["views"].items()} if "views" in report \
        else report["fitted"]
    print(json.dumps(fitted))


if __name__ == "__main__":
    main()
