package com.pushupmobile.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The manifest written beside every artifact by pushup-export: what the app needs to feed
 * the model and read its outputs, and the sha256 the artifact must have.
 */
public final class Manifest {
    /** "pixel" (camera frames through {@link #preprocessor}) or "pose" (BlazePose keypoints through {@link PoseFeatures}). */
    public final String family;
    public final String format;
    public final String precision;
    public final String layout;
    public final String artifactFile;
    public final String sha256;
    public final boolean trained;
    public final int[] stateShape;
    public final List<String> faults = new ArrayList<String>();
    /** The pixel family's frame preparation; null for the pose family. */
    public final Preprocessor preprocessor;
    /** The pose family's features per frame; 0 for the pixel family. */
    public final int poseFeatures;
    /** The pose family's BlazePose files as the app bundles them (detector, then landmarks); empty for pixels. */
    public final List<String> frontEndModels = new ArrayList<String>();
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
        if (!"pixel".equals(family) && !"pose".equals(family)) {
            throw new IllegalArgumentException("unknown model family " + family);
        }
        List<Object> shape = Json.array(
            Json.object(Json.object(root.get("inputs"), "inputs").get("h"), "inputs.h").get("shape"), "h.shape");
        stateShape = new int[shape.size()];
        for (int i = 0; i < stateShape.length; i++) stateShape[i] = (int) Json.number(shape.get(i), "shape");
        for (Object name : Json.array(Json.object(root.get("labels"), "labels").get("faults"), "faults")) {
            faults.add((String) name);
        }
        Map<String, Object> pre = Json.object(root.get("preprocessing"), "preprocessing");
        boolean pose = "pose".equals(family);
        preprocessor = pose ? null : new Preprocessor(pre, layout);
        poseFeatures = pose ? (int) Json.number(pre.get("features"), "preprocessing.features") : 0;
        if (pose && poseFeatures != PoseFeatures.FEATURES) {
            throw new IllegalArgumentException("pose model takes " + poseFeatures + " features, this app makes "
                + PoseFeatures.FEATURES);
        }
        if (pose) {
            if (!"blazepose".equals(pre.get("front_end"))) {
                throw new IllegalArgumentException("unknown pose front-end " + pre.get("front_end"));
            }
            for (Object path : Json.array(pre.get("front_end_models"), "preprocessing.front_end_models")) {
                String name = (String) path;
                frontEndModels.add(name.substring(name.lastIndexOf('/') + 1));
            }
        }
        fps = Json.number(pre.get("fps"), "preprocessing.fps");
        rules = new FeedbackRules(Json.object(root.get("feedback"), "feedback"));
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

    public int stateSize() {
        int n = 1;
        for (int d : stateShape) n *= d;
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
