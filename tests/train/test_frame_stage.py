"""The per-frame stage of the pixel recipe: every frame a sample, the backbone it leaves
behind is the one the clip stage starts from, a finished stage is not run twice, and the
other families on rendered frames go through it too."""

import json
from dataclasses import replace

import pytest
import torch

from pushup_mobile.data.clips import ClipDataset
from pushup_mobile.errors import BadInputError
from pushup_mobile.families import TrainRequest, build_model, family, family_of, load_checkpoint
from pushup_mobile.train.config import get_config
from pushup_mobile.train.frames import FrameDataset, FrameModel
from pushup_mobile.train.loop import prepare_data, train


def test_frame_dataset_is_every_frame_of_every_clip(tmp_path):
    cfg = get_config("tiny")
    train_dir, _ = prepare_data(cfg, tmp_path)
    clips = ClipDataset(train_dir)
    frames = FrameDataset(clips)
    per_clip = cfg.data.frames
    assert len(frames) == len(clips) * per_clip
    clip, frame = 1, 5
    whole = clips[clip]
    one = frames[clip * per_clip + frame]
    assert torch.equal(one["frames"][0], whole["frames"][frame])
    assert one["pushup"].tolist() == [whole["pushup"][frame].item()]
    assert len(FrameDataset(clips, stride=4)) == len(clips) * len(range(0, per_clip, 4))


def test_frame_model_trains_the_nets_own_backbone_and_not_its_lstm():
    net = build_model(get_config("tiny").model)
    model = FrameModel(net)
    lstm = {id(p) for p in net.lstm.parameters()}
    assert not lstm & {id(p) for p in model.parameters()}
    assert {id(p) for p in net.features.parameters()} <= {id(p) for p in model.parameters()}
    out = model(torch.randn(2, 3, 3, 64, 64))
    assert out.pushup.shape == (2, 3, 1) and out.faults.shape == (2, 3, 5) and out.keypoints.shape == (2, 3, 17, 2)


def test_training_runs_the_frame_stage_once_and_starts_the_clip_stage_from_it(tmp_path):
    cfg = replace(get_config("tiny"), epochs=1)
    out = tmp_path / "run"
    train(cfg, out, data_root=tmp_path / "data", progress=False)
    stage = json.loads((out / "frames_history.json").read_text())
    assert [h["epoch"] for h in stage] == [1]
    assert set(stage[0]["val"]) == {"pushup_auroc", "pushup_accuracy", "depth_mae"}
    backbone = load_checkpoint(out / "frames.pt").net.features.state_dict()
    seeded = build_model(cfg.model, cfg.seed).features.state_dict()
    assert any(not torch.equal(backbone[k], seeded[k]) for k in backbone)  # the stage changed the weights
    written = (out / "frames.pt").stat().st_mtime_ns
    # a fresh clip stage in the same folder, learning rate 0: its weights are the frame stage's
    result = train(replace(cfg, lr=0.0), out, data_root=tmp_path / "data", progress=False)
    assert (out / "frames.pt").stat().st_mtime_ns == written
    started = dict(load_checkpoint(result.best).net.features.named_parameters())
    for name, value in load_checkpoint(out / "frames.pt").net.features.named_parameters():
        assert torch.equal(started[name], value), name


@pytest.mark.parametrize("name", ["cnn3d", "two_stream"])
def test_the_pixel_recipe_trains_the_other_frame_families_through_their_rows(tmp_path, name):
    """Both run the per-frame stage and the clip stage of the pixel recipe: the (2+1)D net
    as it is (one-frame clips), the two-stream net's appearance stream; then every weight
    is trained."""
    row = family(name)
    result = row.train(TrainRequest("tiny", tmp_path / "run", data=tmp_path / "data"))
    staged, best = load_checkpoint(tmp_path / "run" / "frames.pt").net, load_checkpoint(result.best).net
    assert family_of(best.cfg) is row and best.cfg == row.training_config("tiny").model
    seeded = build_model(best.cfg, 0).state_dict()
    stage_changed = {k for k, v in staged.state_dict().items() if not torch.equal(v, seeded[k])}
    clip_changed = {k for k, v in best.state_dict().items() if not torch.equal(v, staged.state_dict()[k])}
    assert any(k.startswith("stem" if name == "cnn3d" else "features") for k in stage_changed)
    if name == "two_stream":
        assert not any(k.startswith("motion") for k in stage_changed)
    weights = {k for k, v in best.state_dict().items() if v.is_floating_point()}
    assert weights <= clip_changed | stage_changed  # every weight trained by one stage or the other


def test_the_pixel_recipe_does_not_fine_tune_another_familys_net(tmp_path):
    """The two-stream config is a pixel config's subclass: an init of it is still refused."""
    two_stream = build_model(family("two_stream").training_config("tiny").model, 0)
    with pytest.raises(BadInputError, match="TwoStreamConfig model; this training config trains ModelConfig"):
        train(get_config("tiny"), tmp_path / "run", data_root=tmp_path / "data", init=two_stream, progress=False)
