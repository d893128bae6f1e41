"""``pushup-mobile analyze``: a video file through the streaming session, as an app would
run it, into reps, advice and optional annotated video and timeline plot."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from pushup_mobile.contract import FAULTS
from pushup_mobile.form.faults import FAULT_RULES
from pushup_mobile.runtime.session import FrameResult, StreamingSession
from pushup_mobile.files import save_figure, write_text_atomic
from pushup_mobile.runtime.models import OpenedModel
from pushup_mobile.video import resampled_frames


@dataclass
class Analysis:
    report: dict[str, Any]
    timeline: list[FrameResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def realtime_factor(self) -> float:
        """Video seconds analysed per wall-clock second (above 1: faster than real time)."""
        return self.report["duration_s"] / self.seconds if self.seconds > 0 else float("inf")


def _rep_ranges(reps: list[int]) -> str:
    """[1, 3, 4, 5] -> "1, 3-5"."""
    spans: list[list[int]] = []
    for rep in reps:
        if spans and rep == spans[-1][1] + 1:
            spans[-1][1] = rep
        else:
            spans.append([rep, rep])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def overall_advice(events: list[dict[str, Any]]) -> list[str]:
    """Advice over the whole set, one line per fault seen in at least one rep (most
    frequent first, ties by priority): the cue, how much (the median of the measured
    reps) and on which reps, e.g. "Keep your back straight: hips 14° below the line on
    reps 10-14", or "Lower your body more: ... on 2 reps that did not count"."""
    seen = Counter(f for e in events for f in e["faults"])
    lines = []
    for fault in sorted(seen, key=lambda f: (-seen[f], FAULT_RULES[f].priority)):
        rule = FAULT_RULES[fault]
        reps = [e["index"] for e in events if fault in e["faults"] and e["counted"]]
        uncounted = sum(1 for e in events if fault in e["faults"] and not e["counted"])
        values = [e["form"][rule.measure] for e in events
                  if fault in e["faults"] and e.get("form") and e["form"][rule.measure] is not None]
        where = [f"{'rep' if len(reps) == 1 else 'reps'} {_rep_ranges(reps)}"] if reps else []
        where += [f"{uncounted} {'rep' if uncounted == 1 else 'reps'} that did not count"] if uncounted else []
        amount = f"{rule.describe(float(np.median(values)))} on " if values else "on "
        lines.append(f"{rule.advice}: {amount}{' and '.join(where)}")
    return lines


def not_judged(events: list[dict[str, Any]]) -> list[str]:
    """Faults the camera's view could not show on any counted rep (judged on none)."""
    if not events:
        return []
    return [f for f in FAULT_RULES if all(f in e.get("not_judged", []) for e in events)]


def _annotate(image: np.ndarray, result: FrameResult, advice: str) -> np.ndarray:
    out = image.copy()
    h, w = out.shape[:2]
    scale = max(0.5, min(w, h) / 600)
    thick = max(1, int(2 * scale))
    cv2.putText(out, f"reps {result.count}", (10, int(40 * scale)), cv2.FONT_HERSHEY_SIMPLEX, 1.2 * scale, (0, 255, 0), thick + 1)
    cv2.putText(out, f"push-up {result.pushup:.2f}", (10, int(75 * scale)), cv2.FONT_HERSHEY_SIMPLEX, 0.7 * scale, (255, 255, 255), thick)
    if advice:
        cv2.putText(out, advice, (10, h - int(20 * scale)), cv2.FONT_HERSHEY_SIMPLEX, 0.8 * scale, (0, 200, 255), thick)
    bar_x, bar_top, bar_bottom = w - int(30 * scale), int(20 * scale), h - int(60 * scale)
    cv2.rectangle(out, (bar_x, bar_top), (bar_x + int(15 * scale), bar_bottom), (255, 255, 255), 1)
    level = bar_top + int((bar_bottom - bar_top) * result.depth)
    cv2.rectangle(out, (bar_x, bar_top), (bar_x + int(15 * scale), level), (0, 255, 0), -1)
    return out


def plot_timeline(analysis: Analysis, target: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t = [r.t for r in analysis.timeline]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 5), sharex=True)
    top.plot(t, [r.pushup for r in analysis.timeline], label="push-up probability")
    top.plot(t, [r.depth for r in analysis.timeline], label="depth")
    for event in analysis.report["rep_events"]:
        top.axvspan(event["start_s"], event["end_s"], color="green", alpha=0.12)
        top.axvline(event["end_s"], color="green", lw=0.8)
    top.set_ylim(-0.05, 1.05)
    top.legend(loc="upper right")
    top.set_title(f"{Path(analysis.report['video']).name}: {analysis.report['reps']} rep(s)")
    for name in FAULTS:
        bottom.plot(t, [r.faults[name] for r in analysis.timeline], label=name)
    bottom.set_ylim(-0.05, 1.05)
    bottom.set_xlabel("time (s)")
    bottom.set_ylabel("fault probability")
    bottom.legend(loc="upper right", fontsize=7)
    save_figure(fig, target, dpi=110)


def analyze_video(
    video: Path,
    model: OpenedModel,
    annotated: Path | None = None,
    on_frame: Callable[[int, int], None] | None = None,
) -> Analysis:
    """Run the session over every (resampled) frame; ``on_frame(done, total)`` reports progress.

    ``annotated`` is written as the frames go: a caller that publishes it (the CLI) passes
    a temporary path from :func:`pushup_mobile.files.atomic_paths`."""
    fps = model.frame_input.fps
    info, frames = resampled_frames(video, fps)
    expected = max(1, round(info.duration_s * fps))
    session = StreamingSession(model)
    timeline: list[FrameResult] = []
    events: list[dict[str, Any]] = []
    advice = ""
    start = time.perf_counter()
    writer = None
    try:
        for t, image in frames:
            result = session.push(image, t)
            timeline.append(result)
            if result.rep is not None:
                events.append(result.rep.to_dict())
                advice = " / ".join(result.rep.advice)
            if annotated is not None:
                if writer is None:
                    writer = cv2.VideoWriter(str(annotated), cv2.VideoWriter_fourcc(*"mp4v"), fps,
                                             (image.shape[1], image.shape[0]))
                writer.write(_annotate(image, result, advice))
            if on_frame is not None:
                on_frame(len(timeline), expected)
    finally:
        if writer is not None:
            writer.release()
    seconds = time.perf_counter() - start
    report = {
        "video": str(video),
        "fps": info.fps,
        "frames": info.frames,
        # a truncated file's header promises more than it holds: report what was decoded
        "duration_s": min(info.duration_s, timeline[-1].t + 1.0 / info.fps) if timeline else 0.0,
        "reps": session.counter.count,  # counted reps; rep_events also lists those that stopped short
        "rep_events": events,
        "advice": overall_advice(events),
        "not_judged": not_judged(events),
        "pushup_seconds": sum(1 for r in timeline if r.pushup >= 0.5) / fps,
        "model": model.describe(),
        "analyzed_frames": len(timeline),
        "model_fps": fps,
    }
    return Analysis(report, timeline, seconds)


def timeline(analysis: Analysis) -> dict[str, list[float]]:
    """Per-frame time, push-up probability and depth, rounded for a small JSON reply: what a
    page draws its timeline from."""
    return {
        "t": [round(r.t, 3) for r in analysis.timeline],
        "pushup": [round(r.pushup, 3) for r in analysis.timeline],
        "depth": [round(r.depth, 3) for r in analysis.timeline],
    }


def write_report(analysis: Analysis, target: Path) -> None:
    write_text_atomic(target, json.dumps(analysis.report, indent=2) + "\n")
