package com.pushupmobile.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * BlazePose's person detector, after the model: SSD anchors, box decoding and MediaPipe's
 * weighted non-max suppression, with the options of pose_detection_cpu.pbtxt. The same
 * arithmetic as pushup_mobile/pose/anchors.py, checked on the blazepose_track golden files.
 */
public final class PoseDetections {
    public static final int INPUT_SIZE = 224;
    static final int[] STRIDES = {8, 16, 32, 32, 32};
    static final int ANCHORS_PER_CELL_PER_LAYER = 2;
    public static final int NUM_KEYPOINTS = 4;
    /** Raw values per anchor: box centre and size, then the keypoints. */
    public static final int BOX_VALUES = 4 + 2 * NUM_KEYPOINTS;
    static final double SCORE_CLIP = 100.0;
    public static final double MIN_SCORE = 0.5;
    static final double NMS_IOU = 0.3;

    private PoseDetections() {}

    /** One person: box (xmin, ymin, xmax, ymax) and keypoints (x0, y0, ...), 0..1 of the detector input. */
    public static final class Detection {
        public final double[] box;
        public final double[] keypoints;
        public final double score;

        Detection(double[] box, double[] keypoints, double score) {
            this.box = box;
            this.keypoints = keypoints;
            this.score = score;
        }
    }

    /** Anchor centres as x0, y0, x1, y1, ... in 0..1, in the order of the model's outputs. */
    public static double[] anchors() {
        List<double[]> centres = new ArrayList<double[]>();
        int i = 0;
        while (i < STRIDES.length) {
            int stride = STRIDES[i];
            int layers = 0;
            while (i < STRIDES.length && STRIDES[i] == stride) {
                layers++;
                i++;
            }
            int cells = (INPUT_SIZE + stride - 1) / stride;
            for (int y = 0; y < cells; y++) {
                for (int x = 0; x < cells; x++) {
                    for (int k = 0; k < ANCHORS_PER_CELL_PER_LAYER * layers; k++) {
                        centres.add(new double[] {(x + 0.5) / cells, (y + 0.5) / cells});
                    }
                }
            }
        }
        double[] out = new double[centres.size() * 2];
        for (int a = 0; a < centres.size(); a++) {
            out[2 * a] = centres.get(a)[0];
            out[2 * a + 1] = centres.get(a)[1];
        }
        return out;
    }

    static double sigmoid(double logit) {
        return 1.0 / (1.0 + Math.exp(-logit));
    }

    /** Raw outputs (boxes [A * 12], score logits [A]) -> the detections scoring at least {@code minScore}. */
    public static List<Detection> decode(float[] rawBoxes, float[] rawScores, double[] anchors, double minScore) {
        int count = anchors.length / 2;
        if (rawBoxes.length != count * BOX_VALUES || rawScores.length != count) {
            throw new IllegalArgumentException("detector outputs do not match " + count + " anchors");
        }
        List<Detection> out = new ArrayList<Detection>();
        for (int a = 0; a < count; a++) {
            double score = sigmoid(Math.max(-SCORE_CLIP, Math.min(SCORE_CLIP, rawScores[a])));
            if (score < minScore) continue;
            double ax = anchors[2 * a];
            double ay = anchors[2 * a + 1];
            int o = a * BOX_VALUES;
            double mx = ax + rawBoxes[o] / (double) INPUT_SIZE;
            double my = ay + rawBoxes[o + 1] / (double) INPUT_SIZE;
            double hw = rawBoxes[o + 2] / (double) INPUT_SIZE / 2;
            double hh = rawBoxes[o + 3] / (double) INPUT_SIZE / 2;
            double[] keypoints = new double[2 * NUM_KEYPOINTS];
            for (int k = 0; k < 2 * NUM_KEYPOINTS; k++) {
                keypoints[k] = (k % 2 == 0 ? ax : ay) + rawBoxes[o + 4 + k] / (double) INPUT_SIZE;
            }
            out.add(new Detection(new double[] {mx - hw, my - hh, mx + hw, my + hh}, keypoints, score));
        }
        return out;
    }

    private static double area(double[] b) {
        return Math.max(0.0, b[2] - b[0]) * Math.max(0.0, b[3] - b[1]);
    }

    static double iou(double[] a, double[] b) {
        double w = Math.max(0.0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
        double h = Math.max(0.0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
        double inter = w * h;
        double union = area(a) + area(b) - inter;
        return union > 0 ? inter / Math.max(union, 1e-12) : 0.0;
    }

    /**
     * MediaPipe's weighted NMS: each cluster (IoU above the threshold with its best member)
     * becomes one detection, box and keypoints the score-weighted mean, score the best's.
     */
    public static List<Detection> weightedNms(List<Detection> detections) {
        List<Detection> queue = new ArrayList<Detection>(detections);
        // stable sort, best first, as numpy's argsort(kind="stable") on -score
        java.util.Collections.sort(queue, new Comparator<Detection>() {
            @Override
            public int compare(Detection a, Detection b) {
                return Double.compare(b.score, a.score);
            }
        });
        List<Detection> out = new ArrayList<Detection>();
        while (!queue.isEmpty()) {
            Detection best = queue.get(0);
            List<Detection> members = new ArrayList<Detection>();
            List<Detection> rest = new ArrayList<Detection>();
            for (int i = 0; i < queue.size(); i++) {
                Detection d = queue.get(i);
                if (i == 0 || iou(best.box, d.box) > NMS_IOU) members.add(d);
                else rest.add(d);
            }
            double total = 0;
            for (Detection d : members) total += d.score;
            double[] box = new double[4];
            double[] keypoints = new double[2 * NUM_KEYPOINTS];
            for (Detection d : members) {
                double w = d.score / total;
                for (int k = 0; k < 4; k++) box[k] += w * d.box[k];
                for (int k = 0; k < keypoints.length; k++) keypoints[k] += w * d.keypoints[k];
            }
            out.add(new Detection(box, keypoints, best.score));
            queue = rest;
        }
        return out;
    }
}
