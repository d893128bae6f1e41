package com.pushupmobile.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Same keypoints -> the same form measurements as pushup_mobile/form/measure.py. */
public class FormGoldenTest {
    @Test
    public void keypointsGiveTheSameMeasurementsAsPython() throws Exception {
        List<File> files = Golden.files("form");
        assertTrue("expected the five form cases, found " + files.size(), files.size() >= 5);
        for (File file : files) {
            Map<String, Object> golden = Golden.read(file);
            List<Object> keypoints = Json.array(golden.get("keypoints"), "keypoints");
            List<Object> visibility = Json.array(golden.get("visibility"), "visibility");
            List<Object> expected = Json.array(golden.get("expected"), "expected");
            for (int i = 0; i < expected.size(); i++) {
                List<Object> rows = Json.array(keypoints.get(i), "frame keypoints");
                double[][] points = new double[rows.size()][];
                for (int j = 0; j < points.length; j++) points[j] = Golden.doubles(rows.get(j));
                FormMeasure.Frame got = FormMeasure.measureFrame(points, Golden.doubles(visibility.get(i)));
                double[] mine = {got.hipBend, got.wristSide, got.headBend, got.elbow, got.sideAngle};
                List<Object> want = Json.array(expected.get(i), "expected frame");
                for (int k = 0; k < mine.length; k++) {
                    String where = file.getName() + " frame " + i + " value " + k;
                    if (want.get(k) == null) {
                        assertTrue(where + " should be NaN, was " + mine[k], Double.isNaN(mine[k]));
                    } else {
                        assertEquals(where, Json.number(want.get(k), "value"), mine[k], 1e-9);
                    }
                }
            }
        }
    }
}
