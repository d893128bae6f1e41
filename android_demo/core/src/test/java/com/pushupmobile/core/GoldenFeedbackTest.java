package com.pushupmobile.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The Java counter must make exactly the reps, verdicts and advice the Python counter wrote down. */
public class GoldenFeedbackTest {
    private static final String[] MEASURES = {"body_line_deg", "bottom_elbow_deg", "top_elbow_deg", "head_deg", "side_angle_deg"};

    /** A frame's form measurements, JSON null as NaN; null when the frame has none (pixel family). */
    private static FormMeasure.Frame form(Object value) {
        if (value == null) return null;
        List<Object> list = Json.array(value, "form");
        double[] v = new double[list.size()];
        for (int i = 0; i < v.length; i++) v[i] = list.get(i) == null ? Double.NaN : Json.number(list.get(i), "form value");
        return new FormMeasure.Frame(v[0], v[1], v[2], v[3], v[4]);
    }

    @Test
    public void everyGoldenCaseGivesTheSameRepsAndAdvice() throws Exception {
        List<File> files = Golden.files("feedback");
        assertTrue("expected the ten golden cases, found " + files.size(), files.size() >= 10);
        for (File file : files) {
            Map<String, Object> golden = Golden.read(file);
            FeedbackRules rules = new FeedbackRules(Json.object(golden.get("rules"), "rules"));
            RepCounter counter = new RepCounter(rules, Golden.strings(golden.get("faults")));
            List<RepEvent> events = new ArrayList<RepEvent>();
            for (Object item : Json.array(golden.get("frames"), "frames")) {
                Map<String, Object> f = Json.object(item, "frame");
                RepEvent event = counter.update(
                    Json.number(f.get("t"), "t"), Json.number(f.get("pushup"), "pushup"),
                    Json.number(f.get("depth"), "depth"), Golden.doubles(f.get("faults")), form(f.get("form")));
                if (event != null) events.add(event);
            }
            Map<String, Object> expected = Json.object(golden.get("expected"), "expected");
            List<Object> want = Json.array(expected.get("events"), "events");
            String name = file.getName();
            assertEquals(name + ": rep count", (int) Json.number(expected.get("reps"), "reps"), counter.count());
            assertEquals(name + ": events", want.size(), events.size());
            for (int i = 0; i < want.size(); i++) {
                Map<String, Object> w = Json.object(want.get(i), "event");
                RepEvent got = events.get(i);
                String where = name + " event " + (i + 1);
                assertEquals(where, (int) Json.number(w.get("index"), "index"), got.index);
                assertEquals(where + " counted", w.get("counted"), got.counted);
                assertEquals(where + " start", Json.number(w.get("start_s"), "start_s"), got.startS, 0.0);
                assertEquals(where + " bottom", Json.number(w.get("bottom_s"), "bottom_s"), got.bottomS, 0.0);
                assertEquals(where + " end", Json.number(w.get("end_s"), "end_s"), got.endS, 0.0);
                assertEquals(where + " faults", Golden.strings(w.get("faults")), got.faults);
                assertEquals(where + " advice", Golden.strings(w.get("advice")), got.advice);
                assertEquals(where + " details", Golden.strings(w.get("details")), got.details);
                assertEquals(where + " could improve", Golden.strings(w.get("could_improve")), got.couldImprove);
                assertEquals(where + " not judged", Golden.strings(w.get("not_judged")), got.notJudged);
                if (w.get("form") == null) {
                    assertNull(where + " form", got.form);
                    continue;
                }
                Map<String, Object> measured = Json.object(w.get("form"), "form");
                for (String measure : MEASURES) {
                    Object value = measured.get(measure);
                    Double mine = got.form.get(measure);
                    if (value == null) {
                        assertNull(where + " " + measure, mine);
                    } else {
                        assertEquals(where + " " + measure, Json.number(value, measure), mine, 0.051);  // Python rounds to 0.1
                    }
                }
            }
        }
    }
}
