package com.pushupmobile.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Form measured in a coach's units, a line-by-line port of pushup_mobile/form/measure.py:
 * one frame's COCO-17 keypoints (pixels) -> its raw angles ({@link Frame}), one rep's frames
 * -> its form ({@link Rep}). The golden vectors in tests/golden/form and tests/golden/feedback
 * hold both to the same numbers.
 */
public final class FormMeasure {
    static final double VISIBLE = 0.5;
    static final double BREADTH_PER_TORSO = 0.8;
    static final double MIN_FLOOR_SIDE = 0.1;
    static final int MIN_FRAMES = 3;
    public static final int TOP_FRAMES = 8;
    static final double BOTTOM_BAND = 0.1;
    static final double STRAIGHT_LEGS = 30.0;

    private static final int L_EAR = 3, L_SHOULDER = 5, L_ELBOW = 7, L_WRIST = 9, L_HIP = 11, L_KNEE = 13, L_ANKLE = 15;

    private FormMeasure() {}

    /** One frame's raw measurements; NaN where the keypoints do not allow one. */
    public static final class Frame {
        public final double hipBend;
        public final double wristSide;
        public final double headBend;
        public final double elbow;
        public final double sideAngle;

        public Frame(double hipBend, double wristSide, double headBend, double elbow, double sideAngle) {
            this.hipBend = hipBend;
            this.wristSide = wristSide;
            this.headBend = headBend;
            this.elbow = elbow;
            this.sideAngle = sideAngle;
        }
    }

    /** One rep's form in degrees; null where the rep's frames do not allow a measure. */
    public static final class Rep {
        public final Double bodyLineDeg;
        public final Double bottomElbowDeg;
        public final Double topElbowDeg;
        public final Double headDeg;
        public final Double sideAngleDeg;

        Rep(Double bodyLineDeg, Double bottomElbowDeg, Double topElbowDeg, Double headDeg, Double sideAngleDeg) {
            this.bodyLineDeg = bodyLineDeg;
            this.bottomElbowDeg = bottomElbowDeg;
            this.topElbowDeg = topElbowDeg;
            this.headDeg = headDeg;
            this.sideAngleDeg = sideAngleDeg;
        }

        /** The measure a fault rule reads, by its manifest name. */
        public Double get(String measure) {
            if (measure.equals("body_line_deg")) return bodyLineDeg;
            if (measure.equals("bottom_elbow_deg")) return bottomElbowDeg;
            if (measure.equals("top_elbow_deg")) return topElbowDeg;
            if (measure.equals("head_deg")) return headDeg;
            if (measure.equals("side_angle_deg")) return sideAngleDeg;
            throw new IllegalArgumentException("unknown form measure " + measure);
        }
    }

    /** Visibility-weighted midpoint of the visible joints of a left/right pair, or null. */
    private static double[] mid(double[][] points, double[] visibility, int left) {
        double total = 0.0, x = 0.0, y = 0.0;
        for (int index = left; index <= left + 1; index++) {
            double v = visibility[index];
            if (v >= VISIBLE) {
                total += v;
                x += v * points[index][0];
                y += v * points[index][1];
            }
        }
        return total == 0.0 ? null : new double[] {x / total, y / total};
    }

    private static double turn(double ax, double ay, double bx, double by) {
        return Math.abs(Math.toDegrees(Math.atan2(ax * by - ay * bx, ax * bx + ay * by)));
    }

    private static double sign(double value) {
        return value >= 0.0 ? 1.0 : -1.0;
    }

    private static double elbow(double[][] points, double[] visibility) {
        double best = 0.0, angle = Double.NaN;
        for (int side = 0; side < 2; side++) {
            int s = L_SHOULDER + side, e = L_ELBOW + side, w = L_WRIST + side;
            double seen = Math.min(visibility[s], Math.min(visibility[e], visibility[w]));
            if (seen >= VISIBLE && seen > best) {
                best = seen;
                angle = 180.0 - turn(points[e][0] - points[s][0], points[e][1] - points[s][1],
                    points[w][0] - points[e][0], points[w][1] - points[e][1]);
            }
        }
        return angle;
    }

    private static double[] lineEnd(double[][] points, double[] visibility, double[] hip) {
        double[] knee = mid(points, visibility, L_KNEE);
        double[] ankle = mid(points, visibility, L_ANKLE);
        if (hip == null || knee == null || ankle == null) return knee == null ? ankle : knee;
        double bend = turn(knee[0] - hip[0], knee[1] - hip[1], ankle[0] - knee[0], ankle[1] - knee[1]);
        return bend <= STRAIGHT_LEGS ? ankle : knee;
    }

    /** The tracker's flat keypoints [34] (x, y in 0..1 of the frame) in a width x height frame. */
    public static Frame measureFrame(float[] keypoints, float[] visibility, int width, int height) {
        double[][] points = new double[visibility.length][2];
        double[] seen = new double[visibility.length];
        for (int j = 0; j < visibility.length; j++) {
            points[j][0] = keypoints[2 * j] * (double) width;
            points[j][1] = keypoints[2 * j + 1] * (double) height;
            seen[j] = visibility[j];
        }
        return measureFrame(points, seen);
    }

    /** Keypoints [17][2] in pixels (x right, y down) and their visibility [17]. */
    public static Frame measureFrame(double[][] points, double[] visibility) {
        double[] shoulder = mid(points, visibility, L_SHOULDER);
        double[] hip = mid(points, visibility, L_HIP);
        double[] ankle = lineEnd(points, visibility, hip);
        double elbowAngle = elbow(points, visibility);
        if (shoulder == null || hip == null) return new Frame(Double.NaN, Double.NaN, Double.NaN, elbowAngle, Double.NaN);
        double torsoX = shoulder[0] - hip[0], torsoY = shoulder[1] - hip[1];
        double torso = Math.hypot(torsoX, torsoY);
        boolean both = Math.min(visibility[L_SHOULDER], visibility[L_SHOULDER + 1]) >= VISIBLE;
        double apart = both ? Math.hypot(points[L_SHOULDER][0] - points[L_SHOULDER + 1][0],
            points[L_SHOULDER][1] - points[L_SHOULDER + 1][1]) : 0.0;
        double sideAngle = torso > 0.0 || apart > 0.0 ? Math.toDegrees(Math.atan2(apart / BREADTH_PER_TORSO, torso)) : Double.NaN;
        double hipBend = Double.NaN, wristSide = Double.NaN, headBend = Double.NaN;
        if (ankle != null && torso > 0.0) {
            double lineX = ankle[0] - shoulder[0], lineY = ankle[1] - shoulder[1];
            double length = Math.hypot(lineX, lineY);
            if (length > 0.0) {
                double nx = -lineY / length, ny = lineX / length;
                double offset = (hip[0] - shoulder[0]) * nx + (hip[1] - shoulder[1]) * ny;
                hipBend = sign(offset) * turn(hip[0] - shoulder[0], hip[1] - shoulder[1], ankle[0] - hip[0], ankle[1] - hip[1]);
                double[] wrist = mid(points, visibility, L_WRIST);
                if (wrist != null) wristSide = ((wrist[0] - shoulder[0]) * nx + (wrist[1] - shoulder[1]) * ny) / torso;
                double[] ear = mid(points, visibility, L_EAR);
                if (ear != null) {
                    double away = (ear[0] - shoulder[0]) * nx + (ear[1] - shoulder[1]) * ny;
                    headBend = sign(away) * turn(torsoX, torsoY, ear[0] - shoulder[0], ear[1] - shoulder[1]);
                }
            }
        }
        return new Frame(hipBend, wristSide, headBend, elbowAngle, sideAngle);
    }

    /** The q quantile of the finite values (nearest rank, index floor(q (n - 1) + 0.5)), or null with too few. */
    public static Double quantile(List<Double> values, double q) {
        List<Double> kept = new ArrayList<Double>();
        for (Double v : values) if (!Double.isNaN(v)) kept.add(v);
        if (kept.size() < MIN_FRAMES) return null;
        Collections.sort(kept);
        return kept.get((int) Math.floor(q * (kept.size() - 1) + 0.5));
    }

    private static final int HIP_BEND = 0, WRIST_SIDE = 1, HEAD_BEND = 2, ELBOW = 3, SIDE_ANGLE = 4;

    private static double value(Frame f, int which) {
        switch (which) {
            case HIP_BEND: return f.hipBend;
            case WRIST_SIDE: return f.wristSide;
            case HEAD_BEND: return f.headBend;
            case ELBOW: return f.elbow;
            default: return f.sideAngle;
        }
    }

    private static List<Double> values(List<Frame> frames, int which) {
        List<Double> out = new ArrayList<Double>();
        for (Frame f : frames) out.add(value(f, which));
        return out;
    }

    /** A rep's frames (top frames before it, down to index bottom, back up) and their depths -> its form. */
    public static Rep summariseRep(List<Frame> frames, List<Double> depths, int bottom, double topAt) {
        Double floor = quantile(values(frames, WRIST_SIDE), 0.5);
        double side = floor == null || Math.abs(floor) < MIN_FLOOR_SIDE ? 0.0 : sign(floor);
        double deepest = depths.isEmpty() ? 0.0 : Double.NEGATIVE_INFINITY;
        for (double d : depths) deepest = Math.max(deepest, d);
        List<Frame> top = new ArrayList<Frame>(), low = new ArrayList<Frame>(), descent = new ArrayList<Frame>();
        for (int i = 0; i < frames.size(); i++) {
            double d = depths.get(i);
            if (i <= bottom && d <= topAt) top.add(frames.get(i));
            if (d >= deepest - BOTTOM_BAND) low.add(frames.get(i));
            if (i <= bottom && d > topAt) descent.add(frames.get(i));
        }
        Double bodyLine = null, head = null;
        if (side != 0.0) {
            Double line = quantile(values(frames, HIP_BEND), 0.5);
            bodyLine = line == null ? null : -side * line;
            Double moving = quantile(values(descent, HEAD_BEND), 0.5);
            Double resting = quantile(values(top, HEAD_BEND), 0.5);
            head = moving == null || resting == null ? null : -side * (moving - resting);
        }
        return new Rep(bodyLine, quantile(values(low, ELBOW), 0.1), quantile(values(top, ELBOW), 0.9), head,
            quantile(values(frames, SIDE_ANGLE), 0.5));
    }
}
