package com.pushupmobile.core;

/**
 * BlazePose as MediaPipe's pose pipeline runs it, around the two models: detect once, then
 * track with the ROI the landmark model's auxiliary points give, and detect again when the
 * pose-presence score drops below {@link #MIN_PRESENCE}. The same logic as BlazePose in
 * pushup_mobile/pose/blazepose.py; the models themselves stay outside (the app runs them
 * with LiteRT), so the blazepose_track golden files replay Python's recorded model outputs
 * through it. One instance per stream, {@link #reset()} between streams.
 */
public final class BlazePoseTracker {
    public static final int DETECTOR_SIZE = PersonDetector.INPUT_SIZE;
    public static final int LANDMARK_SIZE = 256;
    public static final int LANDMARK_ROWS = 39;
    public static final int LANDMARK_VALUES = 5;
    public static final int HEATMAP_SIDE = LANDMARK_SIZE / 4;
    public static final int BODY = 33;
    static final int AUX_HIP = 33;
    static final int AUX_TOWARDS = 34;
    public static final double MIN_PRESENCE = 0.5;
    static final int HEATMAP_KERNEL = 7;
    static final double HEATMAP_MIN_CONFIDENCE = 0.5;
    /** For each of the 17 COCO joints (nose, eyes, ears, shoulders, elbows, wrists, hips, knees, ankles), its BlazePose index. */
    static final int[] TO_COCO = {0, 2, 5, 7, 8, 11, 12, 13, 14, 15, 16, 23, 24, 25, 26, 27, 28};

    /** The two models, run by the caller (the detector's side: {@link PersonDetector.Model}).
     * Images are row-major HWC RGB floats. */
    public interface Models extends PersonDetector.Model {
        /** Landmarks on [256, 256, 3] in 0..1: fills raw rows [39 * 5] and heatmap [64, 64, 39]; returns pose presence. */
        float landmarks(float[] image, float[] landmarks, float[] heatmap);
    }

    /** One frame's pose: 33 keypoints x, y in 0..1 of the frame, visibility, presence, and whether the detector ran. */
    public static final class Pose {
        public final float[] keypoints;
        public final float[] visibility;
        public final double presence;
        public final boolean detected;

        Pose(float[] keypoints, float[] visibility, double presence, boolean detected) {
            this.keypoints = keypoints;
            this.visibility = visibility;
            this.presence = presence;
            this.detected = detected;
        }

        /** The 17 COCO joints as {@link PoseFeatures} takes them: {keypoints [34], visibility [17]}, every
         * joint invisible when presence is below {@link #MIN_PRESENCE} (as observation() in pose/stream.py). */
        public float[][] coco() {
            float[] points = new float[2 * TO_COCO.length];
            float[] seen = new float[TO_COCO.length];
            for (int j = 0; j < TO_COCO.length; j++) {
                points[2 * j] = keypoints[2 * TO_COCO[j]];
                points[2 * j + 1] = keypoints[2 * TO_COCO[j] + 1];
                seen[j] = presence < MIN_PRESENCE ? 0f : visibility[TO_COCO[j]];
            }
            return new float[][] {points, seen};
        }
    }

    private final Models models;
    private final PersonDetector detector;
    private final float[] landmarks = new float[LANDMARK_ROWS * LANDMARK_VALUES];
    private final float[] heatmap = new float[HEATMAP_SIDE * HEATMAP_SIDE * LANDMARK_ROWS];
    private Roi roi;

    public BlazePoseTracker(Models models) {
        this.models = models;
        detector = new PersonDetector(models);
    }

    /** Forget the track: the next frame runs the detector. */
    public void reset() {
        roi = null;
    }

    public Pose track(byte[] rgb, int height, int width) {
        boolean detected = roi == null;
        Roi here = detected ? detector.detect(rgb, height, width) : roi;
        if (here == null) {
            return new Pose(new float[2 * BODY], new float[BODY], 0.0, true);
        }
        float[] crop = here.crop(rgb, height, width, LANDMARK_SIZE, 1f / 255f, 0f);
        double presence = models.landmarks(crop, landmarks, heatmap);
        double[][] points = refine();
        float[] keypoints = new float[2 * BODY];
        float[] visibility = new float[BODY];
        double[][] inFrame = new double[LANDMARK_ROWS][];
        for (int k = 0; k < LANDMARK_ROWS; k++) inFrame[k] = here.toFrame(points[k][0], points[k][1]);
        for (int k = 0; k < BODY; k++) {
            keypoints[2 * k] = (float) (inFrame[k][0] / width);
            keypoints[2 * k + 1] = (float) (inFrame[k][1] / height);
            visibility[k] = (float) PoseDetections.sigmoid(landmarks[k * LANDMARK_VALUES + 3]);
        }
        roi = presence >= MIN_PRESENCE
            ? Roi.aligned(inFrame[AUX_HIP][0], inFrame[AUX_HIP][1], inFrame[AUX_TOWARDS][0], inFrame[AUX_TOWARDS][1])
            : null;
        return new Pose(keypoints, visibility, presence, detected);
    }

    /**
     * Landmarks in 0..1 of the crop, each moved to the confidence-weighted mean cell of its
     * heatmap window when that window is confident (MediaPipe's arithmetic: cell indices
     * without the half-cell offset, kept for parity).
     */
    double[][] refine() {
        int half = (HEATMAP_KERNEL - 1) / 2;
        double[][] out = new double[LANDMARK_ROWS][2];
        for (int k = 0; k < LANDMARK_ROWS; k++) {
            double x = landmarks[k * LANDMARK_VALUES] / (double) LANDMARK_SIZE;
            double y = landmarks[k * LANDMARK_VALUES + 1] / (double) LANDMARK_SIZE;
            out[k][0] = x;
            out[k][1] = y;
            int col = (int) (x * HEATMAP_SIDE);
            int row = (int) (y * HEATMAP_SIDE);
            // truncation towards zero, as Python's int(): a point just left of the map still refines
            if (col < 0 || row < 0 || col >= HEATMAP_SIDE || row >= HEATMAP_SIDE) continue;
            double best = 0, sum = 0, sx = 0, sy = 0;
            for (int r = Math.max(0, row - half); r <= Math.min(HEATMAP_SIDE - 1, row + half); r++) {
                for (int c = Math.max(0, col - half); c <= Math.min(HEATMAP_SIDE - 1, col + half); c++) {
                    double w = PoseDetections.sigmoid(heatmap[(r * HEATMAP_SIDE + c) * LANDMARK_ROWS + k]);
                    best = Math.max(best, w);
                    sum += w;
                    sx += c * w;
                    sy += r * w;
                }
            }
            if (best >= HEATMAP_MIN_CONFIDENCE) {
                out[k][0] = sx / HEATMAP_SIDE / sum;
                out[k][1] = sy / HEATMAP_SIDE / sum;
            }
        }
        return out;
    }
}
