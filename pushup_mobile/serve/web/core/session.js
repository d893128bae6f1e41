// One live stream, as Python's StreamingSession (pushup_mobile/runtime/session.py) and the
// app's FramePipeline run it: the frame stage the manifest asks for, the step model with its
// state, the rep counter; everything starts over after a gap in time, and no frame is a
// push-up while the stage has seen nobody for the rules' person memory. FrameClock keeps the
// camera frames nearest the model's frame rate, as pushup_mobile/video.py does for files.

import { RepCounter } from "./counter.js";

const sigmoid = (x) => 1 / (1 + Math.exp(-x));

/**
 * `stage`: {prepare(pixels, height, width, channels) -> the model's frame input, person() ->
 * true/false, form() -> the frame's FrameForm or null, reset()}; `model`: {step(frame) ->
 * {pushup, depth, faults} (logits for pushup and faults), reset()}.
 */
export class LiveSession {
  constructor(rules, faultNames, stage, model) {
    this.rules = rules;
    this.faultNames = faultNames;
    this.stage = stage;
    this.model = model;
    this.counter = new RepCounter(rules, faultNames);
    this.lastT = null;
    this.personT = null;
  }

  /** Start over after a gap: zero state, a fresh stage, no rep in progress (the count stays). */
  restart() {
    this.model.reset();
    this.stage.reset();
    this.counter.reset();
    this.personT = null;
  }

  /** One camera frame at t seconds -> {t, pushup, depth, faults, rep, count}. */
  push(pixels, height, width, channels, t) {
    if (this.lastT !== null && t - this.lastT > this.rules.resetGapS) this.restart();
    this.lastT = t;
    const out = this.model.step(this.stage.prepare(pixels, height, width, channels));
    if (this.stage.person() !== false) this.personT = t; // a stage that cannot tell does not gate
    const seen = this.personT !== null && t - this.personT <= this.rules.personMemoryS;
    const pushup = seen ? sigmoid(out.pushup) : 0;
    const faults = Array.from(out.faults, sigmoid);
    const rep = this.counter.update(t, pushup, out.depth, faults, this.stage.form());
    return { t, pushup, depth: out.depth, faults, rep, count: this.counter.count };
  }
}

/** Which camera frames the model sees: the one nearest each tick of its clock (video.py's rule). */
export class FrameClock {
  constructor(fps) {
    this.fps = fps;
    this.nextTick = 0;
  }

  /** A frame at t seconds, frameInterval after the previous one: keep it? */
  keep(t, frameInterval) {
    if (t + 0.5 * frameInterval < this.nextTick) return false;
    this.nextTick = Math.max(this.nextTick + 1 / this.fps, (Math.floor(t * this.fps) + 1) / this.fps);
    return true;
  }
}
