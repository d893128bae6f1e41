package com.pushupmobile.core;

import java.util.List;

/**
 * BlazePose's person detector around its model: the letterboxed frame in, the best-scoring
 * person's ROI out (decoded anchors, weighted NMS, the hip-centred square), or null when
 * nobody scores enough. The same as PersonDetector.detect in pushup_mobile/pose/blazepose.py.
 * BlazePoseTracker asks it when it has no track; the pixel stage ({@link PixelStage}) asks it
 * every few frames for the square a person-crop model sees. The model itself stays outside.
 */
public final class PersonDetector {
    public static final int INPUT_SIZE = PoseDetections.INPUT_SIZE;

    /** The detector model, run by the caller. */
    public interface Model {
        /** Detector on [224, 224, 3] row-major HWC RGB in -1..1: fills raw boxes [A * 12] and score logits [A]. */
        void detect(float[] image, float[] boxes, float[] scores);
    }

    private final Model model;
    private final double[] anchors = PoseDetections.anchors();
    private final float[] boxes;
    private final float[] scores;

    public PersonDetector(Model model) {
        this.model = model;
        boxes = new float[anchors.length / 2 * PoseDetections.BOX_VALUES];
        scores = new float[anchors.length / 2];
    }

    /** The best-scoring person's ROI in frame pixels (upright crop: {@link Roi#cx}, {@link Roi#cy},
     * {@link Roi#size}), or null when nobody scores enough. */
    public Roi detect(byte[] rgb, int height, int width) {
        Roi box = Roi.wholeFrame(width, height);
        model.detect(box.crop(rgb, height, width, INPUT_SIZE, 1f / 127.5f, -1f), boxes, scores);
        List<PoseDetections.Detection> people = PoseDetections.weightedNms(
            PoseDetections.decode(boxes, scores, anchors, PoseDetections.MIN_SCORE));
        if (people.isEmpty()) return null;
        double[] k = people.get(0).keypoints;
        double[] hip = box.toFrame(k[0], k[1]);
        double[] towards = box.toFrame(k[2], k[3]);
        return Roi.aligned(hip[0], hip[1], towards[0], towards[1]);
    }
}
