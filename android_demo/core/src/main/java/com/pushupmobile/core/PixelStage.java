package com.pushupmobile.core;

/**
 * The pixel families' frame stage (Python's PixelInput in pushup_mobile/preprocess.py): camera
 * frame -> the model's input. Pixels say nothing about who is in view, so BlazePose's person
 * detector runs every {@link #PERSON_CHECK_EVERY} frames; its last answer holds in between,
 * for the person gate ({@link #person()}) and, for a model on the person's square, for the
 * square it sees (the whole frame, letterboxed, until someone is found; the last square
 * through the detector's misses). Without a detector (a whole-frame model bundled without
 * one) the stage cannot tell whether anyone is in view. One instance per stream.
 */
public final class PixelStage {
    /** The detector runs on every 5th frame (3 times a second at 15 fps), as in Python. */
    public static final int PERSON_CHECK_EVERY = 5;

    private final Preprocessor preprocessor;
    private final PersonDetector detector;
    private int frames;
    private boolean seen;
    private Roi square;

    /** {@code detector} may be null only for a whole-frame model. */
    public PixelStage(Preprocessor preprocessor, PersonDetector detector) {
        if (preprocessor.personCrop && detector == null) {
            throw new IllegalArgumentException("a model on the person's square needs the person detector");
        }
        this.preprocessor = preprocessor;
        this.detector = detector;
    }

    public float[] prepare(byte[] rgb, int height, int width) {
        if (detector != null && frames % PERSON_CHECK_EVERY == 0) {
            Roi found = detector.detect(rgb, height, width);
            seen = found != null;
            if (found != null) square = found;
        }
        frames++;
        if (!preprocessor.personCrop || square == null) return preprocessor.prepare(rgb, height, width);
        return preprocessor.prepare(rgb, height, width, square.cx, square.cy, square.size);
    }

    /** Whether the detector's last answer was a person; null without a detector. */
    public Boolean person() {
        return detector == null ? null : seen;
    }

    /** The person's square the last frame was cut from (centre and side upright); null: the whole frame. */
    public Roi square() {
        return preprocessor.personCrop ? square : null;
    }

    /** The next frame asks the detector again; until it finds someone, the whole frame. */
    public void reset() {
        frames = 0;
        seen = false;
        square = null;
    }
}
