"""Shared fixtures: tiny models so the suite stays fast on 2 cores."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

from pushup_mobile.families import LoadedModel, build_model, state_sha256
from pushup_mobile.model import ModelConfig

GOLDEN_ROOT = Path(__file__).resolve().parent / "golden"
"""Where the golden vectors live (``python -m pushup_mobile.golden --out tests/golden`` writes them)."""
TINY = ModelConfig(input_size=64, width_mult=0.5, embed_dim=32, hidden=32)

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
