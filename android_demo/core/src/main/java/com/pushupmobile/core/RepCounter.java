package com.pushupmobile.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The streaming rep counter, a line-by-line port of pushup_mobile/feedback/counter.py:
 * hysteresis on depth gated by the push-up probability, with debounce and duration limits;
 * each ended rep judged from its measured form (when the model sees keypoints) and its fault
 * heads. The golden vectors in tests/golden/feedback hold both to the same behaviour.
 */
public final class RepCounter {
    private final FeedbackRules rules;
    private final List<String> faultNames;
    private int count;
    private boolean active;
    private boolean down;
    private Rep rep;
    private Double lastTopS;
    private Double lastT;
    private int gateRun;
    private int downRun;
    private int upRun;
    /** Frames at the top before a rep begins (form, depth): where its lockout shows. */
    private final ArrayDeque<FormMeasure.Frame> topForms = new ArrayDeque<FormMeasure.Frame>();
    private final ArrayDeque<Double> topDepths = new ArrayDeque<Double>();

    private static final class Rep {
        final double startS;
        double bottomS;
        double bottomDepth;
        int frames;
        final int[] faultFrames;
        final List<FormMeasure.Frame> forms = new ArrayList<FormMeasure.Frame>();
        final List<Double> depths = new ArrayList<Double>();
        int bottomForm;

        Rep(double startS, double bottomS, double bottomDepth, int faults) {
            this.startS = startS;
            this.bottomS = bottomS;
            this.bottomDepth = bottomDepth;
            this.faultFrames = new int[faults];
        }
    }

    public RepCounter(FeedbackRules rules, List<String> faultNames) {
        this.rules = rules;
        this.faultNames = new ArrayList<String>(faultNames);
        reset();
    }

    public int count() {
        return count;
    }

    /** Forget the rep in progress and the gate (the count stays). */
    public void reset() {
        active = false;
        down = false;
        rep = null;
        lastTopS = null;
        lastT = null;
        gateRun = 0;
        downRun = 0;
        upRun = 0;
        topForms.clear();
        topDepths.clear();
    }

    /** A frame without keypoints (the pixel family): the fault heads alone judge the rep. */
    public RepEvent update(double t, double pushup, double depth, double[] faults) {
        return update(t, pushup, depth, faults, null);
    }

    /** Feed one frame (probabilities, not logits; form null without keypoints); returns the rep it ends, or null. */
    public RepEvent update(double t, double pushup, double depth, double[] faults, FormMeasure.Frame form) {
        if (lastT != null && t - lastT > rules.resetGapS) {
            reset();
        }
        lastT = t;
        updateGate(pushup);
        if (!active) {
            down = false;
            rep = null;
            downRun = 0;
            upRun = 0;
            topForms.clear();
            topDepths.clear();
            return null;
        }
        if (!down) {
            return whileUp(t, depth, faults, form);
        }
        return whileDown(t, depth, faults, form);
    }

    private void updateGate(double pushup) {
        boolean crossing = active ? pushup < rules.pushupOff : pushup >= rules.pushupOn;
        gateRun = crossing ? gateRun + 1 : 0;
        if (gateRun >= rules.debounceFrames) {
            active = !active;
            gateRun = 0;
        }
    }

    private RepEvent whileUp(double t, double depth, double[] faults, FormMeasure.Frame form) {
        if (depth <= rules.depthTop) {
            lastTopS = t;
        }
        if (rep == null && lastTopS != null && depth > rules.depthTop) {
            rep = new Rep(lastTopS, t, depth, faultNames.size());
            rep.forms.addAll(topForms);
            rep.depths.addAll(topDepths);
            topForms.clear();
            topDepths.clear();
        }
        if (rep == null) {
            if (form != null && depth <= rules.depthTop) {
                topForms.addLast(form);
                topDepths.addLast(depth);
                if (topForms.size() > FormMeasure.TOP_FRAMES) {
                    topForms.removeFirst();
                    topDepths.removeFirst();
                }
            }
        } else {
            accumulate(t, depth, faults, form);
            if (depth <= rules.depthTop) {
                Rep done = rep;
                rep = null;
                double duration = t - done.startS;
                if (done.bottomDepth >= rules.partialDepth && duration >= rules.minRepS && duration <= rules.maxRepS) {
                    return event(done, t, false);
                }
                return null;
            }
        }
        downRun = depth >= rules.depthBottom ? downRun + 1 : 0;
        if (downRun >= rules.debounceFrames && rep != null) {
            down = true;
            downRun = 0;
        }
        return null;
    }

    private RepEvent whileDown(double t, double depth, double[] faults, FormMeasure.Frame form) {
        accumulate(t, depth, faults, form);
        upRun = depth <= rules.depthTop ? upRun + 1 : 0;
        if (upRun < rules.debounceFrames) {
            return null;
        }
        Rep done = rep;
        rep = null;
        down = false;
        upRun = 0;
        lastTopS = t;
        double duration = t - done.startS;
        if (duration < rules.minRepS || duration > rules.maxRepS) {
            return null;
        }
        count++;
        return event(done, t, true);
    }

    /** The ended rep's verdict; a rep that stopped short is a depth fault by definition. */
    private RepEvent event(Rep done, double t, boolean counted) {
        double[] share = new double[faultNames.size()];
        for (int k = 0; k < share.length; k++) {
            share[k] = done.frames > 0 ? (double) done.faultFrames[k] / done.frames : 0.0;
        }
        FormMeasure.Rep measured = done.forms.isEmpty() ? null
            : FormMeasure.summariseRep(done.forms, done.depths, done.bottomForm, rules.depthTop);
        FeedbackRules.Verdict verdict = rules.decide(measured, share, !counted);
        return new RepEvent(counted ? count : 0, done.startS, done.bottomS, t, verdict, rules.adviceFor(verdict.faults),
            measured, counted);
    }

    private void accumulate(double t, double depth, double[] faults, FormMeasure.Frame form) {
        rep.frames++;
        if (form != null) {
            rep.forms.add(form);
            rep.depths.add(depth);
        }
        if (depth > rep.bottomDepth) {
            rep.bottomDepth = depth;
            rep.bottomS = t;
            rep.bottomForm = Math.max(0, rep.forms.size() - 1);
        }
        for (int k = 0; k < faults.length; k++) {
            if (faults[k] >= rules.faultThreshold) {
                rep.faultFrames[k]++;
            }
        }
    }
}
