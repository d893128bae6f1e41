package com.pushupmobile.core;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Same image -> same tensor as Python, in both layouts: to 1e-6, or one grey level where the person's square is resized. */
public class PreprocessGoldenTest {
    @Test
    public void imagesBecomeTheSameTensorsAsInPython() throws Exception {
        for (File file : Golden.files("preprocess")) {
            Map<String, Object> golden = Golden.read(file);
            Map<String, Object> image = Json.object(golden.get("image"), "image");
            int height = (int) Json.number(image.get("height"), "height");
            int width = (int) Json.number(image.get("width"), "width");
            List<Object> values = Json.array(image.get("rgb"), "rgb");
            byte[] rgb = new byte[values.size()];
            for (int i = 0; i < rgb.length; i++) rgb[i] = (byte) (int) Json.number(values.get(i), "pixel");
            Map<String, Object> pre = Json.object(golden.get("preprocessing"), "preprocessing");
            Map<String, Object> expected = Json.object(golden.get("expected"), "expected");
            // placing the square must be exact; a resize may differ from OpenCV's by one grey level
            boolean resized = Boolean.TRUE.equals(golden.get("resized"));
            double tolerance = 1e-6;
            if (resized) {
                for (double s : Golden.doubles(pre.get("std"))) tolerance = Math.max(tolerance, 1.0 / 255.0 / s + 1e-6);
            }
            for (String layout : new String[] {"NCHW", "NHWC"}) {
                Preprocessor preprocessor = new Preprocessor(pre, layout);
                float[] got;
                if (golden.containsKey("box")) {
                    double[] box = Golden.doubles(golden.get("box"));
                    assertTrue(file.getName(), preprocessor.personCrop);
                    got = preprocessor.prepare(rgb, height, width, box[0], box[1], box[2]);
                } else {
                    got = preprocessor.prepare(rgb, height, width);
                }
                double[] want = Golden.doubles(expected.get(layout));
                assertEquals(file.getName(), want.length, got.length);
                for (int i = 0; i < want.length; i++) {
                    assertEquals(file.getName() + " " + layout + " [" + i + "]", want[i], got[i], tolerance);
                }
            }
        }
    }

    @Test
    public void letterboxKeepsAspectAndCentres() {
        Map<String, Object> pre = Json.object(Json.parse(
            "{\"size\": 128, \"pad_value\": 0, \"mean\": [0.5, 0.5, 0.5], \"std\": [0.5, 0.5, 0.5], \"channel_order\": \"RGB\"}"),
            "pre");
        int[] box = new Preprocessor(pre, "NHWC").letterboxBox(1920, 1080);
        assertArrayEquals(new int[] {0, 28, 128, 72}, box);
    }

    @Test
    public void anUnknownCropIsRefused() {
        Map<String, Object> pre = Json.object(Json.parse(
            "{\"size\": 96, \"pad_value\": 0, \"mean\": [0.5, 0.5, 0.5], \"std\": [0.5, 0.5, 0.5], \"channel_order\": \"RGB\", \"crop\": \"face\"}"),
            "pre");
        try {
            new Preprocessor(pre, "NHWC");
            org.junit.Assert.fail("a crop the app does not make must not run as another");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains("unknown frame crop face"));
        }
    }
}
