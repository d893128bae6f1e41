package com.pushupmobile.demo

import android.content.Context
import android.graphics.Canvas
import android.graphics.Color
import android.graphics.Paint
import android.util.AttributeSet
import android.view.View

/** Rep count, depth bar, push-up probability and the latest advice over the preview. */
class OverlayView(context: Context, attrs: AttributeSet? = null) : View(context, attrs) {
    private var reps = 0
    private var depth = 0.0
    private var pushup = 0.0
    private var advice = ""
    private var warning = ""
    private val big = Paint(Paint.ANTI_ALIAS_FLAG).apply { color = Color.GREEN; textSize = 96f; isFakeBoldText = true }
    private val small = Paint(Paint.ANTI_ALIAS_FLAG).apply { color = Color.WHITE; textSize = 42f }
    private val tip = Paint(Paint.ANTI_ALIAS_FLAG).apply { color = Color.rgb(255, 200, 0); textSize = 52f }
    private val bar = Paint().apply { color = Color.GREEN }
    private val frame = Paint().apply { color = Color.WHITE; style = Paint.Style.STROKE; strokeWidth = 3f }

    fun show(reps: Int, depth: Double, pushup: Double, advice: String) {
        this.reps = reps
        this.depth = depth
        this.pushup = pushup
        this.advice = advice
        invalidate()
    }

    fun warn(text: String) {
        warning = text
        invalidate()
    }

    override fun onDraw(canvas: Canvas) {
        super.onDraw(canvas)
        canvas.drawText("$reps", 40f, 120f, big)
        canvas.drawText("push-up %.2f".format(pushup), 40f, 180f, small)
        if (warning.isNotEmpty()) canvas.drawText(warning, 40f, 240f, small)
        if (advice.isNotEmpty()) canvas.drawText(advice, 40f, height - 60f, tip)
        val left = width - 80f
        val top = 60f
        val bottom = height - 160f
        canvas.drawRect(left, top, left + 40f, bottom, frame)
        canvas.drawRect(left, top, left + 40f, top + ((bottom - top) * depth).toFloat(), bar)
    }
}
