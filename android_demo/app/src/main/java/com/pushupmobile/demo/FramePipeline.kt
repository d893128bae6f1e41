package com.pushupmobile.demo

import com.pushupmobile.core.RepCounter
import com.pushupmobile.core.RepEvent

/** What one frame produced: outputs, the rep it completed (if any) and the count so far. */
class FrameResult(val output: StepOutput, val rep: RepEvent?, val count: Int)

/**
 * The app's loop for one stream, the same as Python's StreamingSession: the frame stage the
 * manifest's family asks for (pixels, or BlazePose -> keypoint features), the step model
 * with its state, the rep counter; everything starts over after a gap in time, and no frame
 * is a push-up while the stage has seen nobody for the rules' person memory. Used by the
 * camera screen and by the replay test.
 */
class FramePipeline(private val model: PushupModel, val input: FrameInput) {
    private val manifest = model.manifest
    private var counter = RepCounter(manifest.rules, manifest.faults)
    private var lastT: Double? = null
    private var personT: Double? = null

    /** Start over: zero state, zero count. */
    fun reset() {
        model.resetState()
        input.reset()
        counter = RepCounter(manifest.rules, manifest.faults)
        lastT = null
        personT = null
    }

    fun push(rgb: ByteArray, height: Int, width: Int, t: Double): FrameResult {
        val previous = lastT
        if (previous != null && t - previous > manifest.rules.resetGapS) {
            model.resetState()
            input.reset()
            counter.reset()
            personT = null
        }
        lastT = t
        val output = model.step(input.prepare(rgb, height, width))
        val person = input.person()
        if (person != false) personT = t  // a stage that cannot tell does not gate
        val seen = personT?.let { t - it <= manifest.rules.personMemoryS } ?: false
        val rep = counter.update(t, if (seen) output.pushup else 0.0, output.depth, output.faults, input.form())
        return FrameResult(output, rep, counter.count())
    }
}
