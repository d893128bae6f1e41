package com.pushupmobile.core;

import java.util.Collections;
import java.util.List;

/**
 * A rep the counter saw end: counted (index 1, 2, ...) or, when it stopped short of the
 * bottom, not counted (index 0) and advised to go lower; with its faults, the advice, how
 * much (details), what could be better, what the view could not judge, and its measured form.
 */
public final class RepEvent {
    public final int index;
    public final double startS;
    public final double bottomS;
    public final double endS;
    public final List<String> faults;
    public final List<String> advice;
    public final List<String> details;
    public final List<String> couldImprove;
    public final List<String> notJudged;
    /** The rep's measured form, or null when the model gives no keypoints. */
    public final FormMeasure.Rep form;
    public final boolean counted;

    public RepEvent(int index, double startS, double bottomS, double endS, FeedbackRules.Verdict verdict,
                    List<String> advice, FormMeasure.Rep form, boolean counted) {
        this.index = index;
        this.startS = startS;
        this.bottomS = bottomS;
        this.endS = endS;
        this.faults = Collections.unmodifiableList(verdict.faults);
        this.advice = Collections.unmodifiableList(advice);
        this.details = Collections.unmodifiableList(verdict.details);
        this.couldImprove = Collections.unmodifiableList(verdict.couldImprove);
        this.notJudged = Collections.unmodifiableList(verdict.notJudged);
        this.form = form;
        this.counted = counted;
    }

    @Override
    public String toString() {
        return (counted ? "rep " + index : "uncounted rep") + " [" + startS + ", " + bottomS + ", " + endS + "] "
            + faults + " " + advice + " " + details;
    }
}
