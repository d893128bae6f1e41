package com.pushupmobile.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The streaming rep counter, a line-by-line port of pushup_mobile/feedback/counter.py:
 * hysteresis on depth gated by the push-up probability, with debounce and duration limits.
 * The golden vectors in tests/golden/feedback hold both to the same behaviour.
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

    private static final class Rep {
        final double startS;
        double bottomS;
        double bottomDepth;
        int frames;
        final int[] faultFrames;

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
    }

    /** Feed one frame (probabilities, not logits); returns the rep it completes, or null. */
    public RepEvent update(double t, double pushup, double depth, double[] faults) {
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
            return null;
        }
        if (!down) {
            whileUp(t, depth, faults);
            return null;
        }
        return whileDown(t, depth, faults);
    }

    private void updateGate(double pushup) {
        boolean crossing = active ? pushup < rules.pushupOff : pushup >= rules.pushupOn;
        gateRun = crossing ? gateRun + 1 : 0;
        if (gateRun >= rules.debounceFrames) {
            active = !active;
            gateRun = 0;
        }
    }

    private void whileUp(double t, double depth, double[] faults) {
        if (depth <= rules.depthTop) {
            lastTopS = t;
        }
        if (rep == null && lastTopS != null && depth > rules.depthTop) {
            rep = new Rep(lastTopS, t, depth, faultNames.size());
        }
        if (rep != null) {
            accumulate(t, depth, faults);
            if (depth <= rules.depthTop) {
                rep = null;
            }
        }
        downRun = depth >= rules.depthBottom ? downRun + 1 : 0;
        if (downRun >= rules.debounceFrames && rep != null) {
            down = true;
            downRun = 0;
        }
    }

    private RepEvent whileDown(double t, double depth, double[] faults) {
        accumulate(t, depth, faults);
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
        List<String> flagged = new ArrayList<String>();
        for (int k = 0; k < faultNames.size(); k++) {
            if (done.frames > 0 && (double) done.faultFrames[k] / done.frames >= rules.faultFraction) {
                flagged.add(faultNames.get(k));
            }
        }
        return new RepEvent(count, done.startS, done.bottomS, t, flagged, rules.adviceFor(flagged));
    }

    private void accumulate(double t, double depth, double[] faults) {
        rep.frames++;
        if (depth > rep.bottomDepth) {
            rep.bottomDepth = depth;
            rep.bottomS = t;
        }
        for (int k = 0; k < faults.length; k++) {
            if (faults[k] >= rules.faultThreshold) {
                rep.faultFrames[k]++;
            }
        }
    }
}
