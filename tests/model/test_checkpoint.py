import pytest
import torch

from pushup_mobile.errors import BadInputError
from pushup_mobile.families import FAMILIES, build_model, load_checkpoint, load_model, save_checkpoint, state_sha256
from pushup_mobile.pose.net import PoseModelConfig
from pushup_mobile.transformer.net import TransformerConfig


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


@pytest.mark.parametrize("name", sorted(FAMILIES))
def test_a_family_name_loads_its_shipped_trained_model(name):
    before = torch.random.get_rng_state()
    loaded = load_model(name)
    assert torch.equal(torch.random.get_rng_state(), before), "loading a model must not reseed torch"
    assert loaded.cfg.family == name and loaded.trained
    assert loaded.source == str(FAMILIES[name].shipped_checkpoint) and len(loaded.sha256) == 64


def test_every_family_round_trips_through_the_one_format(tmp_path, tiny_cfg):
    for cfg in (tiny_cfg, PoseModelConfig(embed_dim=8, hidden=8), TransformerConfig(window=4, d_model=8, heads=2, ff=8)):
        net = build_model(cfg, seed=2)
        save_checkpoint(net, tmp_path / f"{cfg.family}.pt", {"epoch": 3})
        payload = torch.load(tmp_path / f"{cfg.family}.pt", weights_only=True)
        assert payload["family"] == cfg.family and payload["config"] == cfg.to_dict()
        loaded = load_checkpoint(tmp_path / f"{cfg.family}.pt")
        assert loaded.cfg == cfg and loaded.meta == {"epoch": 3} and state_sha256(loaded.net) == state_sha256(net)


def test_the_older_layouts_are_read(tmp_path, tiny_cfg):
    """Files written before the family table: pixel without ``family``, pose with
    ``model_config`` and its provenance beside the weights."""
    pixel, pose = build_model(tiny_cfg, seed=1), build_model(PoseModelConfig(embed_dim=8, hidden=8), seed=1)
    torch.save({"config": tiny_cfg.to_dict(), "state_dict": pixel.state_dict(), "meta": {"epoch": 1}}, tmp_path / "a.pt")
    torch.save({"family": "pose", "model_config": pose.cfg.to_dict(), "state_dict": pose.state_dict(), "epoch": 2},
               tmp_path / "b.pt")
    old_pixel, old_pose = load_checkpoint(tmp_path / "a.pt"), load_checkpoint(tmp_path / "b.pt")
    assert old_pixel.cfg == tiny_cfg and old_pixel.meta == {"epoch": 1}
    assert old_pose.cfg == pose.cfg and old_pose.meta == {"epoch": 2}
    assert state_sha256(old_pose.net) == state_sha256(pose)


def test_an_unknown_family_is_one_clear_error(tmp_path, tiny_cfg):
    net = build_model(tiny_cfg)
    torch.save({"family": "hologram", "config": tiny_cfg.to_dict(), "state_dict": net.state_dict()}, tmp_path / "h.pt")
    with pytest.raises(BadInputError, match="unknown model family 'hologram'"):
        load_checkpoint(tmp_path / "h.pt")
