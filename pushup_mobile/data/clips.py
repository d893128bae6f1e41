"""The clip dataset the trainer reads: synthetic shards (augmented when training),
normalized as the manifest will say, labels as tensors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import torch

from pushup_mobile.data.augment import augment_clip, sample_augmentation
from pushup_mobile.errors import BadInputError
from pushup_mobile.preprocess import Preprocessing, normalize
from pushup_mobile.synth.dataset import read_shard

LABELS = ("pushup", "depth", "faults", "keypoints", "visibility", "activity")


class ClipDataset(torch.utils.data.Dataset):
    """Every clip of every shard in ``folder``; ``augment`` draws a fresh augmentation per
    clip and epoch from ``seed``, epoch and index (deterministic, different each epoch).

    Shards stay in memory once read: training draws clips in random order, and
    decompressing a whole shard for each clip would cost more than the training step
    (the default run's train split is ~3.6 GB of frames at 128 px).
    """

    def __init__(self, folder: Path, augment: bool = False, seed: int = 0) -> None:
        self.shards = sorted(Path(folder).glob("shard-*.npz"))
        if not self.shards:
            raise BadInputError(f"no shards in {folder} (make them with: pushup-mobile synth --out {folder} ...)")
        self.counts = []
        for path in self.shards:
            with np.load(path) as data:
                self.counts.append(len(data["seed"]))
        self.offsets = np.cumsum([0, *self.counts])
        self.augment, self.seed, self.epoch = augment, seed, 0
        self._loaded: dict[int, dict[str, np.ndarray]] = {}

    def __len__(self) -> int:
        return int(self.offsets[-1])

    def _shard(self, k: int) -> dict[str, np.ndarray]:
        if k not in self._loaded:
            self._loaded[k] = read_shard(self.shards[k])
        return self._loaded[k]

    def frames_per_clip(self) -> int:
        return int(self._shard(0)["frames"].shape[1])

    def __getitem__(self, index: int) -> dict[str, Any]:
        return self.sample(index)

    def sample(self, index: int, frame: int | None = None) -> dict[str, Any]:
        """Clip ``index``, or only its frame ``frame`` (as a one-frame clip, augmented on its
        own draw), with its labels."""
        k = int(np.searchsorted(self.offsets, index, side="right") - 1)
        shard, i = self._shard(k), index - int(self.offsets[k])
        span = slice(None) if frame is None else slice(frame, frame + 1)
        frames, keypoints, visibility = shard["frames"][i, span], shard["keypoints"][i, span], shard["visibility"][i, span]
        if self.augment:
            rng = np.random.default_rng([self.seed, self.epoch, index] + ([] if frame is None else [frame]))
            frames, keypoints, visibility = augment_clip(frames, keypoints, visibility, sample_augmentation(rng), rng)
        pre = Preprocessing(size=frames.shape[1])
        sample = {"frames": torch.from_numpy(normalize(frames, pre))}
        for name in LABELS:
            value = {"keypoints": keypoints, "visibility": visibility}.get(name, shard[name][i, span])
            sample[name] = torch.from_numpy(np.ascontiguousarray(value))
        sample["rep_count"] = int(shard["rep_count"][i])
        sample["weight"] = torch.ones(len(frames))  # every rendered frame's labels are exact
        return sample
