package com.pushupmobile.demo

import com.pushupmobile.core.RepCounter
import com.pushupmobile.core.RepEvent

/** What one frame produced: outputs, the rep it completed (if any) and the count so far. */
class FrameResult(val output: StepOutput, val rep: RepEvent?, val count: Int)

/**
 * The app's loop for one stream, the same as Python's StreamingSession: the frame stage the
 * manifest's family asks for (pixels, or BlazePose -> keypoint features), the step model
 * with its state, the rep counter; everything starts over after a gap in time. Used by the
 * camera screen and by the replay test.
 */
class FramePipeline(private val model: PushupModel, val input: FrameInput) {
    private val manifest = model.manifest
    private var counter = RepCounter(manifest.rules, manifest.faults)
    private var lastT: Double? = null

    /** Start over: zero state, zero count. */
    fun reset() {
        model.resetState()
        input.reset()
        counter = RepCounter(manifest.rules, manifest.faults)
        lastT = null
    }

    fun push(rgb: ByteArray, height: Int, width: Int, t: Double): FrameResult {
        val previous = lastT
        if (previous != null && t - previous > manifest.rules.resetGapS) {
            model.resetState()
            input.reset()
            counter.reset()
        }
        lastT = t
        val output = model.step(input.prepare(rgb, height, width))
        val rep = counter.update(t, output.pushup, output.depth, output.faults, input.form())
        return FrameResult(output, rep, counter.count())
    }
}
