package com.pushupmobile.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifest written beside every artifact by pushup-export: what the app needs to feed
 * the model and read its outputs, and the sha256 the artifact must have.
 */
public final class Manifest {
    /** The state of manifests written before the state was named in them: an LSTM's. */
    private static final List<Object> LSTM_STATE = Arrays.<Object>asList("h", "c");

    /** The model family's name ("pixel", "pose", "transformer", ...): informative only; the
     * frame stage follows the preprocessing section ({@link #keypoints}). */
    public final String family;
    public final String format;
    public final String precision;
    public final String layout;
    public final String artifactFile;
    public final String sha256;
    public final boolean trained;
    /** The streaming state's tensors by name, in the order the step takes them (an LSTM's
     * h and c, a transformer's window of features, ...): fed back output to input every frame. */
    public final Map<String, int[]> state = new LinkedHashMap<String, int[]>();
    /** Whether the frame input is BlazePose keypoints through {@link PoseFeatures} (the
     * preprocessing section names a front-end) rather than camera pixels. */
    public final boolean keypoints;
    public final List<String> faults = new ArrayList<String>();
    /** The pixel frame preparation; null for a keypoint model. */
    public final Preprocessor preprocessor;
    /** A keypoint model's features per frame; 0 for a pixel model. */
    public final int poseFeatures;
    /** A keypoint model's BlazePose files as the app bundles them (detector, then landmarks); empty for pixels. */
    public final List<String> frontEndModels = new ArrayList<String>();
    /** A model on the person's square: the person detector's file as the app bundles it
     * (BlazePose's, run by {@link PixelStage}); null for a whole-frame or keypoint model. */
    public final String personDetector;
    public final FeedbackRules rules;
    public final double fps;

    public Manifest(String json) {
        Map<String, Object> root = Json.object(Json.parse(json), "manifest");
        format = (String) root.get("format");
        precision = (String) root.get("precision");
        layout = (String) root.get("layout");
        Map<String, Object> artifact = Json.object(root.get("artifact"), "artifact");
        artifactFile = (String) artifact.get("file");
        sha256 = (String) artifact.get("sha256");
        Map<String, Object> model = Json.object(root.get("model"), "model");
        trained = Boolean.TRUE.equals(model.get("trained"));
        family = model.containsKey("family") ? (String) model.get("family") : "pixel";
        Map<String, Object> inputs = Json.object(root.get("inputs"), "inputs");
        List<Object> names = root.containsKey("state") ? Json.array(root.get("state"), "state") : LSTM_STATE;
        for (Object name : names) {
            List<Object> shape = Json.array(Json.object(inputs.get(name), "inputs." + name).get("shape"), name + ".shape");
            int[] dims = new int[shape.size()];
            for (int i = 0; i < dims.length; i++) dims[i] = (int) Json.number(shape.get(i), name + ".shape");
            state.put((String) name, dims);
        }
        for (Object name : Json.array(Json.object(root.get("labels"), "labels").get("faults"), "faults")) {
            faults.add((String) name);
        }
        Map<String, Object> pre = Json.object(root.get("preprocessing"), "preprocessing");
        keypoints = pre.containsKey("front_end");
        preprocessor = keypoints ? null : new Preprocessor(pre, layout);
        if (preprocessor != null && preprocessor.personCrop) {
            if (!(pre.get("person_detector") instanceof String)) {
                throw new IllegalArgumentException(
                    "a person-crop manifest without preprocessing.person_detector; re-export the artifact");
            }
            personDetector = fileName((String) pre.get("person_detector"));
        } else {
            personDetector = null;
        }
        poseFeatures = keypoints ? (int) Json.number(pre.get("features"), "preprocessing.features") : 0;
        if (keypoints && poseFeatures != PoseFeatures.FEATURES) {
            throw new IllegalArgumentException("the model takes " + poseFeatures + " keypoint features, this app makes "
                + PoseFeatures.FEATURES);
        }
        if (keypoints) {
            if (!"blazepose".equals(pre.get("front_end"))) {
                throw new IllegalArgumentException("unknown pose front-end " + pre.get("front_end"));
            }
            for (Object path : Json.array(pre.get("front_end_models"), "preprocessing.front_end_models")) {
                frontEndModels.add(fileName((String) path));
            }
        }
        fps = Json.number(pre.get("fps"), "preprocessing.fps");
        rules = new FeedbackRules(Json.object(root.get("feedback"), "feedback"));
    }

    /** The last part of a model reference (the file's name in the app's assets). */
    private static String fileName(String reference) {
        return reference.substring(reference.lastIndexOf('/') + 1);
    }

    public static Manifest read(InputStream in) throws IOException {
        return new Manifest(new String(readAll(in), Charset.forName("UTF-8")));
    }

    /** The artifact's bytes, after checking them against the manifest's sha256. */
    public byte[] verified(InputStream artifact) throws IOException, ManifestMismatchException {
        byte[] bytes = readAll(artifact);
        String actual = sha256Hex(bytes);
        if (!actual.equals(sha256)) {
            throw new ManifestMismatchException(
                artifactFile + " does not match its manifest: sha256 " + actual.substring(0, 12)
                    + " != " + sha256.substring(0, 12));
        }
        return bytes;
    }

    /** Values in the state tensor {@code name}. */
    public int stateSize(String name) {
        int n = 1;
        for (int d : state.get(name)) n *= d;
        return n;
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            StringBuilder hex = new StringBuilder();
            for (byte b : digest) hex.append(String.format("%02x", b & 0xff));
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        int n;
        while ((n = in.read(buffer)) > 0) out.write(buffer, 0, n);
        return out.toByteArray();
    }
}
