"""The pixel family: MobileNetV3-Small per frame -> LSTM -> heads, on normalized RGB
frames (:mod:`pushup_mobile.model`), trained on rendered clips (:mod:`pushup_mobile.train`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

from pushup_mobile.errors import BadInputError, UnsupportedFormatError
from pushup_mobile.families.family import Family, FrameInput, TrainRequest
from pushup_mobile.model.config import ModelConfig
from pushup_mobile.model.net import build_pixel_model
from pushup_mobile.model.summary import ModelSummary
from pushup_mobile.preprocess import Preprocessing, normalize

SHIPPED = Path(__file__).resolve().parent.parent / "assets" / "models" / "default.pt"


def _preprocessing(cfg: ModelConfig) -> dict[str, Any]:
    from pushup_mobile.pose.blazepose import DETECTOR_FILE

    detector = DETECTOR_FILE if cfg.crop == "person" else None
    return Preprocessing(size=cfg.input_size, crop=cfg.crop, person_detector=detector).to_manifest()


def _frame_input(section: dict[str, Any], threads: int) -> FrameInput:
    """Normalized pixels (the whole frame, or the square around the person), with
    BlazePose's person detector as the gate (pixels say nothing about who is in view) and
    the locator of that square."""
    from pushup_mobile.pose.blazepose import PersonDetector
    from pushup_mobile.preprocess import PixelInput

    pixels = Preprocessing(**{**section, "mean": tuple(section["mean"]), "std": tuple(section["std"])})
    return PixelInput(pixels, PersonDetector(num_threads=threads).person_box)


def _front_end_files(section: dict[str, Any]) -> list[Path]:
    """The person detector, from the installed ``mediapipe`` wheel, for a model on the square
    around the person; nothing for one on the whole frame."""
    if section.get("crop", "letterbox") == "letterbox":
        return []
    from pushup_mobile.pose.blazepose import DETECTOR_FILE, front_end_file

    reference = section.get("person_detector")
    if reference is None:
        raise BadInputError("a person-crop manifest without preprocessing.person_detector; re-export the artifact")
    if reference != DETECTOR_FILE:  # the square a model learned is the one this detector draws
        raise UnsupportedFormatError(f"the person's square comes from BlazePose's detector ({DETECTOR_FILE}), "
                                     f"not {reference!r}")
    return [front_end_file(reference)]


def _cost(cfg: ModelConfig, summary: ModelSummary) -> str:
    framing = "the square around the person (BlazePose's detector)" if cfg.crop == "person" else "the whole frame, letterboxed"
    return (f"MACs per frame at {cfg.input_size}x{cfg.input_size}: {summary.macs_per_frame / 1e6:.1f} M\n"
            f"input: {framing}\n"
            f"width multiplier: {cfg.width_mult}  LSTM: {cfg.layers} layer(s) x {cfg.hidden}")


def _eval_samples(cfg: ModelConfig, split: str, count: int, frames: int, seed: int) -> list[dict[str, Any]]:
    from pushup_mobile.data.labelled_clips import synthetic_samples

    return list(synthetic_samples(split, count, frames, cfg.input_size, seed, cfg.crop))


def _stream_clips(cfg: ModelConfig, split: str, count: int, frames: int, seed: int) -> tuple[Any, ...]:
    from pushup_mobile.data.labelled_clips import synthetic_clips

    return synthetic_clips(split, count, frames, cfg.input_size, seed, cfg.crop)


def _video_samples(cfg: ModelConfig, videos: Path) -> list[dict[str, Any]]:
    from pushup_mobile.data.own_videos import own_clips

    if cfg.crop != "letterbox":  # own videos are read letterboxed; the person's square needs the detector per frame
        raise BadInputError(f"eval --videos reads videos letterboxed; this model wants the {cfg.crop} crop: "
                            "score it with `pushup-mobile analyze`, which runs the detector as the app does")

    pre = Preprocessing(size=cfg.input_size)
    return [{"frames": normalize(c.frames, pre), "pushup": c.pushup, "depth": c.depth, "faults": c.faults,
             "activity": c.activity, "rep_count": c.label.reps}
            for c in own_clips(videos, pre.size, pre.fps)]


def _training_config(name: str) -> Any:
    from pushup_mobile.train.config import get_config

    return get_config(name)


def person_recipe(family_name: str, models: dict[str, Any]) -> Callable[[str], Any]:
    """A ``training_config`` hook for another family on rendered frames: the pixel family's
    person-crop recipe of that name (``tiny``: the tiny one) with the family's model of that
    name, so it trains on the same rendered clips with the same budget (a per-frame stage on
    shuffled single frames, then the clip stage)."""
    def training_config(name: str) -> Any:
        from pushup_mobile.train.config import CONFIGS

        if name not in models:
            raise BadInputError(f"unknown {family_name} training config {name!r} (known: {', '.join(models)})")
        return replace(CONFIGS["tiny" if name == "tiny" else "person"], name=name, model=models[name])
    return training_config


def frame_trainer(training_config: Callable[[str], Any], build: Callable[[Any, int], Any],
                  frame_stage: str = "FrameModel") -> Callable[..., Any]:
    """A family's ``train`` hook for a model on rendered frames (:mod:`pushup_mobile.train.loop`);
    ``frame_stage`` names what :mod:`pushup_mobile.train.frames` trains in the per-frame stage."""
    def train(request: TrainRequest) -> Any:
        from pushup_mobile.train import frames
        from pushup_mobile.train.loop import train as train_on_clips

        init = request.init
        return train_on_clips(training_config(request.config), request.out, resume=request.resume,
                              data_root=request.data, videos=request.videos, init=init.net if init else None,
                              init_source=init.source if init else None, build=build,
                              frame_stage=getattr(frames, frame_stage))
    return train


PIXEL = Family(
    name="pixel",
    summary="MobileNetV3-Small + LSTM on camera pixels (the design card's model)",
    config_type=ModelConfig,
    build=build_pixel_model,
    shipped_checkpoint=SHIPPED,
    artifact_stem="pushup",
    frame_meaning="RGB frame, normalized as the manifest's preprocessing says",
    clip_layout="NTCHW",
    preprocessing=_preprocessing,
    frame_input=_frame_input,
    front_end_files=_front_end_files,
    cost=_cost,
    eval_samples=_eval_samples,
    stream_clips=_stream_clips,
    video_samples=_video_samples,
    training_config=_training_config,
    train=frame_trainer(_training_config, build_pixel_model),
)
