package com.pushupmobile.core;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * The pixel stage asks the person detector on the same frames as Python, decodes the same
 * person from Python's recorded detector outputs, holds the square through misses and gates
 * the same way (the pixel_stage golden files).
 */
public class PixelStageGoldenTest {
    private static Preprocessor preprocessor(String crop) {
        return new Preprocessor(Json.object(Json.parse(
            "{\"size\": 96, \"pad_value\": 0, \"mean\": [0.5, 0.5, 0.5], \"std\": [0.5, 0.5, 0.5], "
                + "\"channel_order\": \"RGB\", \"crop\": \"" + crop + "\"}"), "pre"), "NHWC");
    }

    @Test
    public void squaresAndTheGateFollowPython() throws Exception {
        List<File> files = Golden.files("pixel_stage");
        assertTrue("no pixel_stage golden files", !files.isEmpty());
        for (File file : files) {
            Map<String, Object> golden = Golden.read(file);
            int height = (int) Json.number(golden.get("height"), "height");
            int width = (int) Json.number(golden.get("width"), "width");
            List<Object> calls = Json.array(golden.get("calls"), "calls");
            BlazePoseGoldenTest.Replay replay = new BlazePoseGoldenTest.Replay(calls, PoseDetections.anchors().length / 2);
            PixelStage stage = new PixelStage(preprocessor("person"), new PersonDetector(replay));
            byte[] frame = new byte[height * width * 3]; // the replayed detector ignores the pixels
            List<Object> expected = Json.array(golden.get("expected"), "expected");
            for (int t = 0; t < expected.size(); t++) {
                String where = file.getName() + " frame " + t;
                Map<String, Object> want = Json.object(expected.get(t), "frame");
                assertEquals(where + " input size", 96 * 96 * 3, stage.prepare(frame, height, width).length);
                assertEquals(where + " person", want.get("person"), stage.person());
                Roi square = stage.square();
                if (want.get("square") == null) {
                    assertNull(where + " square", square);
                } else {
                    assertTrue(where + " no square", square != null);
                    assertArrayEquals(where + " square", Golden.doubles(want.get("square")),
                        new double[] {square.cx, square.cy, square.size}, 1e-4);
                }
            }
            assertEquals(file.getName() + " detector calls", calls.size(), replay.next);
        }
    }

    @Test
    public void aWholeFrameModelWithoutADetectorCannotTellWhoIsInView() {
        PixelStage stage = new PixelStage(preprocessor("letterbox"), null);
        byte[] frame = new byte[6 * 8 * 3];
        Preprocessor pre = preprocessor("letterbox");
        assertArrayEquals(pre.prepare(frame, 6, 8), stage.prepare(frame, 6, 8), 0f);
        assertNull(stage.person());
        assertNull(stage.square());
    }

    @Test
    public void aPersonCropModelWithoutTheDetectorIsRefused() {
        try {
            new PixelStage(preprocessor("person"), null);
            fail("a person-crop model must not run without the detector that places its square");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("person detector"));
        }
    }
}
