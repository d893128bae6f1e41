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
    private val anchors = PoseDetections.anchors().size / 2
    private val side = BlazePoseTracker.HEATMAP_SIDE
    // buffers made once: a frame would otherwise allocate ~2 MB of direct memory
    private val detectorIn = floats(BlazePoseTracker.DETECTOR_SIZE * BlazePoseTracker.DETECTOR_SIZE * 3)
    private val landmarkIn = floats(BlazePoseTracker.LANDMARK_SIZE * BlazePoseTracker.LANDMARK_SIZE * 3)
    private val boxesBuf = floats(anchors * PoseDetections.BOX_VALUES)
    private val scoresBuf = floats(anchors)
    private val rowsBuf = floats(BlazePoseTracker.LANDMARK_ROWS * BlazePoseTracker.LANDMARK_VALUES)
    private val presenceBuf = floats(1)
    private val heatmapBuf = floats(side * side * BlazePoseTracker.LANDMARK_ROWS)

    init {
        require(files.size == 2) { "the manifest names ${files.size} BlazePose files, expected the detector and the landmark model" }
        detector = load(context, files[0], threads, BlazePoseTracker.DETECTOR_SIZE)
        try {
            landmarker = load(context, files[1], threads, BlazePoseTracker.LANDMARK_SIZE)
        } catch (e: Exception) {
            detector.close()
            throw e
        }
        try {
            boxesOut = outputWithShape(detector, intArrayOf(1, anchors, PoseDetections.BOX_VALUES))
            scoresOut = outputWithShape(detector, intArrayOf(1, anchors, 1))
            rowsOut = outputWithShape(landmarker, intArrayOf(1, BlazePoseTracker.LANDMARK_ROWS * BlazePoseTracker.LANDMARK_VALUES))
            presenceOut = outputWithShape(landmarker, intArrayOf(1, 1))
            heatmapOut = outputWithShape(landmarker, intArrayOf(1, side, side, BlazePoseTracker.LANDMARK_ROWS))
        } catch (e: Exception) {
            close()
            throw e
        }
    }

    override fun detect(image: FloatArray, boxes: FloatArray, scores: FloatArray) {
        detector.runForMultipleInputsOutputs(arrayOf(fill(detectorIn, image)), mapOf(boxesOut to boxesBuf, scoresOut to scoresBuf))
        read(boxesBuf, boxes)
        read(scoresBuf, scores)
    }

    override fun landmarks(image: FloatArray, landmarks: FloatArray, heatmap: FloatArray): Float {
        val outputs = mapOf(rowsOut to rowsBuf, presenceOut to presenceBuf, heatmapOut to heatmapBuf)
        landmarker.runForMultipleInputsOutputs(arrayOf(fill(landmarkIn, image)), outputs)
        read(rowsBuf, landmarks)
        read(heatmapBuf, heatmap)
        presenceBuf.rewind()
        return presenceBuf.getFloat()
    }

    override fun close() {
        detector.close()
        landmarker.close()
    }

    private companion object {
        /** A model from the app's assets; its image input must be [1, side, side, 3]. */
        fun load(context: Context, file: String, threads: Int, side: Int): Interpreter {
            val bytes = context.assets.open(file).use { it.readBytes() }
            val model = ByteBuffer.allocateDirect(bytes.size).order(ByteOrder.nativeOrder()).put(bytes)
            model.rewind()
            val interpreter = Interpreter(model, Interpreter.Options().setNumThreads(threads).setUseXNNPACK(true))
            val shape = interpreter.getInputTensor(0).shape()
            if (!shape.contentEquals(intArrayOf(1, side, side, 3))) {
                interpreter.close()
                error("$file takes ${shape.contentToString()}, not a [1, $side, $side, 3] image: bundle it again with pushup-export")
            }
            return interpreter
        }

        fun outputWithShape(interpreter: Interpreter, shape: IntArray): Int =
            (0 until interpreter.outputTensorCount).firstOrNull { interpreter.getOutputTensor(it).shape().contentEquals(shape) }
                ?: error("BlazePose model has no output of shape ${shape.contentToString()}: bundle it again with pushup-export")

        fun floats(count: Int): ByteBuffer = ByteBuffer.allocateDirect(count * 4).order(ByteOrder.nativeOrder())

        fun fill(buffer: ByteBuffer, values: FloatArray): ByteBuffer {
            buffer.clear()
            buffer.asFloatBuffer().put(values)
            return buffer
        }

        fun read(buffer: ByteBuffer, into: FloatArray) {
            buffer.rewind()
            buffer.asFloatBuffer().get(into)
        }
    }
}
