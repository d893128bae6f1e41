package com.pushupmobile.demo

import com.pushupmobile.core.RepCounter
import com.pushupmobile.core.RepEvent

/** What one frame produced: outputs, the rep it completed (if any) and the count so far. */
class FrameResult(val output: StepOutput, val rep: RepEvent?, val count: Int)

/**
 * The app's loop for one stream, the same as Python's StreamingSession: preprocess as the
 * manifest says, run the step model with its state, feed the rep counter; reset the state
 * after a gap in time. Used by the camera screen and by the replay test.
 */
class FramePipeline(private val model: PushupModel) {
    private val manifest = model.manifest
    private var counter = RepCounter(manifest.rules, manifest.faults)
    private var lastT: Double? = null

    /** Start over: zero state, zero count. */
    fun reset() {
        model.resetState()
        counter = RepCounter(manifest.rules, manifest.faults)
        lastT = null
    }

    fun push(rgb: ByteArray, height: Int, width: Int, t: Double): FrameResult {
        val previous = lastT
        if (previous != null && t - previous > manifest.rules.resetGapS) {
            model.resetState()
            counter.reset()
        }
        lastT = t
        val output = model.step(manifest.preprocessor.prepare(rgb, height, width))
        val rep = counter.update(t, output.pushup, output.depth, output.faults)
        return FrameResult(output, rep, counter.count())
    }
}
