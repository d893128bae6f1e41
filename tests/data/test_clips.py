import pytest
import torch

from pushup_mobile.data.clips import ClipDataset
from pushup_mobile.errors import BadInputError
from pushup_mobile.synth.dataset import DatasetSpec, write_dataset


def test_dataset_yields_normalized_frames_and_labels(tmp_path):
    write_dataset(tmp_path, DatasetSpec(clips=3, seed=0, size=48, frames=8, shard_size=2))
    plain, augmented = ClipDataset(tmp_path), ClipDataset(tmp_path, augment=True, seed=1)
    assert len(plain) == 3
    sample = plain[2]
    assert sample["frames"].shape == (8, 3, 48, 48) and sample["frames"].dtype == torch.float32
    assert sample["faults"].shape == (8, 5) and sample["depth"].shape == (8,)
    again = augmented[2]
    assert torch.equal(again["frames"], augmented[2]["frames"])  # deterministic per epoch
    assert not torch.equal(again["frames"], sample["frames"])
    assert torch.equal(again["depth"], sample["depth"])  # augmentation never touches these labels


def test_empty_folder_is_a_clear_error(tmp_path):
    with pytest.raises(BadInputError, match="no shards"):
        ClipDataset(tmp_path)
