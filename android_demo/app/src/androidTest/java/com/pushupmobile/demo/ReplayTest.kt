package com.pushupmobile.demo

import android.media.MediaMetadataRetriever
import androidx.test.ext.junit.runners.AndroidJUnit4
import androidx.test.platform.app.InstrumentationRegistry
import com.pushupmobile.core.Json
import org.junit.Assert.assertEquals
import org.junit.Test
import org.junit.runner.RunWith
import java.io.File

/**
 * Replays the bundled clip through the app's own pipeline and compares the rep count with
 * what the Python session computed for the same clip and model (written by
 * `pushup-export bundle`): the phone and the toolchain must agree.
 */
@RunWith(AndroidJUnit4::class)
class ReplayTest {
    @Test
    fun replayedClipGivesThePythonRepCount() {
        val instrumentation = InstrumentationRegistry.getInstrumentation()
        val testAssets = instrumentation.context.assets
        val expected = Json.`object`(Json.parse(testAssets.open("replay.expected.json").bufferedReader().readText()), "expected")
        val clip = File(instrumentation.targetContext.cacheDir, "replay.mp4")
        testAssets.open("replay.mp4").use { input -> clip.outputStream().use { input.copyTo(it) } }

        val model = PushupModel(instrumentation.targetContext, threads = 2)
        val pipeline = FramePipeline(model, FrameInput.forManifest(instrumentation.targetContext, model.manifest))
        val retriever = MediaMetadataRetriever()
        var frames = 0
        var count = 0
        try {
            retriever.setDataSource(clip.absolutePath)
            val durationMs = retriever.extractMetadata(MediaMetadataRetriever.METADATA_KEY_DURATION)!!.toLong()
            val fps = model.manifest.fps
            var t = 0.0
            while (t * 1000 < durationMs) {
                val bitmap = retriever.getFrameAtTime((t * 1e6).toLong(), MediaMetadataRetriever.OPTION_CLOSEST) ?: break
                val (rgb, height, width) = FrameConverter.fromBitmap(bitmap)
                count = pipeline.push(rgb, height, width, t).count
                frames++
                t = frames / fps
            }
        } finally {
            retriever.release()
            pipeline.input.close()
            model.close()
        }
        assertEquals(Json.number(expected["frames"], "frames").toInt().toDouble(), frames.toDouble(), 1.0)
        assertEquals(Json.number(expected["reps"], "reps").toInt(), count)
    }
}
