package com.pushupmobile.core;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.io.File;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Same keypoint stream -> same features as Python, frame by frame with the state carried. */
public class PoseFeaturesGoldenTest {
    private static float[] floats(Object value) {
        double[] d = Golden.doubles(value);
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) out[i] = (float) d[i];
        return out;
    }

    @Test
    public void keypointStreamsBecomeTheSameFeaturesAsInPython() throws Exception {
        for (File file : Golden.files("pose_features")) {
            Map<String, Object> golden = Golden.read(file);
            int width = (int) Json.number(golden.get("width"), "width");
            int height = (int) Json.number(golden.get("height"), "height");
            List<Object> keypoints = Json.array(golden.get("keypoints"), "keypoints");
            List<Object> visibility = Json.array(golden.get("visibility"), "visibility");
            List<Object> expected = Json.array(golden.get("expected"), "expected");
            assertEquals(file.getName(), keypoints.size(), expected.size());
            PoseFeatures features = new PoseFeatures();
            for (int t = 0; t < keypoints.size(); t++) {
                float[] got = features.step(floats(keypoints.get(t)), floats(visibility.get(t)), width, height);
                assertArrayEquals(file.getName() + " frame " + t, floats(expected.get(t)), got, 1e-5f);
            }
        }
    }

    @Test
    public void aFrameWithNobodySeenIsAllZerosAndLeavesTheStateAlone() {
        PoseFeatures features = new PoseFeatures();
        float[] keypoints = new float[34];
        float[] visible = new float[17];
        for (int j = 0; j < 17; j++) {
            keypoints[2 * j] = 0.3f + 0.02f * j;
            keypoints[2 * j + 1] = 0.5f;
            visible[j] = 0.9f;
        }
        float[] first = features.step(keypoints, visible, 640, 480);
        assertArrayEquals(new float[51], features.step(keypoints, new float[17], 640, 480), 0f);
        assertArrayEquals(first, features.step(keypoints, visible, 640, 480), 1e-6f);
    }
}
