package com.pushupmobile.demo

import android.content.Context
import com.pushupmobile.core.BlazePoseTracker
import com.pushupmobile.core.PersonDetector
import com.pushupmobile.core.PoseDetections
import org.tensorflow.lite.Interpreter
import java.io.Closeable
import java.nio.ByteBuffer
import java.nio.ByteOrder

/**
 * BlazePose's person detector, bundled from the mediapipe wheel by `pushup-export bundle`,
 * run with LiteRT for the core's PersonDetector: alone in the pixel stage of a model on the
 * person's square, or inside [BlazePoseModels]. The file names its outputs only
 * `Identity_N`, so outputs are found by shape, as in Python's pushup_mobile/pose/blazepose.py;
 * a file with other shapes is refused at load.
 */
class DetectorModel(context: Context, file: String, threads: Int) : PersonDetector.Model, Closeable {
    private val anchors = PoseDetections.anchors().size / 2
    // buffers made once (before the model, so nothing can fail between loading and the checks
    // below): a frame would otherwise allocate ~0.6 MB of direct memory
    private val detectorIn = LiteRtFiles.floats(BlazePoseTracker.DETECTOR_SIZE * BlazePoseTracker.DETECTOR_SIZE * 3)
    private val boxesBuf = LiteRtFiles.floats(anchors * PoseDetections.BOX_VALUES)
    private val scoresBuf = LiteRtFiles.floats(anchors)
    private val detector = LiteRtFiles.load(context, file, threads, BlazePoseTracker.DETECTOR_SIZE)
    private val boxesOut: Int
    private val scoresOut: Int

    init {
        try {
            boxesOut = LiteRtFiles.outputWithShape(detector, intArrayOf(1, anchors, PoseDetections.BOX_VALUES))
            scoresOut = LiteRtFiles.outputWithShape(detector, intArrayOf(1, anchors, 1))
        } catch (e: Exception) {
            detector.close()
            throw e
        }
    }

    override fun detect(image: FloatArray, boxes: FloatArray, scores: FloatArray) {
        detector.runForMultipleInputsOutputs(arrayOf(LiteRtFiles.fill(detectorIn, image)),
            mapOf(boxesOut to boxesBuf, scoresOut to scoresBuf))
        LiteRtFiles.read(boxesBuf, boxes)
        LiteRtFiles.read(scoresBuf, scores)
    }

    override fun close() = detector.close()
}

/**
 * BlazePose's two models (detector, then landmarks, as the manifest lists them) for the
 * core's BlazePoseTracker.
 */
class BlazePoseModels(context: Context, files: List<String>, threads: Int) : BlazePoseTracker.Models, Closeable {
    private val detector: DetectorModel
    private val landmarker: Interpreter
    private val rowsOut: Int
    private val presenceOut: Int
    private val heatmapOut: Int
    private val side = BlazePoseTracker.HEATMAP_SIDE
    // buffers made once: a frame would otherwise allocate ~2 MB of direct memory
    private val landmarkIn = LiteRtFiles.floats(BlazePoseTracker.LANDMARK_SIZE * BlazePoseTracker.LANDMARK_SIZE * 3)
    private val rowsBuf = LiteRtFiles.floats(BlazePoseTracker.LANDMARK_ROWS * BlazePoseTracker.LANDMARK_VALUES)
    private val presenceBuf = LiteRtFiles.floats(1)
    private val heatmapBuf = LiteRtFiles.floats(side * side * BlazePoseTracker.LANDMARK_ROWS)

    init {
        require(files.size == 2) { "the manifest names ${files.size} BlazePose files, expected the detector and the landmark model" }
        detector = DetectorModel(context, files[0], threads)
        try {
            landmarker = LiteRtFiles.load(context, files[1], threads, BlazePoseTracker.LANDMARK_SIZE)
        } catch (e: Exception) {
            detector.close()
            throw e
        }
        try {
            rowsOut = LiteRtFiles.outputWithShape(landmarker, intArrayOf(1, BlazePoseTracker.LANDMARK_ROWS * BlazePoseTracker.LANDMARK_VALUES))
            presenceOut = LiteRtFiles.outputWithShape(landmarker, intArrayOf(1, 1))
            heatmapOut = LiteRtFiles.outputWithShape(landmarker, intArrayOf(1, side, side, BlazePoseTracker.LANDMARK_ROWS))
        } catch (e: Exception) {
            close()
            throw e
        }
    }

    override fun detect(image: FloatArray, boxes: FloatArray, scores: FloatArray) = detector.detect(image, boxes, scores)

    override fun landmarks(image: FloatArray, landmarks: FloatArray, heatmap: FloatArray): Float {
        val outputs = mapOf(rowsOut to rowsBuf, presenceOut to presenceBuf, heatmapOut to heatmapBuf)
        landmarker.runForMultipleInputsOutputs(arrayOf(LiteRtFiles.fill(landmarkIn, image)), outputs)
        LiteRtFiles.read(rowsBuf, landmarks)
        LiteRtFiles.read(heatmapBuf, heatmap)
        presenceBuf.rewind()
        return presenceBuf.getFloat()
    }

    override fun close() {
        detector.close()
        landmarker.close()
    }
}

/** Loading BlazePose's files from the app's assets and moving floats in and out of LiteRT. */
private object LiteRtFiles {
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
