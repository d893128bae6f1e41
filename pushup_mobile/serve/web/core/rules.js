// The manifest's "feedback" section: counter thresholds and the fault rules (what each fault
// measures, where a rep becomes a fault or only could be better, the advice and how much),
// with the per-rep decision of pushup_mobile/form/faults.py, ported line by line (as in the
// Android core's FeedbackRules.java).

function number(value, name) {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new Error(`feedback: ${name} is not a number`);
  return value;
}

/** One row of the manifest's advice table. */
class FaultRule {
  constructor(row) {
    if (typeof row.text !== "string" || typeof row.measure !== "string" || typeof row.amount !== "string") {
      throw new Error("feedback.advice row lacks text, measure or amount");
    }
    this.text = row.text;
    this.priority = number(row.priority, "priority");
    this.measure = row.measure;
    this.above = row.beyond === "above";
    this.faultAt = number(row.fault_at, "fault_at");
    this.betterAt = number(row.better_at, "better_at");
    this.margin = number(row.margin, "margin");
    this.sideOnly = row.side_only === true;
    this.amount = row.amount;
  }

  /** value lies past limit on the fault's side, by more than margin. */
  past(value, limit, margin) {
    return this.above ? value > limit + margin : value < limit - margin;
  }

  /** value lies on the good side of limit by more than margin. */
  clearOf(value, limit, margin) {
    return this.above ? value < limit - margin : value > limit + margin;
  }

  /** The amount with the value in whole degrees, half up. */
  describe(value) {
    return this.amount.replace("{value}", String(Math.floor(Math.abs(value) + 0.5)));
  }
}

export class FeedbackRules {
  constructor(section) {
    const t = section.thresholds;
    if (typeof t !== "object" || t === null) throw new Error("feedback.thresholds is missing");
    for (const [key, name] of [["pushupOn", "pushup_on"], ["pushupOff", "pushup_off"], ["depthBottom", "depth_bottom"],
      ["depthTop", "depth_top"], ["partialDepth", "partial_depth"], ["debounceFrames", "debounce_frames"],
      ["minRepS", "min_rep_s"], ["maxRepS", "max_rep_s"], ["faultThreshold", "fault_threshold"],
      ["faultFraction", "fault_fraction"], ["resetGapS", "reset_gap_s"], ["personMemoryS", "person_memory_s"]]) {
      this[key] = number(t[name], name);
    }
    this.sideConeDeg = number(section.side_cone_deg, "side_cone_deg");
    this.cleanRep = section.clean_rep;
    if (!Array.isArray(section.advice)) throw new Error("feedback.advice is missing");
    /** fault name -> its rule, in the manifest's (the contract's) order */
    this.rules = new Map(section.advice.map((row) => [row.fault, new FaultRule(row)]));
  }

  /**
   * A rep's faults from its measured form (null without keypoints) and the share of its
   * frames on which each fault head fired (in the rules' order); shallow: the rep stopped
   * short of the bottom. -> {faults, couldImprove, notJudged, details}
   */
  decide(form, headShare, shallow) {
    const side = form?.side_angle_deg ?? null;
    const sideOn = side !== null && side <= this.sideConeDeg;
    const out = { faults: [], couldImprove: [], notJudged: [], details: [] };
    let k = 0;
    for (const [name, rule] of this.rules) {
      const share = headShare[k++];
      const value = form ? form[rule.measure] : null;
      if (form && !(rule.measure in form)) throw new Error(`unknown form measure ${rule.measure}`);
      if (shallow && name === "shallow_depth") {
        if (!(sideOn && value !== null && rule.clearOf(value, rule.betterAt, rule.margin))) {
          out.faults.push(name);
          if (value !== null) out.details.push(rule.describe(value));
        }
      } else if (rule.sideOnly && side !== null && !sideOn) {
        out.notJudged.push(name);
      } else if (value !== null && sideOn) {
        if (rule.past(value, rule.faultAt, rule.margin) || (rule.past(value, rule.betterAt, 0) && share >= this.faultFraction)) {
          out.faults.push(name);
          out.details.push(rule.describe(value));
        } else if (rule.past(value, rule.betterAt, rule.margin)) {
          out.couldImprove.push(name);
        }
      } else if (share >= this.faultFraction) {
        out.faults.push(name);
      }
    }
    return out;
  }

  /** Advice for one rep's faults, most important first; a clean rep says so. */
  adviceFor(faults) {
    if (!faults.length) return [this.cleanRep];
    return [...faults].sort((a, b) => this.rules.get(a).priority - this.rules.get(b).priority)
      .map((fault) => this.rules.get(fault).text);
  }
}
