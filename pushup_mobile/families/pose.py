"""The pose family: BlazePose keypoints -> features -> a small LSTM (:mod:`pushup_mobile.pose`),
trained on the motion programs' joints through BlazePose's measured noise, without
rendering."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from pushup_mobile.contract import FRAME_RATE
from pushup_mobile.errors import BadInputError, UnsupportedFormatError
from pushup_mobile.families.family import Family, FrameInput, TrainRequest
from pushup_mobile.model.summary import ModelSummary
from pushup_mobile.pose.net import PoseModelConfig, build_pose_model

SHIPPED = Path(__file__).resolve().parent.parent / "assets" / "models" / "pose.pt"
VIDEO_SIZE = 384
"""Own videos are letterboxed at BlazePose's scale, not the pixel model's."""


def _preprocessing(cfg: PoseModelConfig) -> dict[str, Any]:
    from pushup_mobile.pose.stream import pose_preprocessing

    return pose_preprocessing()


def _frame_input(section: dict[str, Any], threads: int) -> FrameInput:
    from pushup_mobile.pose.blazepose import BlazePose
    from pushup_mobile.pose.stream import PoseInput

    return PoseInput(BlazePose(num_threads=threads))


def _front_end_files(section: dict[str, Any]) -> list[Path]:
    """BlazePose's detector and landmark model, from the installed ``mediapipe`` wheel."""
    if section.get("front_end") != "blazepose":
        raise UnsupportedFormatError(f"the app has no pose front-end {section.get('front_end')!r} (it runs BlazePose)")
    from pushup_mobile.pose.blazepose import front_end_file

    references = section.get("front_end_models")
    if not isinstance(references, list) or not references:
        raise BadInputError("a pose-family manifest without preprocessing.front_end_models; re-export the artifact")
    return [front_end_file(reference) for reference in references]


def _cost(cfg: PoseModelConfig, summary: ModelSummary) -> str:
    return (f"MACs per frame (temporal model; BlazePose runs before it): {summary.macs_per_frame / 1e6:.3f} M\n"
            f"input: {cfg.features} keypoint features  LSTM: {cfg.layers} layer(s) x {cfg.hidden}")


def _eval_samples(cfg: PoseModelConfig, split: str, count: int, frames: int, seed: int) -> list[dict[str, Any]]:
    from pushup_mobile.pose.stream import rendered_samples

    return rendered_samples(split, count, frames, seed=seed)


def _stream_clips(cfg: PoseModelConfig, split: str, count: int, frames: int, seed: int) -> tuple[Any, ...]:
    """Keypoint features of the motion programs through the BlazePose noise model (fixed
    per clip): running BlazePose on rendered frames costs seconds per clip, and these
    clips feed every export's parity check."""
    return _sequence_clips(split, count, frames, seed)


@lru_cache(maxsize=8)
def _sequence_clips(split: str, count: int, frames: int, seed: int) -> tuple[Any, ...]:
    from pushup_mobile.data.labelled_clips import LabelledClip
    from pushup_mobile.pose.sequences import PoseSequences, SequenceSpec

    sequences = PoseSequences(SequenceSpec(split, count, frames, seed))
    return tuple(
        LabelledClip(s["frames"].numpy()[:, None], s["pushup"].numpy(), s["faults"].numpy(), s["depth"].numpy(),
                     int(s["rep_count"]), FRAME_RATE)
        for s in (sequences[i] for i in range(len(sequences)))
    )


def _video_samples(cfg: PoseModelConfig, videos: Path) -> list[dict[str, Any]]:
    """BlazePose keypoints of each frame of one's own videos, as in the app."""
    from pushup_mobile.data.own_videos import own_clips
    from pushup_mobile.pose.stream import PoseInput

    stage = PoseInput()
    return [{"frames": stage.clip_features(c.frames), "pushup": c.pushup, "depth": c.depth, "faults": c.faults,
             "activity": c.activity, "rep_count": c.label.reps}
            for c in own_clips(videos, VIDEO_SIZE, FRAME_RATE)]


def _training_config(name: str) -> Any:
    from pushup_mobile.train.pose_config import get_pose_config

    return get_pose_config(name)


def keypoint_trainer(training_config: Callable[[str], Any], build: Callable[[Any, int], Any]) -> Callable[..., Any]:
    """A family's ``train`` hook for a model on keypoint sequences (:mod:`pushup_mobile.train.pose`)."""
    def train(request: TrainRequest) -> Any:
        from pushup_mobile.train.pose import train as train_on_sequences

        if request.resume or request.data is not None or request.videos is not None or request.init is not None:
            raise BadInputError("a keypoint family trains in minutes from sequences it draws itself: "
                                "it takes neither --resume, --data, --videos nor --init")
        return train_on_sequences(training_config(request.config), request.out, build=build)
    return train


POSE = Family(
    name="pose",
    summary="BlazePose keypoints -> features -> LSTM",
    config_type=PoseModelConfig,
    build=build_pose_model,
    shipped_checkpoint=SHIPPED,
    artifact_stem="pushup-pose",
    frame_meaning="keypoint features (x, y, visibility per joint; see preprocessing)",
    clip_layout="NTF",
    preprocessing=_preprocessing,
    frame_input=_frame_input,
    front_end_files=_front_end_files,
    cost=_cost,
    eval_samples=_eval_samples,
    stream_clips=_stream_clips,
    video_samples=_video_samples,
    training_config=_training_config,
    train=keypoint_trainer(_training_config, build_pose_model),
)
