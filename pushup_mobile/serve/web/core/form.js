// Form measured in a coach's units, a port of pushup_mobile/form/measure.py (and of the
// Android core's FormMeasure.java): one frame's COCO-17 keypoints (pixels) -> its raw angles,
// one rep's frames -> its form. tests/golden/form and tests/golden/feedback hold all three to
// the same numbers.

const VISIBLE = 0.5;
const BREADTH_PER_TORSO = 0.8;
const MIN_FLOOR_SIDE = 0.1;
const MIN_FRAMES = 3;
export const TOP_FRAMES = 8;
const BOTTOM_BAND = 0.1;
const STRAIGHT_LEGS = 30.0;
const L_EAR = 3, L_SHOULDER = 5, L_ELBOW = 7, L_WRIST = 9, L_HIP = 11, L_KNEE = 13, L_ANKLE = 15;
const DEGREES = 180 / Math.PI;

/** The measures a fault rule may read, by their manifest names. */
export const MEASURES = ["body_line_deg", "bottom_elbow_deg", "top_elbow_deg", "head_deg", "side_angle_deg"];

/** One frame's raw measurements (NaN where the keypoints do not allow one). */
export class FrameForm {
  constructor(hipBend, wristSide, headBend, elbow, sideAngle) {
    Object.assign(this, { hipBend, wristSide, headBend, elbow, sideAngle });
  }
}

/** Visibility-weighted midpoint of the visible joints of a left/right pair, or null. */
function mid(points, visibility, left) {
  let total = 0, x = 0, y = 0;
  for (let index = left; index <= left + 1; index++) {
    const v = visibility[index];
    if (v >= VISIBLE) {
      total += v;
      x += v * points[index][0];
      y += v * points[index][1];
    }
  }
  return total === 0 ? null : [x / total, y / total];
}

const turn = (ax, ay, bx, by) => Math.abs(Math.atan2(ax * by - ay * bx, ax * bx + ay * by) * DEGREES);
const sign = (value) => (value >= 0 ? 1 : -1);

function elbow(points, visibility) {
  let best = 0, angle = NaN;
  for (let side = 0; side < 2; side++) {
    const s = L_SHOULDER + side, e = L_ELBOW + side, w = L_WRIST + side;
    const seen = Math.min(visibility[s], visibility[e], visibility[w]);
    if (seen >= VISIBLE && seen > best) {
      best = seen;
      angle = 180 - turn(points[e][0] - points[s][0], points[e][1] - points[s][1],
        points[w][0] - points[e][0], points[w][1] - points[e][1]);
    }
  }
  return angle;
}

function lineEnd(points, visibility, hip) {
  const knee = mid(points, visibility, L_KNEE);
  const ankle = mid(points, visibility, L_ANKLE);
  if (hip === null || knee === null || ankle === null) return knee === null ? ankle : knee;
  const bend = turn(knee[0] - hip[0], knee[1] - hip[1], ankle[0] - knee[0], ankle[1] - knee[1]);
  return bend <= STRAIGHT_LEGS ? ankle : knee;
}

/** Keypoints [[x, y] x 17] in pixels (x right, y down) and their visibility [17] -> FrameForm. */
export function measureFrame(points, visibility) {
  const shoulder = mid(points, visibility, L_SHOULDER);
  const hip = mid(points, visibility, L_HIP);
  const ankle = lineEnd(points, visibility, hip);
  const elbowAngle = elbow(points, visibility);
  if (shoulder === null || hip === null) return new FrameForm(NaN, NaN, NaN, elbowAngle, NaN);
  const torsoX = shoulder[0] - hip[0], torsoY = shoulder[1] - hip[1];
  const torso = Math.hypot(torsoX, torsoY);
  const both = Math.min(visibility[L_SHOULDER], visibility[L_SHOULDER + 1]) >= VISIBLE;
  const apart = both ? Math.hypot(points[L_SHOULDER][0] - points[L_SHOULDER + 1][0],
    points[L_SHOULDER][1] - points[L_SHOULDER + 1][1]) : 0;
  const sideAngle = torso > 0 || apart > 0 ? Math.atan2(apart / BREADTH_PER_TORSO, torso) * DEGREES : NaN;
  let hipBend = NaN, wristSide = NaN, headBend = NaN;
  if (ankle !== null && torso > 0) {
    const lineX = ankle[0] - shoulder[0], lineY = ankle[1] - shoulder[1];
    const length = Math.hypot(lineX, lineY);
    if (length > 0) {
      const nx = -lineY / length, ny = lineX / length;
      const offset = (hip[0] - shoulder[0]) * nx + (hip[1] - shoulder[1]) * ny;
      hipBend = sign(offset) * turn(hip[0] - shoulder[0], hip[1] - shoulder[1], ankle[0] - hip[0], ankle[1] - hip[1]);
      const wrist = mid(points, visibility, L_WRIST);
      if (wrist !== null) wristSide = ((wrist[0] - shoulder[0]) * nx + (wrist[1] - shoulder[1]) * ny) / torso;
      const ear = mid(points, visibility, L_EAR);
      if (ear !== null) {
        const away = (ear[0] - shoulder[0]) * nx + (ear[1] - shoulder[1]) * ny;
        headBend = sign(away) * turn(torsoX, torsoY, ear[0] - shoulder[0], ear[1] - shoulder[1]);
      }
    }
  }
  return new FrameForm(hipBend, wristSide, headBend, elbowAngle, sideAngle);
}

/** The tracker's flat keypoints [34] (x, y in 0..1 of the frame) in a width x height frame. */
export function measureKeypoints(keypoints, visibility, width, height) {
  const points = Array.from(visibility, (_, j) => [keypoints[2 * j] * width, keypoints[2 * j + 1] * height]);
  return measureFrame(points, Array.from(visibility));
}

/** The q quantile of the finite values (nearest rank, index floor(q (n - 1) + 0.5)), or null with too few. */
export function quantile(values, q) {
  const kept = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (kept.length < MIN_FRAMES) return null;
  return kept[Math.floor(q * (kept.length - 1) + 0.5)];
}

/** A rep's frames (top frames before it, down to index bottom, back up) and their depths -> its form,
 * keyed by the manifest's measure names (null where the frames do not allow a measure). */
export function summariseRep(frames, depths, bottom, topAt) {
  const values = (list, key) => list.map((f) => f[key]);
  const floor = quantile(values(frames, "wristSide"), 0.5);
  const side = floor === null || Math.abs(floor) < MIN_FLOOR_SIDE ? 0 : sign(floor);
  const deepest = depths.length ? Math.max(...depths) : 0;
  const top = [], low = [], descent = [];
  frames.forEach((f, i) => {
    const d = depths[i];
    if (i <= bottom && d <= topAt) top.push(f);
    if (d >= deepest - BOTTOM_BAND) low.push(f);
    if (i <= bottom && d > topAt) descent.push(f);
  });
  let bodyLine = null, head = null;
  if (side !== 0) {
    const line = quantile(values(frames, "hipBend"), 0.5);
    bodyLine = line === null ? null : -side * line;
    const moving = quantile(values(descent, "headBend"), 0.5);
    const resting = quantile(values(top, "headBend"), 0.5);
    head = moving === null || resting === null ? null : -side * (moving - resting);
  }
  return {
    body_line_deg: bodyLine,
    bottom_elbow_deg: quantile(values(low, "elbow"), 0.1),
    top_elbow_deg: quantile(values(top, "elbow"), 0.9),
    head_deg: head,
    side_angle_deg: quantile(values(frames, "sideAngle"), 0.5),
  };
}
