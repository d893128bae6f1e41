// The live session's own logic (the model and the frame stage are stand-ins here; the
// golden tests cover the real ones): the person gate, the restart after a gap, and the
// frame clock that picks camera frames at the model's rate as pushup_mobile/video.py does.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { FeedbackRules } from "../../pushup_mobile/serve/web/core/rules.js";
import { FrameClock, LiveSession } from "../../pushup_mobile/serve/web/core/session.js";

const golden = JSON.parse(readFileSync(fileURLToPath(new URL("../golden/feedback/clean_reps.json", import.meta.url)), "utf8"));

/** A model that replays the golden clean reps as logits, and counts its resets. */
function replayModel() {
  const logit = (p) => Math.log(Math.max(1e-6, p) / Math.max(1e-6, 1 - p));
  let i = 0;
  return {
    resets: 0,
    step() {
      const f = golden.frames[Math.min(i++, golden.frames.length - 1)];
      return { pushup: logit(f.pushup), depth: f.depth, faults: f.faults.map(logit) };
    },
    reset() {
      this.resets++;
    },
  };
}

function stage(seesSomeone) {
  return { prepare: () => new Float32Array(51), person: () => seesSomeone, form: () => null, reset() {} };
}

function run(session) {
  let last;
  golden.frames.forEach((f) => { last = session.push(null, 0, 0, 4, f.t); });
  return last;
}

test("with a person in view the session counts what the counter counts", () => {
  const session = new LiveSession(new FeedbackRules(golden.rules), golden.faults, stage(true), replayModel());
  assert.equal(run(session).count, golden.expected.reps);
  assert.ok(golden.expected.reps >= 2);
});

test("no rep without a person: nobody seen means no push-up", () => {
  const session = new LiveSession(new FeedbackRules(golden.rules), golden.faults, stage(false), replayModel());
  const last = run(session);
  assert.equal(last.count, 0);
  assert.equal(last.pushup, 0);
});

test("a gap in time starts the model and the stage over, the count stays", () => {
  const model = replayModel();
  const rules = new FeedbackRules(golden.rules);
  const session = new LiveSession(rules, golden.faults, stage(true), model);
  const counted = run(session).count;
  session.push(null, 0, 0, 4, golden.frames.at(-1).t + rules.resetGapS + 1);
  assert.equal(model.resets, 1);
  assert.equal(session.counter.count, counted);
});

test("the frame clock keeps every other frame of 30 fps and every frame of 15 or 10 fps", () => {
  const kept = (fps, seconds) => {
    const clock = new FrameClock(15);
    let n = 0;
    for (let i = 0; i < fps * seconds; i++) n += clock.keep(i / fps, 1 / fps) ? 1 : 0;
    return n;
  };
  assert.equal(kept(30, 4), 60);
  assert.equal(kept(15, 4), 60);
  assert.equal(kept(10, 4), 40);
});
