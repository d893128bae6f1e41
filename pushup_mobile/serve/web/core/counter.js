// The streaming rep counter, a line-by-line port of pushup_mobile/feedback/counter.py (as in
// the Android core's RepCounter.java): hysteresis on depth gated by the push-up probability,
// with debounce and duration limits; each ended rep judged from its measured form (when the
// model sees keypoints) and its fault heads. tests/golden/feedback holds all three to the
// same reps, verdicts and advice.

import { summariseRep, TOP_FRAMES } from "./form.js";

export class RepCounter {
  constructor(rules, faultNames) {
    this.rules = rules;
    this.faultNames = [...faultNames];
    this.count = 0;
    this.reset();
  }

  /** Forget the rep in progress and the gate (the count stays). */
  reset() {
    this.active = false;
    this.down = false;
    this.rep = null;
    this.lastTopS = null;
    this.lastT = null;
    this.gateRun = 0;
    this.downRun = 0;
    this.upRun = 0;
    /** Frames at the top before a rep begins (form, depth): where its lockout shows. */
    this.topForms = [];
    this.topDepths = [];
  }

  /** Feed one frame (probabilities, not logits; form null without keypoints); returns the rep it ends, or null. */
  update(t, pushup, depth, faults, form = null) {
    if (this.lastT !== null && t - this.lastT > this.rules.resetGapS) this.reset();
    this.lastT = t;
    this.updateGate(pushup);
    if (!this.active) {
      this.down = false;
      this.rep = null;
      this.downRun = 0;
      this.upRun = 0;
      this.topForms = [];
      this.topDepths = [];
      return null;
    }
    return this.down ? this.whileDown(t, depth, faults, form) : this.whileUp(t, depth, faults, form);
  }

  updateGate(pushup) {
    const crossing = this.active ? pushup < this.rules.pushupOff : pushup >= this.rules.pushupOn;
    this.gateRun = crossing ? this.gateRun + 1 : 0;
    if (this.gateRun >= this.rules.debounceFrames) {
      this.active = !this.active;
      this.gateRun = 0;
    }
  }

  whileUp(t, depth, faults, form) {
    const r = this.rules;
    if (depth <= r.depthTop) this.lastTopS = t;
    if (this.rep === null && this.lastTopS !== null && depth > r.depthTop) {
      this.rep = { startS: this.lastTopS, bottomS: t, bottomDepth: depth, frames: 0,
        faultFrames: new Array(this.faultNames.length).fill(0), forms: [...this.topForms], depths: [...this.topDepths],
        bottomForm: 0 };
      this.topForms = [];
      this.topDepths = [];
    }
    if (this.rep === null) {
      if (form !== null && depth <= r.depthTop) {
        this.topForms.push(form);
        this.topDepths.push(depth);
        if (this.topForms.length > TOP_FRAMES) {
          this.topForms.shift();
          this.topDepths.shift();
        }
      }
    } else {
      this.accumulate(t, depth, faults, form);
      if (depth <= r.depthTop) {
        const done = this.rep;
        this.rep = null;
        const duration = t - done.startS;
        if (done.bottomDepth >= r.partialDepth && duration >= r.minRepS && duration <= r.maxRepS) {
          return this.event(done, t, false);
        }
        return null;
      }
    }
    this.downRun = depth >= r.depthBottom ? this.downRun + 1 : 0;
    if (this.downRun >= r.debounceFrames && this.rep !== null) {
      this.down = true;
      this.downRun = 0;
    }
    return null;
  }

  whileDown(t, depth, faults, form) {
    this.accumulate(t, depth, faults, form);
    this.upRun = depth <= this.rules.depthTop ? this.upRun + 1 : 0;
    if (this.upRun < this.rules.debounceFrames) return null;
    const done = this.rep;
    this.rep = null;
    this.down = false;
    this.upRun = 0;
    this.lastTopS = t;
    const duration = t - done.startS;
    if (duration < this.rules.minRepS || duration > this.rules.maxRepS) return null;
    this.count++;
    return this.event(done, t, true);
  }

  /** The ended rep's verdict; a rep that stopped short is a depth fault by definition. */
  event(done, t, counted) {
    const share = done.faultFrames.map((n) => (done.frames > 0 ? n / done.frames : 0));
    const measured = done.forms.length ? summariseRep(done.forms, done.depths, done.bottomForm, this.rules.depthTop) : null;
    const verdict = this.rules.decide(measured, share, !counted);
    return { index: counted ? this.count : 0, startS: done.startS, bottomS: done.bottomS, endS: t, counted,
      faults: verdict.faults, advice: this.rules.adviceFor(verdict.faults), details: verdict.details,
      couldImprove: verdict.couldImprove, notJudged: verdict.notJudged, form: measured };
  }

  accumulate(t, depth, faults, form) {
    const rep = this.rep;
    rep.frames++;
    if (form !== null) {
      rep.forms.push(form);
      rep.depths.push(depth);
    }
    if (depth > rep.bottomDepth) {
      rep.bottomDepth = depth;
      rep.bottomS = t;
      rep.bottomForm = Math.max(0, rep.forms.length - 1);
    }
    faults.forEach((p, k) => {
      if (p >= this.rules.faultThreshold) rep.faultFrames[k]++;
    });
  }
}
