"""Train / val / test kept apart by construction: each split owns its body shapes, its
clip seeds, its camera-distance range and its photo backgrounds, so the test split shows
bodies, views and places that training never saw."""

from __future__ import annotations

from dataclasses import dataclass

from pushup_mobile.errors import BadInputError


@dataclass(frozen=True)
class Split:
    name: str
    shapes: range  # indices into the baked bodies
    seed_base: int  # clip seeds are seed_base + dataset seed * SEEDS_PER_DATASET + i
    distance: tuple[float, float]  # camera distance range, metres
    panoramas: tuple[str, ...]  # photo backgrounds (procedural rooms are split by seed)


SEEDS_PER_DATASET = 1_000_000
SPLITS: dict[str, Split] = {
    "train": Split("train", range(0, 36), 0, (1.6, 3.0), ("city", "forest", "interior", "studio", "sunrise", "sunset")),
    "val": Split("val", range(36, 42), 10**12, (3.0, 3.3), ("night",)),
    "test": Split("test", range(42, 48), 2 * 10**12, (3.3, 3.8), ("courtyard",)),
}


def get_split(name: str) -> Split:
    if name not in SPLITS:
        raise BadInputError(f"unknown split {name!r} (known: {', '.join(SPLITS)})")
    return SPLITS[name]


def clip_seed(split: Split, dataset_seed: int, index: int) -> int:
    if not 0 <= index < SEEDS_PER_DATASET:
        raise BadInputError(f"clip index {index} out of range (at most {SEEDS_PER_DATASET} clips per dataset)")
    return split.seed_base + dataset_seed * SEEDS_PER_DATASET + index
