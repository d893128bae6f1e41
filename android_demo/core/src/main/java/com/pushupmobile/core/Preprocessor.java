package com.pushupmobile.core;

import java.util.List;
import java.util.Map;

/**
 * Camera image -> model input, as the manifest's "preprocessing" section says: letterbox to
 * a square (keep aspect, pad), then (rgb / 255 - mean) / std per channel, in the artifact's
 * layout. The same arithmetic as pushup_mobile/preprocess.py, checked to 1e-6 on the
 * preprocessing golden files. Downscaling averages source pixels over each target pixel's
 * area (OpenCV's INTER_AREA idea; it may differ from OpenCV by one grey level).
 */
public final class Preprocessor {
    public final int size;
    public final boolean nhwc;
    private final float[] mean = new float[3];
    private final float[] std = new float[3];
    private final int pad;

    public Preprocessor(Map<String, Object> preprocessing, String layout) {
        size = (int) Json.number(preprocessing.get("size"), "preprocessing.size");
        pad = (int) Json.number(preprocessing.get("pad_value"), "preprocessing.pad_value");
        List<Object> m = Json.array(preprocessing.get("mean"), "preprocessing.mean");
        List<Object> s = Json.array(preprocessing.get("std"), "preprocessing.std");
        for (int c = 0; c < 3; c++) {
            mean[c] = (float) Json.number(m.get(c), "mean");
            std[c] = (float) Json.number(s.get(c), "std");
        }
        if (!"RGB".equals(preprocessing.get("channel_order"))) {
            throw new IllegalArgumentException("unsupported channel order " + preprocessing.get("channel_order"));
        }
        Object crop = preprocessing.get("crop");
        if (crop != null && !"letterbox".equals(crop)) {
            // the square around the person needs a person detector, which the app's pixel stage does not run
            throw new IllegalArgumentException("the app letterboxes the whole frame; this model wants the crop " + crop);
        }
        nhwc = "NHWC".equals(layout);
    }

    /** Where the image lands inside the square: {top, left, height, width}. */
    public int[] letterboxBox(int height, int width) {
        double scale = (double) size / Math.max(height, width);
        int newH = Math.max(1, (int) Math.rint(height * scale)); // half to even, as Python rounds
        int newW = Math.max(1, (int) Math.rint(width * scale));
        return new int[] {(size - newH) / 2, (size - newW) / 2, newH, newW};
    }

    /** Letterboxed RGB bytes (size x size x 3) from packed RGB bytes of any size. */
    public byte[] letterbox(byte[] rgb, int height, int width) {
        int[] box = letterboxBox(height, width);
        byte[] out = new byte[size * size * 3];
        java.util.Arrays.fill(out, (byte) pad);
        for (int y = 0; y < box[2]; y++) {
            double y0 = (double) y * height / box[2];
            double y1 = (double) (y + 1) * height / box[2];
            for (int x = 0; x < box[3]; x++) {
                double x0 = (double) x * width / box[3];
                double x1 = (double) (x + 1) * width / box[3];
                int target = ((box[0] + y) * size + box[1] + x) * 3;
                for (int c = 0; c < 3; c++) {
                    out[target + c] = (byte) Math.round(areaMean(rgb, width, y0, y1, x0, x1, c));
                }
            }
        }
        return out;
    }

    private static double areaMean(byte[] rgb, int width, double y0, double y1, double x0, double x1, int c) {
        double sum = 0;
        double weight = 0;
        for (int sy = (int) Math.floor(y0); sy < Math.ceil(y1); sy++) {
            double wy = Math.min(y1, sy + 1) - Math.max(y0, sy);
            for (int sx = (int) Math.floor(x0); sx < Math.ceil(x1); sx++) {
                double w = wy * (Math.min(x1, sx + 1) - Math.max(x0, sx));
                sum += w * (rgb[(sy * width + sx) * 3 + c] & 0xff);
                weight += w;
            }
        }
        return sum / weight;
    }

    /** Normalized float input in the artifact's layout from letterboxed RGB bytes. */
    public float[] normalize(byte[] square) {
        float[] out = new float[size * size * 3];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                for (int c = 0; c < 3; c++) {
                    float v = ((square[(y * size + x) * 3 + c] & 0xff) / 255.0f - mean[c]) / std[c];
                    int index = nhwc ? (y * size + x) * 3 + c : (c * size + y) * size + x;
                    out[index] = v;
                }
            }
        }
        return out;
    }

    public float[] prepare(byte[] rgb, int height, int width) {
        return normalize(letterbox(rgb, height, width));
    }
}
