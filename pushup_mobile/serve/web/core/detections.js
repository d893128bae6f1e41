// BlazePose's person detector, after the model: SSD anchors, box decoding and MediaPipe's
// weighted non-max suppression with the options of pose_detection_cpu.pbtxt. A port of
// pushup_mobile/pose/anchors.py (and of the Android core's PoseDetections.java).

export const INPUT_SIZE = 224;
const STRIDES = [8, 16, 32, 32, 32];
const ANCHORS_PER_CELL_PER_LAYER = 2;
export const NUM_KEYPOINTS = 4;
/** Raw values per anchor: box centre and size, then the keypoints. */
export const BOX_VALUES = 4 + 2 * NUM_KEYPOINTS;
const SCORE_CLIP = 100.0;
export const MIN_SCORE = 0.5;
const NMS_IOU = 0.3;

export function sigmoid(logit) {
  return 1 / (1 + Math.exp(-logit));
}

/** Anchor centres as [x0, y0, x1, y1, ...] in 0..1, in the order of the model's outputs. */
export function anchors() {
  const centres = [];
  let i = 0;
  while (i < STRIDES.length) {
    const stride = STRIDES[i];
    let layers = 0;
    while (i < STRIDES.length && STRIDES[i] === stride) {
      layers++;
      i++;
    }
    const cells = Math.floor((INPUT_SIZE + stride - 1) / stride);
    for (let y = 0; y < cells; y++) {
      for (let x = 0; x < cells; x++) {
        for (let k = 0; k < ANCHORS_PER_CELL_PER_LAYER * layers; k++) centres.push((x + 0.5) / cells, (y + 0.5) / cells);
      }
    }
  }
  return Float64Array.from(centres);
}

/** Raw outputs (boxes [A * 12], score logits [A]) -> the detections scoring at least minScore. */
export function decode(rawBoxes, rawScores, anchorCentres, minScore = MIN_SCORE) {
  const count = anchorCentres.length / 2;
  if (rawBoxes.length !== count * BOX_VALUES || rawScores.length !== count) {
    throw new Error(`detector outputs do not match ${count} anchors`);
  }
  const out = [];
  for (let a = 0; a < count; a++) {
    const score = sigmoid(Math.max(-SCORE_CLIP, Math.min(SCORE_CLIP, rawScores[a])));
    if (score < minScore) continue;
    const ax = anchorCentres[2 * a];
    const ay = anchorCentres[2 * a + 1];
    const o = a * BOX_VALUES;
    const mx = ax + rawBoxes[o] / INPUT_SIZE;
    const my = ay + rawBoxes[o + 1] / INPUT_SIZE;
    const hw = rawBoxes[o + 2] / INPUT_SIZE / 2;
    const hh = rawBoxes[o + 3] / INPUT_SIZE / 2;
    const keypoints = [];
    for (let k = 0; k < 2 * NUM_KEYPOINTS; k++) keypoints.push((k % 2 === 0 ? ax : ay) + rawBoxes[o + 4 + k] / INPUT_SIZE);
    out.push({ box: [mx - hw, my - hh, mx + hw, my + hh], keypoints, score });
  }
  return out;
}

function area(b) {
  return Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
}

function iou(a, b) {
  const w = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const h = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = w * h;
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / Math.max(union, 1e-12) : 0;
}

/**
 * MediaPipe's weighted NMS: each cluster (IoU above the threshold with its best member)
 * becomes one detection, box and keypoints the score-weighted mean, score the best's.
 */
export function weightedNms(detections) {
  let queue = [...detections].sort((a, b) => b.score - a.score); // stable, best first
  const out = [];
  while (queue.length) {
    const best = queue[0];
    const members = [];
    const rest = [];
    queue.forEach((d, i) => (i === 0 || iou(best.box, d.box) > NMS_IOU ? members : rest).push(d));
    const total = members.reduce((sum, d) => sum + d.score, 0);
    const box = [0, 0, 0, 0];
    const keypoints = new Array(2 * NUM_KEYPOINTS).fill(0);
    for (const d of members) {
      const w = d.score / total;
      for (let k = 0; k < 4; k++) box[k] += w * d.box[k];
      for (let k = 0; k < keypoints.length; k++) keypoints[k] += w * d.keypoints[k];
    }
    out.push({ box, keypoints, score: best.score });
    queue = rest;
  }
  return out;
}
