package com.pushupmobile.demo

import android.content.Context
import com.pushupmobile.core.Manifest
import org.tensorflow.lite.DataType
import org.tensorflow.lite.Interpreter
import org.tensorflow.lite.Tensor
import java.io.Closeable
import java.nio.ByteBuffer
import java.nio.ByteOrder

/** Per-frame model outputs as probabilities (depth is already 0..1). */
class StepOutput(val pushup: Double, val depth: Double, val faults: DoubleArray)

/**
 * The bundled step model: LiteRT interpreter with XNNPACK, signature "serving_default",
 * inputs `frame` and the manifest's named state, outputs pushup/depth/faults and the same
 * state, all read by name; the state (an LSTM's h and c, a transformer's window, ...) is
 * fed back every frame, whatever the family, so a new family needs no change here. The
 * artifact is refused unless its sha256 matches the bundled manifest.
 * Integer-I/O files (static int8) are quantized and dequantized here with each tensor's
 * own scale, state included, every step.
 */
class PushupModel(context: Context, val threads: Int = 2) : Closeable {
    val manifest: Manifest = context.assets.open(MANIFEST).use { Manifest.read(it) }
    val loadMillis: Double
    private val interpreter: Interpreter
    private var state: Map<String, FloatArray>

    init {
        val start = System.nanoTime()
        val bytes = context.assets.open(manifest.artifactFile).use { manifest.verified(it) }
        val model = ByteBuffer.allocateDirect(bytes.size).order(ByteOrder.nativeOrder()).put(bytes)
        model.rewind()
        val options = Interpreter.Options().setNumThreads(threads).setUseXNNPACK(true)
        interpreter = Interpreter(model, options)
        state = zeroState()
        loadMillis = (System.nanoTime() - start) / 1e6
    }

    fun resetState() {
        state = zeroState()
    }

    /** One frame (as the manifest's [FrameInput] prepares it) through the model. */
    fun step(frame: FloatArray): StepOutput {
        val inputs = mapOf("frame" to encode(frame, input("frame"))) +
            state.mapValues { (name, values) -> encode(values, input(name)) }
        val outputs = (HEADS + manifest.state.keys).associateWith { name ->
            ByteBuffer.allocateDirect(output(name).numBytes()).order(ByteOrder.nativeOrder())
        }
        interpreter.runSignature(inputs, outputs, SIGNATURE)
        val values = outputs.mapValues { (name, buffer) -> decode(buffer, output(name)) }
        state = manifest.state.keys.associateWith { values.getValue(it) }
        return StepOutput(
            pushup = sigmoid(values.getValue("pushup")[0].toDouble()),
            depth = values.getValue("depth")[0].toDouble(),
            faults = DoubleArray(manifest.faults.size) { sigmoid(values.getValue("faults")[it].toDouble()) },
        )
    }

    override fun close() = interpreter.close()

    /** Values in one `frame` input: 3 x S x S pixels, or the pose family's features. */
    fun frameElements(): Int = input("frame").numElements()

    private fun zeroState(): Map<String, FloatArray> =
        manifest.state.keys.associateWith { FloatArray(manifest.stateSize(it)) }

    private fun input(name: String): Tensor = interpreter.getInputTensorFromSignature(name, SIGNATURE)

    private fun output(name: String): Tensor = interpreter.getOutputTensorFromSignature(name, SIGNATURE)

    private fun encode(values: FloatArray, tensor: Tensor): ByteBuffer {
        val buffer = ByteBuffer.allocateDirect(tensor.numBytes()).order(ByteOrder.nativeOrder())
        when (tensor.dataType()) {
            DataType.FLOAT32 -> values.forEach { buffer.putFloat(it) }
            DataType.INT8 -> {
                val q = tensor.quantizationParams()
                values.forEach {
                    val v = Math.round(it / q.scale) + q.zeroPoint
                    buffer.put(v.coerceIn(-128, 127).toByte())
                }
            }
            else -> error("unsupported input type ${tensor.dataType()} for ${tensor.name()}")
        }
        buffer.rewind()
        return buffer
    }

    private fun decode(buffer: ByteBuffer, tensor: Tensor): FloatArray {
        buffer.rewind()
        val count = tensor.numElements()
        return when (tensor.dataType()) {
            DataType.FLOAT32 -> FloatArray(count) { buffer.getFloat() }
            DataType.INT8 -> {
                val q = tensor.quantizationParams()
                FloatArray(count) { (buffer.get() - q.zeroPoint) * q.scale }
            }
            else -> error("unsupported output type ${tensor.dataType()} for ${tensor.name()}")
        }
    }

    companion object {
        const val MANIFEST = "pushup.tflite.json"
        const val SIGNATURE = "serving_default"
        val HEADS = listOf("pushup", "depth", "faults")

        private fun sigmoid(x: Double) = 1.0 / (1.0 + Math.exp(-x))
    }
}
