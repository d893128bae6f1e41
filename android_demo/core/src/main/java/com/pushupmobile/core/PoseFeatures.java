package com.pushupmobile.core;

/**
 * The pose family's model input: 17 COCO keypoints (0..1 of the frame) and their visibility
 * -> 51 features (x, y, visibility per joint), centred on the hips, scaled by a smoothed
 * torso length and mirrored so the head lies on the +x side. The same arithmetic as
 * pushup_mobile/pose/features.py, checked on the pose_features golden files. One instance
 * per stream: it carries the running torso length, the last hip centre and the mirror side
 * between frames, as the model carries its LSTM state; {@link #reset()} between streams.
 */
public final class PoseFeatures {
    public static final int JOINTS = 17;
    public static final int FEATURES = JOINTS * 3;
    static final double VISIBLE = 0.5;
    static final double SCALE_SMOOTHING = 0.3;
    static final double MIN_SCALE = 0.02;
    static final double BREADTH_PER_TORSO = 0.8;
    static final double SPAN_PER_TORSO = 3.0;
    static final double MIRROR_MARGIN = 0.25;
    static final double LIMIT = 5.0;
    static final int[] HEAD = {0, 1, 2, 3, 4};
    static final int[] SHOULDERS = {5, 6};
    static final int[] HIPS = {11, 12};
    /** Index permutation exchanging every left joint with its right twin. */
    static final int[] SWAP = {0, 2, 1, 4, 3, 6, 5, 8, 7, 10, 9, 12, 11, 14, 13, 16, 15};

    private Double scale;
    private double[] centre;
    private boolean mirrored;

    public PoseFeatures() {
        reset();
    }

    public void reset() {
        scale = null;
        centre = null;
        mirrored = false;
    }

    /**
     * One frame: {@code keypoints} as x0, y0, x1, y1, ... (0..1 of a {@code width} x
     * {@code height} frame), {@code visibility} per joint -> the model's 51 features.
     */
    public float[] step(float[] keypoints, float[] visibility, int width, int height) {
        if (keypoints.length != 2 * JOINTS || visibility.length != JOINTS) {
            throw new IllegalArgumentException("expected 17 keypoints and 17 visibility scores");
        }
        double long_ = Math.max(width, height);
        double[][] p = new double[JOINTS][2];
        boolean[] seen = new boolean[JOINTS];
        boolean any = false;
        for (int j = 0; j < JOINTS; j++) {
            p[j][0] = keypoints[2 * j] * (width / long_);
            p[j][1] = keypoints[2 * j + 1] * (height / long_);
            seen[j] = visibility[j] >= VISIBLE;
            any |= seen[j];
        }
        float[] out = new float[FEATURES];
        if (!any) return out; // nothing seen: zero features, state unchanged
        double[] hips = meanVisible(p, seen, HIPS);
        double[] upper = meanVisible(p, seen, HEAD);
        if (upper == null) upper = meanVisible(p, seen, SHOULDERS);
        double measured = torsoLength(p, seen);
        if (Double.isNaN(measured) && scale == null) measured = span(p, seen) / SPAN_PER_TORSO;
        double running;
        if (Double.isNaN(measured)) running = scale;
        else running = scale == null ? measured : scale + SCALE_SMOOTHING * (measured - scale);
        running = Math.max(running, MIN_SCALE);
        double[] here = hips != null ? hips : (centre != null ? centre : meanVisible(p, seen, ALL));
        if (hips != null && upper != null) {
            double dx = (upper[0] - hips[0]) / running;
            if (dx < -MIRROR_MARGIN) mirrored = true;
            else if (dx > MIRROR_MARGIN) mirrored = false;
        }
        scale = running;
        if (hips != null) centre = hips;
        for (int j = 0; j < JOINTS; j++) {
            int from = mirrored ? SWAP[j] : j;
            double score = visibility[from];
            out[3 * j + 2] = (float) Math.min(1.0, Math.max(0.0, score));
            if (score < VISIBLE) continue; // missing joint: its position stays zero, its score is kept
            double x = clip((p[from][0] - here[0]) / running, LIMIT);
            double y = clip((p[from][1] - here[1]) / running, LIMIT);
            out[3 * j] = (float) (mirrored ? -x : x);
            out[3 * j + 1] = (float) y;
        }
        return out;
    }

    private static final int[] ALL = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

    private static double clip(double v, double limit) {
        return Math.max(-limit, Math.min(limit, v));
    }

    /** Mean of the visible ones among {@code joints}, or null when none is. */
    private static double[] meanVisible(double[][] p, boolean[] seen, int[] joints) {
        double x = 0, y = 0;
        int n = 0;
        for (int j : joints) {
            if (!seen[j]) continue;
            x += p[j][0];
            y += p[j][1];
            n++;
        }
        return n == 0 ? null : new double[] {x / n, y / n};
    }

    /** Shoulder midpoint to hip midpoint, guarded by the shoulder breadth; NaN if neither. */
    private static double torsoLength(double[][] p, boolean[] seen) {
        double[] shoulders = meanVisible(p, seen, SHOULDERS);
        double[] hips = meanVisible(p, seen, HIPS);
        double trunk = shoulders == null || hips == null ? Double.NaN
            : Math.hypot(shoulders[0] - hips[0], shoulders[1] - hips[1]);
        double breadth = seen[5] && seen[6]
            ? Math.hypot(p[5][0] - p[6][0], p[5][1] - p[6][1]) / BREADTH_PER_TORSO : Double.NaN;
        if (Double.isNaN(trunk)) return breadth;
        if (Double.isNaN(breadth)) return trunk;
        return Math.max(trunk, breadth);
    }

    /** The larger of the visible joints' x and y extents. */
    private static double span(double[][] p, boolean[] seen) {
        double[] lo = {Double.MAX_VALUE, Double.MAX_VALUE};
        double[] hi = {-Double.MAX_VALUE, -Double.MAX_VALUE};
        for (int j = 0; j < JOINTS; j++) {
            if (!seen[j]) continue;
            for (int a = 0; a < 2; a++) {
                lo[a] = Math.min(lo[a], p[j][a]);
                hi[a] = Math.max(hi[a], p[j][a]);
            }
        }
        return Math.max(hi[0] - lo[0], hi[1] - lo[1]);
    }
}
