// The pose family's frame stage (Python's PoseInput in pushup_mobile/pose/stream.py, the
// app's PoseInput): BlazePose with its track -> the 17 joints (all invisible when the pose
// presence is low) -> the 51 features, and the frame's form measurements for the counter.

import { PoseFeatures } from "./features.js";
import { measureKeypoints } from "./form.js";
import { BlazePoseTracker, MIN_PRESENCE } from "./tracker.js";

export class PoseStage {
  /** `models`: BlazePose's two models, as BlazePoseTracker takes them. */
  constructor(models) {
    this.tracker = new BlazePoseTracker(models);
    this.features = new PoseFeatures();
    this.reset();
  }

  prepare(pixels, height, width, channels = 3) {
    const pose = this.tracker.track(pixels, height, width, channels);
    this.lastPresence = pose.presence;
    const { keypoints, visibility } = pose.coco();
    this.lastKeypoints = { keypoints, visibility };
    this.lastForm = measureKeypoints(keypoints, visibility, width, height);
    return this.features.step(keypoints, visibility, width, height);
  }

  form() {
    return this.lastForm;
  }

  person() {
    return this.lastPresence >= MIN_PRESENCE;
  }

  reset() {
    this.tracker.reset();
    this.features.reset();
    this.lastForm = null;
    this.lastPresence = 0;
    this.lastKeypoints = null;
  }
}
