"""Shared fixtures: tiny models so the suite stays fast on 2 cores."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from pushup_mobile.cnn3d.net import Conv3DConfig
from pushup_mobile.families import LoadedModel, build_model, state_sha256
from pushup_mobile.model import ModelConfig
from pushup_mobile.pose.net import PoseModelConfig
from pushup_mobile.transformer.net import TransformerConfig
from pushup_mobile.two_stream.net import TwoStreamConfig

GOLDEN_ROOT = Path(__file__).resolve().parent / "golden"
"""Where the golden vectors live (``python -m pushup_mobile.golden --out tests/golden`` writes them)."""
TINY = ModelConfig(input_size=64, width_mult=0.5, embed_dim=32, hidden=32)
TINY_FAMILY_CONFIGS = {
    "pixel": TINY,
    "pose": PoseModelConfig(embed_dim=8, hidden=8),
    "transformer": TransformerConfig(window=6, d_model=8, heads=2, layers=2, ff=16),
    "cnn3d": Conv3DConfig(input_size=32, stem=4, widths=(6, 8), dilations=(1, 2), embed_dim=8),
    "two_stream": TwoStreamConfig(input_size=32, embed_dim=8, hidden=8, motion_widths=(4,), motion_dim=4),
}
"""A tiny model of every family, seconds to build, export and run."""

# Property tests run the same examples on every machine, none replayed from a local
# example database, so a CI failure reproduces anywhere; 5 s per example on 2 slow cores.
settings.register_profile("pushup", derandomize=True, database=None, deadline=5000)
settings.load_profile("pushup")


@pytest.fixture(scope="session")
def tiny_cfg() -> ModelConfig:
    return TINY


@pytest.fixture(scope="session")
def tiny_loaded() -> LoadedModel:
    net = build_model(TINY, seed=3)
    return LoadedModel(net=net, source="tiny(seed=3)", sha256=state_sha256(net), trained=False)
