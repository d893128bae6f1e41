package com.pushupmobile.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * BlazePose around its models, against Python: the crop on small images (OpenCV's bilinear
 * warp), and whole tracked streams whose recorded model outputs are replayed through the
 * tracker (decoding, NMS, ROI, heatmap refinement, when to detect again).
 */
public class BlazePoseGoldenTest {
    /** Plays back Python's recorded model outputs in order; a call of the wrong model fails. */
    static final class Replay implements BlazePoseTracker.Models {
        private final List<Object> calls;
        private final int anchors;
        int next;

        Replay(List<Object> calls, int anchors) {
            this.calls = calls;
            this.anchors = anchors;
        }

        private Map<String, Object> take(String model, float[] image, int side) {
            assertTrue("the tracker made more model calls than Python", next < calls.size());
            Map<String, Object> call = Json.object(calls.get(next++), "call");
            assertEquals("call " + (next - 1), model, call.get("model"));
            assertEquals(side * side * 3, image.length);
            return call;
        }

        @Override
        public void detect(float[] image, float[] boxes, float[] scores) {
            Map<String, Object> call = take("detector", image, BlazePoseTracker.DETECTOR_SIZE);
            assertEquals(anchors, scores.length);
            Arrays.fill(boxes, 0f);
            Arrays.fill(scores, -100f);
            double[] kept = Golden.doubles(call.get("anchors"));
            double[] keptScores = Golden.doubles(call.get("scores"));
            List<Object> keptBoxes = Json.array(call.get("boxes"), "boxes");
            for (int i = 0; i < kept.length; i++) {
                int a = (int) kept[i];
                scores[a] = (float) keptScores[i];
                double[] box = Golden.doubles(keptBoxes.get(i));
                for (int k = 0; k < box.length; k++) boxes[a * PoseDetections.BOX_VALUES + k] = (float) box[k];
            }
        }

        @Override
        public float landmarks(float[] image, float[] landmarks, float[] heatmap) {
            Map<String, Object> call = take("landmarker", image, BlazePoseTracker.LANDMARK_SIZE);
            double[] rows = Golden.doubles(call.get("landmarks"));
            for (int i = 0; i < rows.length; i++) landmarks[i] = (float) rows[i];
            Arrays.fill(heatmap, -100f);
            int side = BlazePoseTracker.HEATMAP_SIDE;
            int channels = BlazePoseTracker.LANDMARK_ROWS;
            for (Object w : Json.array(call.get("heatmap_windows"), "windows")) {
                double[] v = Golden.doubles(w);
                int k = (int) v[0], r0 = (int) v[1], c0 = (int) v[2], h = (int) v[3], wd = (int) v[4];
                for (int r = 0; r < h; r++) {
                    for (int c = 0; c < wd; c++) {
                        heatmap[((r0 + r) * side + c0 + c) * channels + k] = (float) v[5 + r * wd + c];
                    }
                }
            }
            return (float) Json.number(call.get("presence"), "presence");
        }
    }

    private static void assertClose(String what, double[] want, float[] got, double tolerance) {
        assertEquals(what + " length", want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(what + " [" + i + "]", want[i], got[i], tolerance);
        }
    }

    @Test
    public void trackedStreamsGiveTheSamePosesAsPython() throws Exception {
        for (File file : Golden.files("blazepose_track")) {
            Map<String, Object> golden = Golden.read(file);
            int height = (int) Json.number(golden.get("height"), "height");
            int width = (int) Json.number(golden.get("width"), "width");
            Replay replay = new Replay(Json.array(golden.get("calls"), "calls"), PoseDetections.anchors().length / 2);
            BlazePoseTracker tracker = new BlazePoseTracker(replay);
            byte[] frame = new byte[height * width * 3]; // the replayed models ignore the pixels
            List<Object> expected = Json.array(golden.get("expected"), "expected");
            for (int t = 0; t < expected.size(); t++) {
                Map<String, Object> want = Json.object(expected.get(t), "frame");
                String where = file.getName() + " frame " + t;
                int before = replay.next;
                BlazePoseTracker.Pose pose = tracker.track(frame, height, width);
                assertEquals(where + " model calls", (int) Json.number(want.get("calls"), "calls"), replay.next - before);
                assertEquals(where + " detected", want.get("detected"), pose.detected);
                assertEquals(where + " presence", Json.number(want.get("presence"), "presence"), pose.presence, 1e-6);
                assertClose(where + " keypoints", Golden.doubles(want.get("keypoints")), pose.keypoints, 1e-4);
                assertClose(where + " visibility", Golden.doubles(want.get("visibility")), pose.visibility, 1e-5);
                float[][] coco = pose.coco();
                assertClose(where + " COCO keypoints", Golden.doubles(want.get("coco_keypoints")), coco[0], 1e-4);
                assertClose(where + " COCO visibility", Golden.doubles(want.get("coco_visibility")), coco[1], 1e-5);
            }
            assertEquals(file.getName() + ": every recorded call replayed", replay.calls.size(), replay.next);
        }
    }

    @Test
    public void cropsMatchOpenCvsBilinearWarp() throws Exception {
        for (File file : Golden.files("blazepose_crop")) {
            Map<String, Object> golden = Golden.read(file);
            int height = (int) Json.number(golden.get("height"), "height");
            int width = (int) Json.number(golden.get("width"), "width");
            int side = (int) Json.number(golden.get("side"), "side");
            double[] values = Golden.doubles(golden.get("rgb"));
            byte[] rgb = new byte[values.length];
            for (int i = 0; i < rgb.length; i++) rgb[i] = (byte) (int) values[i];
            Map<String, Object> r = Json.object(golden.get("roi"), "roi");
            Roi roi = new Roi(Json.number(r.get("cx"), "cx"), Json.number(r.get("cy"), "cy"),
                Json.number(r.get("size"), "size"), Json.number(r.get("rotation"), "rotation"));
            float[] got = roi.crop(rgb, height, width, side, 1f, 0f);
            assertClose(file.getName(), Golden.doubles(golden.get("expected")), got, 0.0);
        }
    }

    @Test
    public void anchorsAreTheDetectorsLayout() {
        double[] anchors = PoseDetections.anchors();
        assertEquals(2 * 2254, anchors.length);
        assertEquals(0.5 / 28, anchors[0], 1e-12); // first cell of the stride-8 map
        assertEquals(6.5 / 7, anchors[anchors.length - 1], 1e-12); // last cell of the stride-32 map
    }
}
