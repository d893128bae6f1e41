"""The noise fit recovers the process it is given, heavy tails and all."""

import numpy as np
import pytest

from pushup_mobile.experiments.measure_noise import drift_and_white, markov_rates, moment_drift_and_white, robust_ar1
from pushup_mobile.pose.noise import ar1


def _series(rng, clips, frames, rho, drift, white, gross_rate=0.0, gross_scale=0.0):
    """Per clip an AR(1) plus white noise, with a share ``gross_rate`` of frames thrown far off."""
    out = []
    for _ in range(clips):
        x = ar1(rng, (frames,), rho, drift) + white * rng.standard_normal(frames)
        spikes = rng.uniform(size=frames) < gross_rate
        x[spikes] += rng.normal(0.0, gross_scale, size=spikes.sum())
        out.append(x)
    return out


def test_drift_and_white_are_recovered_and_a_heavy_tail_does_not_become_jitter():
    rng = np.random.default_rng(0)
    groups = [_series(rng, 400, 32, 0.95, 0.08, 0.02, gross_rate=0.05, gross_scale=0.6),
              _series(rng, 400, 32, 0.95, 0.05, 0.04, gross_rate=0.05, gross_scale=0.6)]
    drift, white, rho = drift_and_white(groups)
    assert rho == pytest.approx(0.95, abs=0.03)
    assert drift == pytest.approx((0.08, 0.05), rel=0.2)
    assert white == pytest.approx((0.02, 0.04), rel=0.3)
    # the same series fitted by mean squares: the white part carries the tail
    _, white_by_moments, _ = moment_drift_and_white(groups)
    assert white_by_moments[0] > 3 * 0.02


def test_mean_squares_recover_a_process_without_a_tail():
    rng = np.random.default_rng(2)
    drift, white, rho = moment_drift_and_white([_series(rng, 400, 32, 0.9, 0.06, 0.03)])
    assert rho == pytest.approx(0.9, abs=0.04)
    assert drift[0] == pytest.approx(0.06, rel=0.15) and white[0] == pytest.approx(0.03, rel=0.3)


def test_robust_ar1_reads_level_and_correlation_through_spikes():
    rng = np.random.default_rng(1)
    std, rho = robust_ar1(_series(rng, 300, 32, 0.9, 0.07, 0.0, gross_rate=0.03, gross_scale=1.0))
    assert std == pytest.approx(0.07, rel=0.15)
    assert rho == pytest.approx(0.9, abs=0.04)


def test_markov_rates_skip_unknown_frames():
    enter, leave = markov_rates([np.array([0, 0, 1, 1, -1, 1, 0, 0])])
    assert (enter, leave) == (pytest.approx(1 / 3), pytest.approx(1 / 2))
