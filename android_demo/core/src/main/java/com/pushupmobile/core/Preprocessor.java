package com.pushupmobile.core;

import java.util.List;
import java.util.Map;

/**
 * Camera image -> model input, as the manifest's "preprocessing" section says: letterbox to
 * a square (keep aspect, pad) or, for a model on the person's square (crop "person"), cut the
 * square the person detector found ({@link PixelStage} holds it), then (rgb / 255 - mean) / std
 * per channel, in the artifact's layout. The same arithmetic as pushup_mobile/preprocess.py,
 * checked to 1e-6 on the preprocessing golden files. Downscaling averages source pixels over
 * each target pixel's area (OpenCV's INTER_AREA idea), upscaling is bilinear (OpenCV's
 * INTER_LINEAR sample positions); either may differ from OpenCV by one grey level. One
 * instance per stream (it keeps a scratch buffer).
 */
public final class Preprocessor {
    public final int size;
    public final boolean nhwc;
    private final float[] mean = new float[3];
    private final float[] std = new float[3];
    private final int pad;
    private final double[] mean3 = new double[3];
    /** Whether the model sees the square around the person (crop "person") rather than the whole frame. */
    public final boolean personCrop;

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
        Object crop = preprocessing.containsKey("crop") ? preprocessing.get("crop") : "letterbox";
        if (!"letterbox".equals(crop) && !"person".equals(crop)) {
            throw new IllegalArgumentException("unknown frame crop " + crop + " (the app makes letterbox and person)");
        }
        personCrop = "person".equals(crop);
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
                areaMean(rgb, height, width, 0, 0, y0, y1, x0, x1, mean3);
                int target = ((box[0] + y) * size + box[1] + x) * 3;
                for (int c = 0; c < 3; c++) out[target + c] = (byte) Math.round(mean3[c]);
            }
        }
        return out;
    }

    /**
     * The square centred on (cx, cy) with side {@code side} (frame pixels, the person detector's)
     * as size x size RGB bytes: its corner rounded half to even as Python rounds, what lies
     * outside the frame {@code pad_value}, the side capped at 4x the frame's long side.
     */
    public byte[] square(byte[] rgb, int height, int width, double cx, double cy, double side) {
        if (!(Double.isFinite(cx) && Double.isFinite(cy) && Double.isFinite(side)) || side <= 0) {
            throw new IllegalArgumentException("not a crop box: " + cx + ", " + cy + ", " + side);
        }
        side = Math.min(side, 4.0 * Math.max(height, width));
        int span = Math.max(1, (int) Math.rint(side));
        int left = (int) Math.rint(cx - side / 2);
        int top = (int) Math.rint(cy - side / 2);
        byte[] out = new byte[size * size * 3];
        double scale = (double) span / size;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                int target = (y * size + x) * 3;
                if (span > size) {
                    areaMean(rgb, height, width, left, top, y * scale, (y + 1) * scale, x * scale, (x + 1) * scale, mean3);
                    for (int c = 0; c < 3; c++) out[target + c] = (byte) Math.round(mean3[c]);
                } else {
                    for (int c = 0; c < 3; c++) {
                        out[target + c] = (byte) Math.round(bilinear(rgb, height, width, left, top, span, scale, x, y, c));
                    }
                }
            }
        }
        return out;
    }

    /** OpenCV's INTER_LINEAR sample of the span x span square at (left, top) for target pixel (x, y):
     * pixel centres at +0.5, edges clamped. */
    private double bilinear(byte[] rgb, int height, int width, int left, int top, int span, double scale,
                            int x, int y, int c) {
        double fx = (x + 0.5) * scale - 0.5;
        double fy = (y + 0.5) * scale - 0.5;
        int sx = (int) Math.floor(fx);
        int sy = (int) Math.floor(fy);
        double ax = fx - sx;
        double ay = fy - sy;
        if (sx < 0) { sx = 0; ax = 0; }
        if (sy < 0) { sy = 0; ay = 0; }
        if (sx >= span - 1) { sx = span - 1; ax = 0; }
        if (sy >= span - 1) { sy = span - 1; ay = 0; }
        int nx = Math.min(sx + 1, span - 1);
        int ny = Math.min(sy + 1, span - 1);
        return (1 - ay) * ((1 - ax) * pixel(rgb, height, width, left + sx, top + sy, c)
                           + ax * pixel(rgb, height, width, left + nx, top + sy, c))
            + ay * ((1 - ax) * pixel(rgb, height, width, left + sx, top + ny, c)
                    + ax * pixel(rgb, height, width, left + nx, top + ny, c));
    }

    /**
     * Per channel, into {@code mean}, the mean over the area [x0, x1) x [y0, y1) of the image
     * placed at (-left, -top) on a {@code pad_value} canvas. Only the frame's own pixels are
     * visited; the rest of the area adds {@code pad_value} by its share, so a square reaching
     * far past the frame costs no more than the frame.
     */
    private void areaMean(byte[] rgb, int height, int width, int left, int top,
                          double y0, double y1, double x0, double x1, double[] mean) {
        double inside = 0;
        double r = 0, g = 0, b = 0;
        int syEnd = Math.min((int) Math.ceil(y1), height - top);
        int sxEnd = Math.min((int) Math.ceil(x1), width - left);
        for (int sy = Math.max((int) Math.floor(y0), -top); sy < syEnd; sy++) {
            double wy = Math.min(y1, sy + 1) - Math.max(y0, sy);
            int row = (sy + top) * width;
            for (int sx = Math.max((int) Math.floor(x0), -left); sx < sxEnd; sx++) {
                double w = wy * (Math.min(x1, sx + 1) - Math.max(x0, sx));
                int at = (row + sx + left) * 3;
                r += w * (rgb[at] & 0xff);
                g += w * (rgb[at + 1] & 0xff);
                b += w * (rgb[at + 2] & 0xff);
                inside += w;
            }
        }
        double area = (y1 - y0) * (x1 - x0);
        double padded = pad * (area - inside);
        mean[0] = (r + padded) / area;
        mean[1] = (g + padded) / area;
        mean[2] = (b + padded) / area;
    }

    /** Channel c of frame pixel (x, y); {@code pad_value} outside the frame. */
    private int pixel(byte[] rgb, int height, int width, int x, int y, int c) {
        if (x < 0 || y < 0 || x >= width || y >= height) return pad;
        return rgb[(y * width + x) * 3 + c] & 0xff;
    }

    /** Normalized float input in the artifact's layout from the square's RGB bytes. */
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

    /** The whole frame, letterboxed, as the model's input. */
    public float[] prepare(byte[] rgb, int height, int width) {
        return normalize(letterbox(rgb, height, width));
    }

    /** The person's square (centre, side: frame pixels) as the model's input. */
    public float[] prepare(byte[] rgb, int height, int width, double cx, double cy, double side) {
        return normalize(square(rgb, height, width, cx, cy, side));
    }
}
