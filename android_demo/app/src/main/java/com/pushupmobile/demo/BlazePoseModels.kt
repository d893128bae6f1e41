package com.pushupmobile.demo

import android.content.Context
import com.pushupmobile.core.BlazePoseTracker
import com.pushupmobile.core.PoseDetections
import org.tensorflow.lite.Interpreter
import java.io.Closeable
import java.nio.ByteBuffer
import java.nio.ByteOrder

/**
 * BlazePose's two models, bundled from the mediapipe wheel by `pushup-export bundle`
 * (detector, then landmarks), run with LiteRT for the core's BlazePoseTracker. The files
 * name their outputs only `Identity_N`, so outputs are found by shape, as in Python's
 * pushup_mobile/pose/blazepose.py; a file with other shapes is refused at load.
 */
class BlazePoseModels(context: Context, files: List<String>, threads: Int) : BlazePoseTracker.Models, Closeable {
    private val detector: Interpreter
    private val landmarker: Interpreter
    private val boxesOut: Int
    private val scoresOut: Int
    private val rowsOut: Int
    private val presenceOut: Int
    private val heatmapOut: Int

    init {
        require(files.size == 2) { "the manifest names ${files.size} BlazePose files, expected the detector and the landmark model" }
        detector = load(context, files[0], threads)
        landmarker = load(context, files[1], threads)
        val anchors = PoseDetections.anchors().size / 2
        boxesOut = outputWithShape(detector, intArrayOf(1, anchors, PoseDetections.BOX_VALUES))
        scoresOut = outputWithShape(detector, intArrayOf(1, anchors, 1))
        rowsOut = outputWithShape(landmarker, intArrayOf(1, BlazePoseTracker.LANDMARK_ROWS * BlazePoseTracker.LANDMARK_VALUES))
        presenceOut = outputWithShape(landmarker, intArrayOf(1, 1))
        val side = BlazePoseTracker.HEATMAP_SIDE
        heatmapOut = outputWithShape(landmarker, intArrayOf(1, side, side, BlazePoseTracker.LANDMARK_ROWS))
    }

    override fun detect(image: FloatArray, boxes: FloatArray, scores: FloatArray) {
        val outputs = mapOf(boxesOut to floats(boxes.size), scoresOut to floats(scores.size))
        detector.runForMultipleInputsOutputs(arrayOf(input(image)), outputs)
        read(outputs.getValue(boxesOut), boxes)
        read(outputs.getValue(scoresOut), scores)
    }

    override fun landmarks(image: FloatArray, landmarks: FloatArray, heatmap: FloatArray): Float {
        val presence = FloatArray(1)
        val outputs = mapOf(rowsOut to floats(landmarks.size), presenceOut to floats(1), heatmapOut to floats(heatmap.size))
        landmarker.runForMultipleInputsOutputs(arrayOf(input(image)), outputs)
        read(outputs.getValue(rowsOut), landmarks)
        read(outputs.getValue(presenceOut), presence)
        read(outputs.getValue(heatmapOut), heatmap)
        return presence[0]
    }

    override fun close() {
        detector.close()
        landmarker.close()
    }

    private companion object {
        fun load(context: Context, file: String, threads: Int): Interpreter {
            val bytes = context.assets.open(file).use { it.readBytes() }
            val model = ByteBuffer.allocateDirect(bytes.size).order(ByteOrder.nativeOrder()).put(bytes)
            model.rewind()
            return Interpreter(model, Interpreter.Options().setNumThreads(threads).setUseXNNPACK(true))
        }

        fun outputWithShape(interpreter: Interpreter, shape: IntArray): Int =
            (0 until interpreter.outputTensorCount).firstOrNull { interpreter.getOutputTensor(it).shape().contentEquals(shape) }
                ?: error("BlazePose model has no output of shape ${shape.contentToString()}: bundle it again with pushup-export")

        fun floats(count: Int): ByteBuffer = ByteBuffer.allocateDirect(count * 4).order(ByteOrder.nativeOrder())

        fun input(values: FloatArray): ByteBuffer {
            val buffer = floats(values.size)
            buffer.asFloatBuffer().put(values)
            return buffer
        }

        fun read(buffer: ByteBuffer, into: FloatArray) {
            buffer.rewind()
            buffer.asFloatBuffer().get(into)
        }
    }
}
