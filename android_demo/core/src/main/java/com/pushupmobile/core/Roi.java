package com.pushupmobile.core;

/**
 * A rotated square of the frame that BlazePose's models look at: centre and side in frame
 * pixels, rotation in radians (MediaPipe's sign). The same as Roi in
 * pushup_mobile/pose/blazepose.py; {@link #crop} reproduces OpenCV 5's bilinear warpAffine
 * (bilinear in floating point, rounded to the nearest level, black outside the frame),
 * checked on the blazepose_crop golden files.
 */
public final class Roi {
    static final double ROI_SCALE = 1.25;

    public final double cx;
    public final double cy;
    public final double size;
    public final double rotation;

    public Roi(double cx, double cy, double size, double rotation) {
        this.cx = cx;
        this.cy = cy;
        this.size = size;
        this.rotation = rotation;
    }

    /** The letterbox: the frame's long side, centred. */
    public static Roi wholeFrame(int width, int height) {
        return new Roi(width / 2.0, height / 2.0, Math.max(width, height), 0.0);
    }

    /** Centred on (cx, cy), 2 x the distance to (tx, ty) x 1.25 wide, turned so (tx, ty) points up. */
    public static Roi aligned(double cx, double cy, double tx, double ty) {
        double dx = tx - cx;
        double dy = ty - cy;
        double angle = Math.PI / 2 - Math.atan2(-dy, dx);
        angle -= 2 * Math.PI * Math.floor((angle + Math.PI) / (2 * Math.PI));
        return new Roi(cx, cy, 2 * Math.hypot(dx, dy) * ROI_SCALE, angle);
    }

    /** A point (u, v) in 0..1 of the crop -> frame pixels {x, y}. */
    public double[] toFrame(double u, double v) {
        double c = Math.cos(rotation);
        double s = Math.sin(rotation);
        return new double[] {
            cx + size * (c * (u - 0.5) - s * (v - 0.5)),
            cy + size * (s * (u - 0.5) + c * (v - 0.5)),
        };
    }

    /**
     * The ROI of a packed RGB frame resampled to {@code side x side}, each channel value v
     * (0..255) written as {@code v * scale + offset}, row-major HWC.
     */
    public float[] crop(byte[] rgb, int height, int width, int side, float scale, float offset) {
        double c = Math.cos(rotation) * size / side;
        double s = Math.sin(rotation) * size / side;
        double[] origin = toFrame(0, 0);
        // dst (x, y) samples src at M (x, y, 1): pixel centres sit at +0.5 in both images
        double m0 = c, m1 = -s, m2 = origin[0] + 0.5 * (c - s) - 0.5;
        double m3 = s, m4 = c, m5 = origin[1] + 0.5 * (s + c) - 0.5;
        float[] out = new float[side * side * 3];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double fx = m0 * x + m1 * y + m2;
                double fy = m3 * x + m4 * y + m5;
                int sx = (int) Math.floor(fx);
                int sy = (int) Math.floor(fy);
                double ax = fx - sx;
                double ay = fy - sy;
                int o = (y * side + x) * 3;
                for (int ch = 0; ch < 3; ch++) {
                    double v = (1 - ax) * (1 - ay) * pixel(rgb, height, width, sx, sy, ch)
                        + ax * (1 - ay) * pixel(rgb, height, width, sx + 1, sy, ch)
                        + (1 - ax) * ay * pixel(rgb, height, width, sx, sy + 1, ch)
                        + ax * ay * pixel(rgb, height, width, sx + 1, sy + 1, ch);
                    out[o + ch] = Math.min(255, Math.max(0, Math.round(v))) * scale + offset;
                }
            }
        }
        return out;
    }

    private static int pixel(byte[] rgb, int height, int width, int x, int y, int ch) {
        if (x < 0 || y < 0 || x >= width || y >= height) return 0;
        return rgb[(y * width + x) * 3 + ch] & 0xff;
    }
}
