package com.pushupmobile.demo

import android.graphics.Bitmap
import androidx.camera.core.ImageProxy

/** Camera and bitmap pixels -> packed, upright RGB bytes for the core's Preprocessor. */
object FrameConverter {
    /** An RGBA_8888 ImageProxy, rotated upright by its rotationDegrees. */
    fun fromImage(image: ImageProxy): Triple<ByteArray, Int, Int> {
        val plane = image.planes[0]
        val buffer = plane.buffer
        val width = image.width
        val height = image.height
        val rowStride = plane.rowStride
        val pixelStride = plane.pixelStride
        val rgb = ByteArray(width * height * 3)
        for (y in 0 until height) {
            for (x in 0 until width) {
                val src = y * rowStride + x * pixelStride
                val dst = (y * width + x) * 3
                rgb[dst] = buffer.get(src)
                rgb[dst + 1] = buffer.get(src + 1)
                rgb[dst + 2] = buffer.get(src + 2)
            }
        }
        return rotate(rgb, height, width, image.imageInfo.rotationDegrees)
    }

    fun fromBitmap(bitmap: Bitmap): Triple<ByteArray, Int, Int> {
        val width = bitmap.width
        val height = bitmap.height
        val pixels = IntArray(width * height)
        bitmap.getPixels(pixels, 0, width, 0, 0, width, height)
        val rgb = ByteArray(width * height * 3)
        for (i in pixels.indices) {
            val p = pixels[i]
            rgb[i * 3] = (p shr 16 and 0xff).toByte()
            rgb[i * 3 + 1] = (p shr 8 and 0xff).toByte()
            rgb[i * 3 + 2] = (p and 0xff).toByte()
        }
        return Triple(rgb, height, width)
    }

    /** Rotate clockwise by 0/90/180/270 degrees; returns (rgb, height, width). */
    fun rotate(rgb: ByteArray, height: Int, width: Int, degrees: Int): Triple<ByteArray, Int, Int> {
        if (degrees % 360 == 0) return Triple(rgb, height, width)
        val turns = (degrees / 90) % 4
        val outH = if (turns % 2 == 1) width else height
        val outW = if (turns % 2 == 1) height else width
        val out = ByteArray(rgb.size)
        for (y in 0 until height) {
            for (x in 0 until width) {
                val (ny, nx) = when (turns) {
                    1 -> x to (height - 1 - y)
                    2 -> (height - 1 - y) to (width - 1 - x)
                    else -> (width - 1 - x) to y
                }
                System.arraycopy(rgb, (y * width + x) * 3, out, (ny * outW + nx) * 3, 3)
            }
        }
        return Triple(out, outH, outW)
    }
}
