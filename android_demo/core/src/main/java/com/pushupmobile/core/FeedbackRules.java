package com.pushupmobile.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The manifest's "feedback" section: counter thresholds and the advice table. */
public final class FeedbackRules {
    public final double pushupOn;
    public final double pushupOff;
    public final double depthBottom;
    public final double depthTop;
    public final int debounceFrames;
    public final double minRepS;
    public final double maxRepS;
    public final double faultThreshold;
    public final double faultFraction;
    public final double resetGapS;
    public final String cleanRep;
    private final Map<String, String> adviceText = new HashMap<String, String>();
    private final Map<String, Integer> priority = new HashMap<String, Integer>();

    public FeedbackRules(Map<String, Object> section) {
        Map<String, Object> t = Json.object(section.get("thresholds"), "feedback.thresholds");
        pushupOn = Json.number(t.get("pushup_on"), "pushup_on");
        pushupOff = Json.number(t.get("pushup_off"), "pushup_off");
        depthBottom = Json.number(t.get("depth_bottom"), "depth_bottom");
        depthTop = Json.number(t.get("depth_top"), "depth_top");
        debounceFrames = (int) Json.number(t.get("debounce_frames"), "debounce_frames");
        minRepS = Json.number(t.get("min_rep_s"), "min_rep_s");
        maxRepS = Json.number(t.get("max_rep_s"), "max_rep_s");
        faultThreshold = Json.number(t.get("fault_threshold"), "fault_threshold");
        faultFraction = Json.number(t.get("fault_fraction"), "fault_fraction");
        resetGapS = Json.number(t.get("reset_gap_s"), "reset_gap_s");
        cleanRep = (String) section.get("clean_rep");
        for (Object row : Json.array(section.get("advice"), "feedback.advice")) {
            Map<String, Object> entry = Json.object(row, "advice row");
            String fault = (String) entry.get("fault");
            adviceText.put(fault, (String) entry.get("text"));
            priority.put(fault, (int) Json.number(entry.get("priority"), "priority"));
        }
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
                return priority.get(a) - priority.get(b);
            }
        });
        for (String fault : ordered) out.add(adviceText.get(fault));
        return out;
    }
}
