package com.pushupmobile.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The Java counter must make exactly the reps and advice the Python counter wrote down. */
public class GoldenFeedbackTest {
    @Test
    public void everyGoldenCaseGivesTheSameRepsAndAdvice() throws Exception {
        List<File> files = Golden.files("feedback");
        assertTrue("expected the eight golden cases, found " + files.size(), files.size() >= 8);
        for (File file : files) {
            Map<String, Object> golden = Golden.read(file);
            FeedbackRules rules = new FeedbackRules(Json.object(golden.get("rules"), "rules"));
            RepCounter counter = new RepCounter(rules, Golden.strings(golden.get("faults")));
            List<RepEvent> events = new ArrayList<RepEvent>();
            for (Object item : Json.array(golden.get("frames"), "frames")) {
                Map<String, Object> f = Json.object(item, "frame");
                RepEvent event = counter.update(
                    Json.number(f.get("t"), "t"), Json.number(f.get("pushup"), "pushup"),
                    Json.number(f.get("depth"), "depth"), Golden.doubles(f.get("faults")));
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
                String where = name + " rep " + (i + 1);
                assertEquals(where, (int) Json.number(w.get("index"), "index"), got.index);
                assertEquals(where + " start", Json.number(w.get("start_s"), "start_s"), got.startS, 0.0);
                assertEquals(where + " bottom", Json.number(w.get("bottom_s"), "bottom_s"), got.bottomS, 0.0);
                assertEquals(where + " end", Json.number(w.get("end_s"), "end_s"), got.endS, 0.0);
                assertEquals(where + " faults", Golden.strings(w.get("faults")), got.faults);
                assertEquals(where + " advice", Golden.strings(w.get("advice")), got.advice);
            }
        }
    }
}
