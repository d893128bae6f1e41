package com.pushupmobile.demo

import android.content.Context
import com.pushupmobile.core.BlazePoseTracker
import com.pushupmobile.core.FormMeasure
import com.pushupmobile.core.Manifest
import com.pushupmobile.core.PersonDetector
import com.pushupmobile.core.PixelStage
import com.pushupmobile.core.PoseFeatures
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
     * stage cannot tell: a whole-frame pixel model is bundled without a person detector
     * (Python's runs BlazePose's detector every 5th frame), so there the model alone decides.
     */
    fun person(): Boolean? = null

    companion object {
        fun forManifest(context: Context, manifest: Manifest, threads: Int = 2): FrameInput =
            if (manifest.keypoints) PoseInput(BlazePoseModels(context, manifest.frontEndModels, threads))
            else PixelInput(manifest, manifest.personDetector?.let { DetectorModel(context, it, threads) })
    }
}

/**
 * The core's PixelStage: the whole frame letterboxed or, for a model on the person's square,
 * the square BlazePose's person detector last found (asked every 5th frame, which also gates
 * "no push-up without a person"); normalized and laid out as the manifest says.
 */
class PixelInput(manifest: Manifest, private val detector: DetectorModel?) : FrameInput {
    private val stage = PixelStage(manifest.preprocessor, detector?.let { PersonDetector(it) })

    override fun prepare(rgb: ByteArray, height: Int, width: Int): FloatArray = stage.prepare(rgb, height, width)

    override fun person(): Boolean? = stage.person()

    override fun reset() = stage.reset()

    override fun close() {
        detector?.close()
    }
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
