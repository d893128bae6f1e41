"""Write every golden file: ``python -m pushup_mobile.golden --out tests/golden`` (from the
repository's root: the Python tests and the Android core's JUnit tests read them there)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pushup_mobile.feedback.rules import FeedbackRules
from pushup_mobile.files import write_text_atomic
from pushup_mobile.golden import blazepose, feedback, form, pixel_stage, pose_features, preprocess


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the golden vectors shared with the Android core.")
    parser.add_argument("--out", type=Path, required=True, help="the golden root (tests/golden in the repository)")
    out = parser.parse_args(argv).out
    for name in feedback.CASES:
        case = feedback.build_case(name, FeedbackRules())
        write_text_atomic(out / feedback.FOLDER / f"{name}.json", json.dumps(case, indent=1) + "\n")
        print(f"feedback/{name}.json: {case['expected']['reps']} rep(s)")
    for name in form.CASES:
        write_text_atomic(out / form.FOLDER / f"{name}.json", json.dumps(form.build_case(name)) + "\n")
        print(f"form/{name}.json")
    for name in preprocess.CASES:
        write_text_atomic(out / preprocess.FOLDER / f"{name}.json", json.dumps(preprocess.build_case(name)) + "\n")
        print(f"preprocess/{name}.json")
    for name in pose_features.CASES:
        write_text_atomic(out / pose_features.FOLDER / f"{name}.json", json.dumps(pose_features.build_case(name)) + "\n")
        print(f"pose_features/{name}.json")
    for name in blazepose.TRACK_CASES:
        case = blazepose.build_track_case(name)
        write_text_atomic(out / blazepose.TRACK_FOLDER / f"{name}.json", json.dumps(case, separators=(",", ":")) + "\n")
        print(f"blazepose_track/{name}.json: {sum(e['detected'] for e in case['expected'])} detection(s)")
    for name in pixel_stage.CASES:
        case = pixel_stage.build_case(name)
        write_text_atomic(out / pixel_stage.FOLDER / f"{name}.json", json.dumps(case, separators=(",", ":")) + "\n")
        print(f"pixel_stage/{name}.json: {len(case['calls'])} detector call(s)")
    for name in blazepose.CROP_CASES:
        write_text_atomic(out / blazepose.CROP_FOLDER / f"{name}.json", json.dumps(blazepose.build_crop_case(name)) + "\n")
        print(f"blazepose_crop/{name}.json")


if __name__ == "__main__":
    main()
