// The web page's live-mode core against the golden vectors Python wrote (the same files the
// Android core's JUnit tests replay): crops, tracked BlazePose streams, pose features, form
// measurements, and the rep counter's reps, verdicts and advice. Run by
// tests/serve/test_web_core.py (`node --test tests/web`).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { RepCounter } from "../../pushup_mobile/serve/web/core/counter.js";
import { anchors, BOX_VALUES } from "../../pushup_mobile/serve/web/core/detections.js";
import { PoseFeatures } from "../../pushup_mobile/serve/web/core/features.js";
import { FrameForm, MEASURES, measureFrame } from "../../pushup_mobile/serve/web/core/form.js";
import { Roi } from "../../pushup_mobile/serve/web/core/roi.js";
import { FeedbackRules } from "../../pushup_mobile/serve/web/core/rules.js";
import { BlazePoseTracker, HEATMAP_SIDE, LANDMARK_ROWS } from "../../pushup_mobile/serve/web/core/tracker.js";

const GOLDEN = fileURLToPath(new URL("../golden/", import.meta.url));

function cases(kind, atLeast) {
  const folder = join(GOLDEN, kind);
  const files = readdirSync(folder).filter((f) => f.endsWith(".json")).sort();
  assert.ok(files.length >= atLeast, `expected at least ${atLeast} ${kind} cases, found ${files.length}`);
  return files.map((f) => [f, JSON.parse(readFileSync(join(folder, f), "utf8"))]);
}

function close(where, want, got, tolerance) {
  assert.equal(got.length, want.length, `${where}: length`);
  want.forEach((w, i) => assert.ok(Math.abs(w - got[i]) <= tolerance, `${where} [${i}]: want ${w}, got ${got[i]}`));
}

test("crops match OpenCV's bilinear warp exactly", () => {
  for (const [name, g] of cases("blazepose_crop", 2)) {
    const roi = new Roi(g.roi.cx, g.roi.cy, g.roi.size, g.roi.rotation);
    close(name, g.expected, roi.crop(Uint8Array.from(g.rgb), g.height, g.width, g.side, 1, 0), 0);
  }
});

test("an RGBA frame crops as its RGB twin", () => {
  const [, g] = cases("blazepose_crop", 2)[1];
  const rgba = new Uint8Array(g.height * g.width * 4);
  for (let p = 0; p < g.height * g.width; p++) rgba.set([...g.rgb.slice(3 * p, 3 * p + 3), 255], 4 * p);
  const roi = new Roi(g.roi.cx, g.roi.cy, g.roi.size, g.roi.rotation);
  close("rgba", g.expected, roi.crop(rgba, g.height, g.width, g.side, 1, 0, 4), 0);
});

test("anchors are the detector's layout", () => {
  const a = anchors();
  assert.equal(a.length, 2 * 2254);
  assert.ok(Math.abs(a[0] - 0.5 / 28) < 1e-12);
  assert.ok(Math.abs(a[a.length - 1] - 6.5 / 7) < 1e-12);
});

/** Plays back Python's recorded model outputs in order; a call of the wrong model fails. */
class Replay {
  constructor(calls, anchorCount) {
    this.calls = calls;
    this.anchorCount = anchorCount;
    this.next = 0;
  }

  take(model, image, side) {
    assert.ok(this.next < this.calls.length, "the tracker made more model calls than Python");
    const call = this.calls[this.next++];
    assert.equal(call.model, model, `call ${this.next - 1}`);
    assert.equal(image.length, side * side * 3);
    return call;
  }

  detect(image) {
    const call = this.take("detector", image, 224);
    const boxes = new Float32Array(this.anchorCount * BOX_VALUES);
    const scores = new Float32Array(this.anchorCount).fill(-100);
    call.anchors.forEach((a, i) => {
      scores[a] = call.scores[i];
      boxes.set(call.boxes[i], a * BOX_VALUES);
    });
    return { boxes, scores };
  }

  landmarks(image) {
    const call = this.take("landmarker", image, 256);
    const heatmap = new Float32Array(HEATMAP_SIDE * HEATMAP_SIDE * LANDMARK_ROWS).fill(-100);
    for (const v of call.heatmap_windows) {
      const [k, r0, c0, h, w] = v;
      for (let r = 0; r < h; r++) {
        for (let c = 0; c < w; c++) heatmap[((r0 + r) * HEATMAP_SIDE + c0 + c) * LANDMARK_ROWS + k] = v[5 + r * w + c];
      }
    }
    return { landmarks: Float32Array.from(call.landmarks), heatmap, presence: call.presence };
  }
}

test("tracked streams give the same poses as Python", () => {
  for (const [name, g] of cases("blazepose_track", 2)) {
    const replay = new Replay(g.calls, anchors().length / 2);
    const tracker = new BlazePoseTracker(replay);
    const frame = new Uint8Array(g.height * g.width * 3); // the replayed models ignore the pixels
    g.expected.forEach((want, t) => {
      const where = `${name} frame ${t}`;
      const before = replay.next;
      const pose = tracker.track(frame, g.height, g.width);
      assert.equal(replay.next - before, want.calls, `${where} model calls`);
      assert.equal(pose.detected, want.detected, `${where} detected`);
      assert.ok(Math.abs(pose.presence - want.presence) < 1e-6, `${where} presence`);
      close(`${where} keypoints`, want.keypoints, pose.keypoints, 1e-4);
      close(`${where} visibility`, want.visibility, pose.visibility, 1e-5);
      const coco = pose.coco();
      close(`${where} COCO keypoints`, want.coco_keypoints, coco.keypoints, 1e-4);
      close(`${where} COCO visibility`, want.coco_visibility, coco.visibility, 1e-5);
    });
    assert.equal(replay.next, g.calls.length, `${name}: every recorded call replayed`);
  }
});

test("keypoint streams become the same features as in Python", () => {
  for (const [name, g] of cases("pose_features", 4)) {
    const features = new PoseFeatures();
    assert.equal(g.keypoints.length, g.expected.length);
    g.keypoints.forEach((k, t) => {
      close(`${name} frame ${t}`, g.expected[t], features.step(k, g.visibility[t], g.width, g.height), 1e-5);
    });
  }
});

test("a frame with nobody seen is all zeros and leaves the features' state alone", () => {
  const features = new PoseFeatures();
  const keypoints = Array.from({ length: 34 }, (_, i) => (i % 2 ? 0.5 : 0.3 + 0.01 * i));
  const visible = new Array(17).fill(0.9);
  const first = features.step(keypoints, visible, 640, 480);
  close("nobody", new Array(51).fill(0), features.step(keypoints, new Array(17).fill(0), 640, 480), 0);
  close("after", first, features.step(keypoints, visible, 640, 480), 1e-6);
});

test("keypoints give the same form measurements as Python", () => {
  for (const [name, g] of cases("form", 5)) {
    g.expected.forEach((want, i) => {
      const got = measureFrame(g.keypoints[i], g.visibility[i]);
      const mine = [got.hipBend, got.wristSide, got.headBend, got.elbow, got.sideAngle];
      want.forEach((w, k) => {
        const where = `${name} frame ${i} value ${k}`;
        if (w === null) assert.ok(Number.isNaN(mine[k]), `${where} should be NaN, was ${mine[k]}`);
        else assert.ok(Math.abs(w - mine[k]) < 1e-9, `${where}: want ${w}, got ${mine[k]}`);
      });
    });
  }
});

test("every golden feedback case gives the same reps, verdicts and advice", () => {
  for (const [name, g] of cases("feedback", 10)) {
    const counter = new RepCounter(new FeedbackRules(g.rules), g.faults);
    const events = [];
    for (const f of g.frames) {
      const form = f.form ? new FrameForm(...f.form.map((v) => (v === null ? NaN : v))) : null;
      const event = counter.update(f.t, f.pushup, f.depth, f.faults, form);
      if (event) events.push(event);
    }
    assert.equal(counter.count, g.expected.reps, `${name}: rep count`);
    assert.equal(events.length, g.expected.events.length, `${name}: events`);
    g.expected.events.forEach((w, i) => {
      const got = events[i];
      const where = `${name} event ${i + 1}`;
      assert.equal(got.index, w.index, where);
      assert.equal(got.counted, w.counted, `${where} counted`);
      assert.equal(got.startS, w.start_s, `${where} start`);
      assert.equal(got.bottomS, w.bottom_s, `${where} bottom`);
      assert.equal(got.endS, w.end_s, `${where} end`);
      assert.deepEqual(got.faults, w.faults, `${where} faults`);
      assert.deepEqual(got.advice, w.advice, `${where} advice`);
      assert.deepEqual(got.details, w.details, `${where} details`);
      assert.deepEqual(got.couldImprove, w.could_improve, `${where} could improve`);
      assert.deepEqual(got.notJudged, w.not_judged, `${where} not judged`);
      if (w.form === null) {
        assert.equal(got.form, null, `${where} form`);
        return;
      }
      for (const measure of MEASURES) {
        const want = w.form[measure];
        if (want === null) assert.equal(got.form[measure], null, `${where} ${measure}`);
        else assert.ok(Math.abs(got.form[measure] - want) <= 0.051, `${where} ${measure}: want ${want}, got ${got.form[measure]}`);
      }
    });
  }
});
