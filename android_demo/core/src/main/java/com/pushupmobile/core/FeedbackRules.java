package com.pushupmobile.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifest's "feedback" section: counter thresholds and the fault rules (what each fault
 * measures, where a rep becomes a fault or only could be better, the advice and how much),
 * with the per-rep decision of pushup_mobile/form/faults.py ported line by line.
 */
public final class FeedbackRules {
    public final double pushupOn;
    public final double pushupOff;
    public final double depthBottom;
    public final double depthTop;
    public final double partialDepth;
    public final int debounceFrames;
    public final double minRepS;
    public final double maxRepS;
    public final double faultThreshold;
    public final double faultFraction;
    public final double resetGapS;
    /** No rep without a person: seconds a frame stage's last sighting of a person holds. */
    public final double personMemoryS;
    public final double sideConeDeg;
    public final String cleanRep;
    /** fault name -> its rule, in the manifest's (the contract's) order. */
    private final Map<String, FaultRule> rules = new LinkedHashMap<String, FaultRule>();

    /** One row of the manifest's advice table. */
    public static final class FaultRule {
        public final String text;
        public final int priority;
        public final String measure;
        public final boolean above;
        public final double faultAt;
        public final double betterAt;
        public final double margin;
        public final boolean sideOnly;
        public final String amount;

        FaultRule(Map<String, Object> row) {
            text = (String) row.get("text");
            priority = (int) Json.number(row.get("priority"), "priority");
            measure = (String) row.get("measure");
            above = "above".equals(row.get("beyond"));
            faultAt = Json.number(row.get("fault_at"), "fault_at");
            betterAt = Json.number(row.get("better_at"), "better_at");
            margin = Json.number(row.get("margin"), "margin");
            sideOnly = Boolean.TRUE.equals(row.get("side_only"));
            amount = (String) row.get("amount");
            if (text == null || measure == null || amount == null) {
                throw new IllegalArgumentException("feedback.advice row lacks text, measure or amount");
            }
        }

        /** value lies past limit on the fault's side, by more than margin. */
        boolean past(double value, double limit, double margin) {
            return above ? value > limit + margin : value < limit - margin;
        }

        /** value lies on the good side of limit by more than margin. */
        boolean clearOf(double value, double limit, double margin) {
            return above ? value < limit - margin : value > limit + margin;
        }

        /** The amount with the value in whole degrees, half up. */
        public String describe(double value) {
            return amount.replace("{value}", String.valueOf((long) Math.floor(Math.abs(value) + 0.5)));
        }
    }

    /** One rep's decision: faults advised (with how much), could be better, not judged from this view. */
    public static final class Verdict {
        public final List<String> faults = new ArrayList<String>();
        public final List<String> couldImprove = new ArrayList<String>();
        public final List<String> notJudged = new ArrayList<String>();
        public final List<String> details = new ArrayList<String>();
    }

    public FeedbackRules(Map<String, Object> section) {
        Map<String, Object> t = Json.object(section.get("thresholds"), "feedback.thresholds");
        pushupOn = Json.number(t.get("pushup_on"), "pushup_on");
        pushupOff = Json.number(t.get("pushup_off"), "pushup_off");
        depthBottom = Json.number(t.get("depth_bottom"), "depth_bottom");
        depthTop = Json.number(t.get("depth_top"), "depth_top");
        partialDepth = Json.number(t.get("partial_depth"), "partial_depth");
        debounceFrames = (int) Json.number(t.get("debounce_frames"), "debounce_frames");
        minRepS = Json.number(t.get("min_rep_s"), "min_rep_s");
        maxRepS = Json.number(t.get("max_rep_s"), "max_rep_s");
        faultThreshold = Json.number(t.get("fault_threshold"), "fault_threshold");
        faultFraction = Json.number(t.get("fault_fraction"), "fault_fraction");
        resetGapS = Json.number(t.get("reset_gap_s"), "reset_gap_s");
        personMemoryS = Json.number(t.get("person_memory_s"), "person_memory_s");
        sideConeDeg = Json.number(section.get("side_cone_deg"), "side_cone_deg");
        cleanRep = (String) section.get("clean_rep");
        for (Object row : Json.array(section.get("advice"), "feedback.advice")) {
            Map<String, Object> entry = Json.object(row, "advice row");
            rules.put((String) entry.get("fault"), new FaultRule(entry));
        }
    }

    public FaultRule rule(String fault) {
        return rules.get(fault);
    }

    /**
     * A rep's faults from its measured form (null without keypoints) and the share of its
     * frames on which each fault head fired (in the rules' order); shallow: the rep stopped
     * short of the bottom.
     */
    public Verdict decide(FormMeasure.Rep form, double[] headShare, boolean shallow) {
        boolean sideOn = form != null && form.sideAngleDeg != null && form.sideAngleDeg <= sideConeDeg;
        Verdict out = new Verdict();
        int k = 0;
        for (Map.Entry<String, FaultRule> entry : rules.entrySet()) {
            String name = entry.getKey();
            FaultRule rule = entry.getValue();
            double share = headShare[k++];
            Double value = form != null ? form.get(rule.measure) : null;
            if (shallow && name.equals("shallow_depth")) {
                if (!(sideOn && value != null && rule.clearOf(value, rule.betterAt, rule.margin))) {
                    out.faults.add(name);
                    if (value != null) out.details.add(rule.describe(value));
                }
            } else if (rule.sideOnly && form != null && form.sideAngleDeg != null && !sideOn) {
                out.notJudged.add(name);
            } else if (value != null && sideOn) {
                if (rule.past(value, rule.faultAt, rule.margin) || (rule.past(value, rule.betterAt, 0.0) && share >= faultFraction)) {
                    out.faults.add(name);
                    out.details.add(rule.describe(value));
                } else if (rule.past(value, rule.betterAt, rule.margin)) {
                    out.couldImprove.add(name);
                }
            } else if (share >= faultFraction) {
                out.faults.add(name);
            }
        }
        return out;
    }

    /** Advice for one rep's faults, most important first; a clean rep says so. */
    public List<String> adviceFor(List<String> faults) {
        List<String> out = new ArrayList<String>();
        if (faults.isEmpty()) {
            out.add(cleanRep);
            return out;
        }
        List<String> ordered = new ArrayList<String>(faults);
        Collections.sort(ordered, new Comparator<String>() {
            @Override
            public int compare(String a, String b) {
                return rules.get(a).priority - rules.get(b).priority;
            }
        });
        for (String fault : ordered) out.add(rules.get(fault).text);
        return out;
    }
}
