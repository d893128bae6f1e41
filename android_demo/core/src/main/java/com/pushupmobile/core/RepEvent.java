package com.pushupmobile.core;

import java.util.Collections;
import java.util.List;

/** One counted repetition, with the faults that held through it and the advice for them. */
public final class RepEvent {
    public final int index;
    public final double startS;
    public final double bottomS;
    public final double endS;
    public final List<String> faults;
    public final List<String> advice;

    public RepEvent(int index, double startS, double bottomS, double endS, List<String> faults, List<String> advice) {
        this.index = index;
        this.startS = startS;
        this.bottomS = bottomS;
        this.endS = endS;
        this.faults = Collections.unmodifiableList(faults);
        this.advice = Collections.unmodifiableList(advice);
    }

    @Override
    public String toString() {
        return "rep " + index + " [" + startS + ", " + bottomS + ", " + endS + "] " + faults + " " + advice;
    }
}
