// The pose family's model input: 17 COCO keypoints (0..1 of the frame) and their visibility
// -> 51 features (x, y, visibility per joint), centred on the hips, scaled by a smoothed
// torso length and mirrored so the head lies on the +x side. A port of
// pushup_mobile/pose/features.py (and of the Android core's PoseFeatures.java), checked on
// tests/golden/pose_features. One instance per stream: it carries the running torso length,
// the last hip centre and the mirror side between frames; reset() between streams.

export const JOINTS = 17;
export const FEATURES = JOINTS * 3;
const VISIBLE = 0.5;
const SCALE_SMOOTHING = 0.3;
const MIN_SCALE = 0.02;
const BREADTH_PER_TORSO = 0.8;
const SPAN_PER_TORSO = 3.0;
const MIRROR_MARGIN = 0.25;
const LIMIT = 5.0;
const HEAD = [0, 1, 2, 3, 4];
const SHOULDERS = [5, 6];
const HIPS = [11, 12];
const ALL = [...Array(JOINTS).keys()];
/** Index permutation exchanging every left joint with its right twin. */
const SWAP = [0, 2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11, 14, 13, 16, 15];

const clip = (v, limit) => Math.max(-limit, Math.min(limit, v));

/** Mean of the visible ones among `joints`, or null when none is. */
function meanVisible(p, seen, joints) {
  let x = 0, y = 0, n = 0;
  for (const j of joints) {
    if (!seen[j]) continue;
    x += p[j][0];
    y += p[j][1];
    n++;
  }
  return n === 0 ? null : [x / n, y / n];
}

/** Shoulder midpoint to hip midpoint, guarded by the shoulder breadth; NaN if neither. */
function torsoLength(p, seen) {
  const shoulders = meanVisible(p, seen, SHOULDERS);
  const hips = meanVisible(p, seen, HIPS);
  const trunk = shoulders === null || hips === null ? NaN : Math.hypot(shoulders[0] - hips[0], shoulders[1] - hips[1]);
  const breadth = seen[5] && seen[6] ? Math.hypot(p[5][0] - p[6][0], p[5][1] - p[6][1]) / BREADTH_PER_TORSO : NaN;
  if (Number.isNaN(trunk)) return breadth;
  if (Number.isNaN(breadth)) return trunk;
  return Math.max(trunk, breadth);
}

/** The larger of the visible joints' x and y extents. */
function span(p, seen) {
  const lo = [Infinity, Infinity];
  const hi = [-Infinity, -Infinity];
  for (let j = 0; j < JOINTS; j++) {
    if (!seen[j]) continue;
    for (let a = 0; a < 2; a++) {
      lo[a] = Math.min(lo[a], p[j][a]);
      hi[a] = Math.max(hi[a], p[j][a]);
    }
  }
  return Math.max(hi[0] - lo[0], hi[1] - lo[1]);
}

export class PoseFeatures {
  constructor() {
    this.reset();
  }

  reset() {
    this.scale = null;
    this.centre = null;
    this.mirrored = false;
  }

  /** One frame: keypoints [x0, y0, ...] (0..1 of a width x height frame), visibility per joint -> Float32Array(51). */
  step(keypoints, visibility, width, height) {
    if (keypoints.length !== 2 * JOINTS || visibility.length !== JOINTS) {
      throw new Error("expected 17 keypoints and 17 visibility scores");
    }
    const long = Math.max(width, height);
    const p = ALL.map((j) => [keypoints[2 * j] * (width / long), keypoints[2 * j + 1] * (height / long)]);
    const seen = ALL.map((j) => visibility[j] >= VISIBLE);
    const out = new Float32Array(FEATURES);
    if (!seen.some(Boolean)) return out; // nothing seen: zero features, state unchanged
    const hips = meanVisible(p, seen, HIPS);
    const upper = meanVisible(p, seen, HEAD) ?? meanVisible(p, seen, SHOULDERS);
    let measured = torsoLength(p, seen);
    if (Number.isNaN(measured) && this.scale === null) measured = span(p, seen) / SPAN_PER_TORSO;
    let running;
    if (Number.isNaN(measured)) running = this.scale;
    else running = this.scale === null ? measured : this.scale + SCALE_SMOOTHING * (measured - this.scale);
    running = Math.max(running, MIN_SCALE);
    const here = hips ?? this.centre ?? meanVisible(p, seen, ALL);
    if (hips !== null && upper !== null) {
      const dx = (upper[0] - hips[0]) / running;
      if (dx < -MIRROR_MARGIN) this.mirrored = true;
      else if (dx > MIRROR_MARGIN) this.mirrored = false;
    }
    this.scale = running;
    if (hips !== null) this.centre = hips;
    for (let j = 0; j < JOINTS; j++) {
      const from = this.mirrored ? SWAP[j] : j;
      const score = visibility[from];
      out[3 * j + 2] = Math.min(1, Math.max(0, score));
      if (score < VISIBLE) continue; // missing joint: its position stays zero, its score is kept
      const x = clip((p[from][0] - here[0]) / running, LIMIT);
      const y = clip((p[from][1] - here[1]) / running, LIMIT);
      out[3 * j] = this.mirrored ? -x : x;
      out[3 * j + 1] = y;
    }
    return out;
  }
}
