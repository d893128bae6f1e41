package com.pushupmobile.core;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.io.File;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** Same image -> same tensor as Python, to 1e-6, in both layouts. */
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
            for (String layout : new String[] {"NCHW", "NHWC"}) {
                float[] got = new Preprocessor(pre, layout).prepare(rgb, height, width);
                double[] want = Golden.doubles(expected.get(layout));
                assertEquals(file.getName(), want.length, got.length);
                float[] wantF = new float[want.length];
                for (int i = 0; i < want.length; i++) wantF[i] = (float) want[i];
                assertArrayEquals(file.getName() + " " + layout, wantF, got, 1e-6f);
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
    public void aModelThatWantsThePersonCropIsRefused() {
        Map<String, Object> pre = Json.object(Json.parse(
            "{\"size\": 96, \"pad_value\": 0, \"mean\": [0.5, 0.5, 0.5], \"std\": [0.5, 0.5, 0.5], \"channel_order\": \"RGB\", \"crop\": \"person\"}"),
            "pre");
        try {
            new Preprocessor(pre, "NHWC");
            org.junit.Assert.fail("a person-crop model must not run letterboxed");
        } catch (IllegalArgumentException expected) {
            org.junit.Assert.assertTrue(expected.getMessage().contains("crop person"));
        }
    }
}
