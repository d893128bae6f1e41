import pytest
import torch

from pushup_mobile.errors import BadInputError
from pushup_mobile.model import build_model, load_checkpoint, load_default, save_checkpoint
from pushup_mobile.model.checkpoint import state_sha256


def test_round_trip_keeps_weights_and_config(tmp_path, tiny_cfg):
    net = build_model(tiny_cfg, seed=5)
    path = tmp_path / "m.pt"
    save_checkpoint(net, path, {"note": "x"})
    loaded = load_checkpoint(path)
    assert loaded.cfg == tiny_cfg
    assert state_sha256(loaded.net) == state_sha256(net)
    assert loaded.trained and loaded.meta == {"note": "x"}
    assert not list(tmp_path.glob(".*.part*"))


def test_missing_and_corrupt_checkpoints_are_clear_errors(tmp_path):
    with pytest.raises(BadInputError, match="not found"):
        load_checkpoint(tmp_path / "nope.pt")
    bad = tmp_path / "bad.pt"
    bad.write_bytes(b"not a checkpoint")
    with pytest.raises(BadInputError, match="not a pushup-mobile checkpoint"):
        load_checkpoint(bad)
    foreign = tmp_path / "foreign.pt"
    torch.save({"weights": torch.zeros(2)}, foreign)
    with pytest.raises(BadInputError, match="foreign.pt"):
        load_checkpoint(foreign)


def test_default_model_says_whether_it_is_trained():
    loaded = load_default()
    assert loaded.trained == loaded.source.endswith(".pt")
    assert len(loaded.sha256) == 64
