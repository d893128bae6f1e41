"""Shipping a run's best checkpoint: copied whole, provenance beside it, bad runs refused."""

import json

import pytest

from pushup_mobile.errors import BadInputError
from pushup_mobile.files import sha256_file
from pushup_mobile.families import FAMILIES, load_checkpoint, load_model, save_checkpoint
from pushup_mobile.families.ship import provenance_path, ship


def _run(folder, net):
    save_checkpoint(net, folder / "best.pt", {"config": {"name": "tiny"}, "epoch": 2, "git_commit": "abc",
                                              "metrics": {"pushup_f1": 0.9}})
    (folder / "history.json").write_text(json.dumps([{"epoch": 1}, {"epoch": 2}]))
    return folder


def test_ship_copies_the_checkpoint_and_records_where_it_came_from(tmp_path, tiny_loaded):
    run = _run(tmp_path, tiny_loaded.net)
    (tmp_path / "metrics.json").write_text(json.dumps({"pushup_f1": 0.88}))
    target = tmp_path / "assets" / "default.pt"
    record = ship(run, tmp_path / "metrics.json", target=target, extra={"command": "make it"})
    assert sha256_file(target) == sha256_file(run / "best.pt") == record["sha256"]
    assert load_checkpoint(target).cfg == tiny_loaded.cfg
    saved = json.loads(provenance_path(target).read_text())
    assert saved == record
    assert saved["training"]["git_commit"] == "abc" and saved["training"]["epochs_run"] == 2
    assert saved["test"] == {"pushup_f1": 0.88} and saved["command"] == "make it"


def test_a_broken_run_replaces_nothing(tmp_path, tiny_loaded):
    run = _run(tmp_path, tiny_loaded.net)
    target = tmp_path / "default.pt"
    target.write_bytes(b"the old model")
    (run / "best.pt").write_bytes(b"not a checkpoint")
    with pytest.raises(BadInputError, match="not a pushup-mobile checkpoint"):
        ship(run, target=target)
    assert target.read_bytes() == b"the old model" and not provenance_path(target).exists()


def test_a_pose_run_ships_the_same_way(tmp_path):
    from pushup_mobile.pose.net import PoseModelConfig, build_pose_model

    net = build_pose_model(PoseModelConfig(embed_dim=8, hidden=8), seed=3)
    save_checkpoint(net, tmp_path / "best.pt", {"config": {"name": "tiny"}, "epoch": 3, "git_commit": "def"})
    (tmp_path / "history.json").write_text(json.dumps([{"epoch": 3}]))
    record = ship(tmp_path, target=tmp_path / "assets" / "pose.pt")
    assert record["model"]["name"] == "blazepose-lstm" and record["training"]["git_commit"] == "def"
    assert load_model(tmp_path / "assets" / "pose.pt").cfg.family == "pose"


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_each_shipped_model_is_what_its_provenance_says(family):
    """The embedded defaults must be reproducible: the file is the one its record hashes,
    and it was trained with a config the code still has, unchanged, under the name it
    recorded."""
    target = FAMILIES[family].shipped_checkpoint
    record = json.loads(provenance_path(target).read_text())
    assert record["sha256"] == sha256_file(target)
    today = FAMILIES[family].training_config(record["training"]["config"]["name"]).to_dict()
    assert record["training"]["config"] == json.loads(json.dumps(today))
    assert record["test"] is not None
