package com.pushupmobile.core;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.nio.file.Files;
import org.junit.Test;

/** The manifest bundled into the app parses, and its artifact is checked byte for byte. */
public class ManifestTest {
    private static File assets() {
        String dir = System.getProperty("assets.dir");
        if (dir == null) throw new IllegalStateException("run with -Dassets.dir=<app assets>");
        return new File(dir);
    }

    private static Manifest bundled() throws Exception {
        FileInputStream in = new FileInputStream(new File(assets(), "pushup.tflite.json"));
        try {
            return Manifest.read(in);
        } finally {
            in.close();
        }
    }

    @Test
    public void bundledManifestDescribesTheStreamingModel() throws Exception {
        Manifest manifest = bundled();
        assertEquals("tflite", manifest.format);
        assertEquals("NHWC", manifest.layout);
        assertEquals(5, manifest.faults.size());
        assertEquals("hip_sag", manifest.faults.get(0));
        assertTrue(manifest.state.size() > 0);
        for (String name : manifest.state.keySet()) assertTrue(manifest.stateSize(name) > 0);
        if (!manifest.keypoints) {
            assertTrue(manifest.preprocessor.nhwc);
        } else {
            for (String name : manifest.frontEndModels) {
                assertTrue("the bundled pose model needs " + name, new File(assets(), name).isFile());
            }
        }
        assertEquals(15.0, manifest.fps, 0.0);
    }

    @Test
    public void bundledArtifactMatchesItsManifest() throws Exception {
        byte[] bytes = Files.readAllBytes(new File(assets(), "pushup.tflite").toPath());
        assertEquals(bytes.length, bundled().verified(new ByteArrayInputStream(bytes)).length);
    }

    @Test
    public void aChangedArtifactIsRefused() throws Exception {
        byte[] bytes = Files.readAllBytes(new File(assets(), "pushup.tflite").toPath());
        bytes[bytes.length / 2] ^= 0x01;
        try {
            bundled().verified(new ByteArrayInputStream(bytes));
            fail("a changed artifact must be refused");
        } catch (ManifestMismatchException expected) {
            assertTrue(expected.getMessage().contains("does not match its manifest"));
        }
    }

    @Test
    public void aPoseModelsManifestAsksForKeypointFeatures() throws Exception {
        File file = new File(Golden.dir("manifests"), "pose.tflite.json");
        Manifest manifest = Manifest.read(new FileInputStream(file));
        assertEquals("pose", manifest.family);
        assertTrue(manifest.keypoints);
        assertEquals(null, manifest.preprocessor);
        assertEquals(java.util.Arrays.asList("h", "c"), new java.util.ArrayList<String>(manifest.state.keySet()));
        assertEquals(96, manifest.stateSize("h"));
        assertEquals(PoseFeatures.FEATURES, manifest.poseFeatures);
        assertEquals(java.util.Arrays.asList("pose_detection.tflite", "pose_landmark_full.tflite"), manifest.frontEndModels);
        assertEquals(15.0, manifest.fps, 0.0);
    }

    @Test
    public void aTransformersManifestNamesItsWindowAsTheState() throws Exception {
        File file = new File(Golden.dir("manifests"), "transformer.tflite.json");
        Manifest manifest = Manifest.read(new FileInputStream(file));
        assertEquals("transformer", manifest.family);
        assertTrue("the transformer reads BlazePose keypoints like the pose family", manifest.keypoints);
        assertEquals(java.util.Collections.singletonList("window"), new java.util.ArrayList<String>(manifest.state.keySet()));
        int[] window = manifest.state.get("window");
        assertEquals(PoseFeatures.FEATURES, window[window.length - 1]);
        assertEquals(window[1] * PoseFeatures.FEATURES, manifest.stateSize("window"));
        assertEquals(2, manifest.frontEndModels.size());
    }

    @Test
    public void aModelOnThePersonsSquareNamesItsPersonDetector() throws Exception {
        // the (2+1)D family, like the person-crop pixel model, sees the square BlazePose's
        // person detector places: the app bundles that detector and runs it in the pixel stage
        File file = new File(Golden.dir("manifests"), "cnn3d.tflite.json");
        Manifest manifest = Manifest.read(new FileInputStream(file));
        assertTrue(manifest.preprocessor.personCrop);
        assertEquals("pose_detection.tflite", manifest.personDetector);
        assertTrue(manifest.frontEndModels.isEmpty());
    }

    @Test
    public void aPersonCropManifestWithoutItsDetectorIsRefused() throws Exception {
        File file = new File(Golden.dir("manifests"), "cnn3d.tflite.json");
        String json = new String(Files.readAllBytes(file.toPath()), "UTF-8").replaceFirst(
            "\"person_detector\":\\s*\"[^\"]*\",?", "");
        try {
            new Manifest(json);
            fail("a person-crop model without its detector must be refused");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("re-export"));
        }
    }

    @Test
    public void aStateTheInputsDoNotDeclareIsRefused() throws Exception {
        File file = new File(Golden.dir("manifests"), "transformer.tflite.json");
        String json = new String(Files.readAllBytes(file.toPath()), "UTF-8").replaceFirst(
            "\"state\":\\s*\\[\\s*\"window\"", "\"state\": [\"memory\"");
        try {
            new Manifest(json);
            fail("a state without an input tensor must be refused");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("memory"));
        }
    }
}
