package com.pushupmobile.demo

import android.app.Activity
import android.os.Bundle
import android.util.Log
import android.widget.TextView
import java.util.Random
import kotlin.concurrent.thread
import kotlin.math.sqrt

/**
 * The same fields as `pushup-export bench` (load, first step, mean/std/p50/p90/p99 of warm
 * steps, frames/s) for the bundled step model at 1 and 2 threads; the JSON line is also
 * logged under the tag "pushup-bench" so `adb logcat -s pushup-bench` collects it. For the
 * pose family this is the temporal model alone, as in `pushup-export bench`: BlazePose's
 * own cost comes on top (TFLite's benchmark_model on its two files measures it), as does
 * a person-crop pixel model's detector, run every 5th frame, and its square's resize.
 */
class BenchmarkActivity : Activity() {
    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        setContentView(R.layout.activity_benchmark)
        val text = findViewById<TextView>(R.id.results)
        text.text = getString(R.string.benchmark) + "…"
        thread {
            val lines = listOf(1, 2).map { measure(it) }
            runOnUiThread { text.text = lines.joinToString("\n\n") }
        }
    }

    private fun measure(threads: Int, runs: Int = 200, warmup: Int = 20): String {
        val model = PushupModel(this, threads)
        model.use {
            val random = Random(4)
            val frame = FloatArray(it.frameElements()) { random.nextGaussian().toFloat() }
            var start = System.nanoTime()
            it.step(frame)
            val firstMs = (System.nanoTime() - start) / 1e6
            repeat(warmup) { _ -> it.step(frame) }
            val samples = DoubleArray(runs)
            val wall = System.nanoTime()
            for (i in 0 until runs) {
                start = System.nanoTime()
                it.step(frame)
                samples[i] = (System.nanoTime() - start) / 1e6
            }
            val fps = runs / ((System.nanoTime() - wall) / 1e9)
            val sorted = samples.sorted()
            fun pct(p: Double) = sorted[((sorted.size - 1) * p).toInt()]
            val mean = samples.average()
            val std = sqrt(samples.map { (it - mean) * (it - mean) }.average())
            val json = """{"name": "${it.manifest.artifactFile}", "runtime": "tflite", "precision": "${it.manifest.precision}", """ +
                """"threads": $threads, "load_ms": ${it.loadMillis}, "first_ms": $firstMs, "latency": {"mean_ms": $mean, """ +
                """"std_ms": $std, "p50_ms": ${pct(0.5)}, "p90_ms": ${pct(0.9)}, "p99_ms": ${pct(0.99)}, "runs": $runs}, """ +
                """"fps": $fps, "source": "app"}"""
            Log.i("pushup-bench", json)
            return "%d thread(s): load %.1f ms, first %.1f ms, p50 %.2f ms, p90 %.2f ms, %.0f frames/s"
                .format(threads, it.loadMillis, firstMs, pct(0.5), pct(0.9), fps)
        }
    }
}
