package com.pushupmobile.demo

import android.content.Context
import com.pushupmobile.core.BlazePoseTracker
import com.pushupmobile.core.FormMeasure
import com.pushupmobile.core.Manifest
import com.pushupmobile.core.PoseFeatures
import com.pushupmobile.core.Preprocessor
import java.io.Closeable

/**
 * One upright RGB camera frame -> the step model's `frame` input, as the manifest's
 * preprocessing section asks (Python's FrameInput in pushup_mobile/families/family.py): pixels
 * for the pixel family, BlazePose keypoints -> 51 features for a keypoint family (pose,
 * transformer). A stage may remember between frames (BlazePose's track, the features'
 * running scale): [reset] forgets.
 */
interface FrameInput : Closeable {
    fun prepare(rgb: ByteArray, height: Int, width: Int): FloatArray

    fun reset()

    /** The last frame's form measurements (Python's FrameInput.form), null without keypoints. */
    fun form(): FormMeasure.Frame? = null

    /**
     * Whether the last frame showed a person (Python's FrameInput.person); null when the
     * stage cannot tell: the app's pixel stage has no person detector (Python's runs
     * BlazePose's detector every 5th frame), so there the model alone decides.
     */
    fun person(): Boolean? = null

    companion object {
        fun forManifest(context: Context, manifest: Manifest, threads: Int = 2): FrameInput =
            if (manifest.keypoints) PoseInput(BlazePoseModels(context, manifest.frontEndModels, threads))
            else PixelInput(manifest.preprocessor)
    }
}

/** Letterbox, normalize and lay out the frame (the core's Preprocessor). */
class PixelInput(private val preprocessor: Preprocessor) : FrameInput {
    override fun prepare(rgb: ByteArray, height: Int, width: Int): FloatArray = preprocessor.prepare(rgb, height, width)

    override fun reset() = Unit

    override fun close() = Unit
}

/**
 * BlazePose with its track (the core's BlazePoseTracker, the models run by LiteRT) -> the
 * 17 joints (all invisible when the pose presence is low) -> PoseFeatures, and the frame's
 * form measurements for the rep counter.
 */
class PoseInput(private val models: BlazePoseModels) : FrameInput {
    private val tracker = BlazePoseTracker(models)
    private val features = PoseFeatures()
    private var lastForm: FormMeasure.Frame? = null
    private var lastPresence = 0.0

    override fun prepare(rgb: ByteArray, height: Int, width: Int): FloatArray {
        val pose = tracker.track(rgb, height, width)
        lastPresence = pose.presence
        val (keypoints, visibility) = pose.coco()
        lastForm = FormMeasure.measureFrame(keypoints, visibility, width, height)
        return features.step(keypoints, visibility, width, height)
    }

    override fun form(): FormMeasure.Frame? = lastForm

    override fun person(): Boolean = lastPresence >= BlazePoseTracker.MIN_PRESENCE

    override fun reset() {
        tracker.reset()
        features.reset()
        lastForm = null
        lastPresence = 0.0
    }

    override fun close() = models.close()
}
