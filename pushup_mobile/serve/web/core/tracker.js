// BlazePose as MediaPipe's pose pipeline runs it, around its two models: detect once, then
// track with the ROI the landmark model's auxiliary points give, and detect again when the
// pose-presence score drops below MIN_PRESENCE. A port of BlazePose in
// pushup_mobile/pose/blazepose.py (and of the Android core's BlazePoseTracker.java); the
// models stay outside (the page runs them with the TFLite runtime), so the golden streams in
// tests/golden/blazepose_track replay Python's recorded model outputs through it.

import { anchors, BOX_VALUES, decode, INPUT_SIZE as DETECTOR_SIZE, MIN_SCORE, sigmoid, weightedNms } from "./detections.js";
import { Roi } from "./roi.js";

export { DETECTOR_SIZE };
export const LANDMARK_SIZE = 256;
export const LANDMARK_ROWS = 39;
export const LANDMARK_VALUES = 5;
export const HEATMAP_SIDE = LANDMARK_SIZE / 4;
export const BODY = 33;
const AUX_HIP = 33;
const AUX_TOWARDS = 34;
export const MIN_PRESENCE = 0.5;
const HEATMAP_KERNEL = 7;
const HEATMAP_MIN_CONFIDENCE = 0.5;
/** For each of the 17 COCO joints (nose, eyes, ears, shoulders, elbows, wrists, hips, knees, ankles), its BlazePose index. */
export const TO_COCO = [0, 2, 5, 7, 8, 11, 12, 13, 14, 15, 16, 23, 24, 25, 26, 27, 28];

/**
 * One frame's pose: 33 keypoints [x0, y0, ...] in 0..1 of the frame, visibility, presence,
 * and whether the detector ran.
 */
export class Pose {
  constructor(keypoints, visibility, presence, detected) {
    this.keypoints = keypoints;
    this.visibility = visibility;
    this.presence = presence;
    this.detected = detected;
  }

  /** The 17 COCO joints as the features take them, every joint invisible when presence is
   * below MIN_PRESENCE (as observation() in pose/stream.py). */
  coco() {
    const points = new Float32Array(2 * TO_COCO.length);
    const seen = new Float32Array(TO_COCO.length);
    TO_COCO.forEach((b, j) => {
      points[2 * j] = this.keypoints[2 * b];
      points[2 * j + 1] = this.keypoints[2 * b + 1];
      seen[j] = this.presence < MIN_PRESENCE ? 0 : this.visibility[b];
    });
    return { keypoints: points, visibility: seen };
  }
}

/**
 * `models.detect(image)` takes the [224, 224, 3] crop in -1..1 and returns
 * {boxes: [A * 12], scores: [A]}; `models.landmarks(image)` takes the [256, 256, 3] crop in
 * 0..1 and returns {landmarks: [39 * 5], heatmap: [64 * 64 * 39], presence}. One tracker per
 * stream, reset() between streams.
 */
export class BlazePoseTracker {
  constructor(models) {
    this.models = models;
    this.anchors = anchors();
    this.roi = null;
  }

  /** Forget the track: the next frame runs the detector. */
  reset() {
    this.roi = null;
  }

  /** An RGB(A) frame (`channels` values per pixel) -> its Pose. */
  track(pixels, height, width, channels = 3) {
    const detected = this.roi === null;
    const here = detected ? this.detect(pixels, height, width, channels) : this.roi;
    if (here === null) return new Pose(new Float32Array(2 * BODY), new Float32Array(BODY), 0, true);
    const crop = here.crop(pixels, height, width, LANDMARK_SIZE, 1 / 255, 0, channels);
    const { landmarks, heatmap, presence } = this.models.landmarks(crop);
    const inFrame = refine(landmarks, heatmap).map(([u, v]) => here.toFrame(u, v));
    const keypoints = new Float32Array(2 * BODY);
    const visibility = new Float32Array(BODY);
    for (let k = 0; k < BODY; k++) {
      keypoints[2 * k] = inFrame[k][0] / width;
      keypoints[2 * k + 1] = inFrame[k][1] / height;
      visibility[k] = sigmoid(landmarks[k * LANDMARK_VALUES + 3]);
    }
    this.roi = presence >= MIN_PRESENCE
      ? Roi.aligned(inFrame[AUX_HIP][0], inFrame[AUX_HIP][1], inFrame[AUX_TOWARDS][0], inFrame[AUX_TOWARDS][1])
      : null;
    return new Pose(keypoints, visibility, presence, detected);
  }

  /** The best-scoring person's ROI in the letterboxed frame, or null when nobody scores enough. */
  detect(pixels, height, width, channels = 3) {
    const box = Roi.wholeFrame(width, height);
    const { boxes, scores } = this.models.detect(box.crop(pixels, height, width, DETECTOR_SIZE, 1 / 127.5, -1, channels));
    if (boxes.length !== scores.length * BOX_VALUES) throw new Error("detector outputs do not match its anchors");
    const people = weightedNms(decode(boxes, scores, this.anchors, MIN_SCORE));
    if (!people.length) return null;
    const k = people[0].keypoints;
    const hip = box.toFrame(k[0], k[1]);
    const towards = box.toFrame(k[2], k[3]);
    return Roi.aligned(hip[0], hip[1], towards[0], towards[1]);
  }
}

/**
 * Landmarks in 0..1 of the crop, each moved to the confidence-weighted mean cell of its
 * heatmap window when that window is confident (MediaPipe's arithmetic: cell indices
 * without the half-cell offset, kept for parity).
 */
export function refine(landmarks, heatmap) {
  const half = (HEATMAP_KERNEL - 1) / 2;
  const out = [];
  for (let k = 0; k < LANDMARK_ROWS; k++) {
    const x = landmarks[k * LANDMARK_VALUES] / LANDMARK_SIZE;
    const y = landmarks[k * LANDMARK_VALUES + 1] / LANDMARK_SIZE;
    out.push([x, y]);
    const col = Math.trunc(x * HEATMAP_SIDE); // towards zero, as Python's int()
    const row = Math.trunc(y * HEATMAP_SIDE);
    if (col < 0 || row < 0 || col >= HEATMAP_SIDE || row >= HEATMAP_SIDE) continue;
    let best = 0, sum = 0, sx = 0, sy = 0;
    for (let r = Math.max(0, row - half); r <= Math.min(HEATMAP_SIDE - 1, row + half); r++) {
      for (let c = Math.max(0, col - half); c <= Math.min(HEATMAP_SIDE - 1, col + half); c++) {
        const w = sigmoid(heatmap[(r * HEATMAP_SIDE + c) * LANDMARK_ROWS + k]);
        best = Math.max(best, w);
        sum += w;
        sx += c * w;
        sy += r * w;
      }
    }
    if (best >= HEATMAP_MIN_CONFIDENCE) out[k] = [sx / HEATMAP_SIDE / sum, sy / HEATMAP_SIDE / sum];
  }
  return out;
}
