package com.pushupmobile.demo

import android.Manifest.permission.CAMERA
import android.content.Intent
import android.content.pm.PackageManager
import android.os.Bundle
import android.widget.Button
import android.widget.Toast
import androidx.activity.ComponentActivity
import androidx.activity.result.contract.ActivityResultContracts
import androidx.camera.core.CameraSelector
import androidx.camera.core.ImageAnalysis
import androidx.camera.core.Preview
import androidx.camera.lifecycle.ProcessCameraProvider
import androidx.camera.view.PreviewView
import androidx.core.content.ContextCompat
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors

/** Camera preview with live rep count, depth bar and advice. */
class MainActivity : ComponentActivity() {
    private lateinit var overlay: OverlayView
    private lateinit var model: PushupModel
    private lateinit var pipeline: FramePipeline
    private val analysis: ExecutorService = Executors.newSingleThreadExecutor()
    private var lastFrameNanos = 0L
    private var advice = ""

    private val askCamera = registerForActivityResult(ActivityResultContracts.RequestPermission()) { granted ->
        if (granted) startCamera() else Toast.makeText(this, R.string.camera_denied, Toast.LENGTH_LONG).show()
    }

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        setContentView(R.layout.activity_main)
        overlay = findViewById(R.id.overlay)
        model = PushupModel(this)
        pipeline = FramePipeline(model, FrameInput.forManifest(this, model.manifest))
        if (!model.manifest.trained) overlay.warn(getString(R.string.untrained_model))
        findViewById<Button>(R.id.reset).setOnClickListener {
            analysis.execute { pipeline.reset() }
            advice = ""
            overlay.show(0, 0.0, 0.0, "")
        }
        findViewById<Button>(R.id.benchmark).setOnClickListener {
            startActivity(Intent(this, BenchmarkActivity::class.java))
        }
        if (checkSelfPermission(CAMERA) == PackageManager.PERMISSION_GRANTED) startCamera() else askCamera.launch(CAMERA)
    }

    private fun startCamera() {
        val providerFuture = ProcessCameraProvider.getInstance(this)
        providerFuture.addListener({
            val provider = providerFuture.get()
            val preview = Preview.Builder().build().also {
                it.setSurfaceProvider(findViewById<PreviewView>(R.id.preview).surfaceProvider)
            }
            val imageAnalysis = ImageAnalysis.Builder()
                .setBackpressureStrategy(ImageAnalysis.STRATEGY_KEEP_ONLY_LATEST)
                .setOutputImageFormat(ImageAnalysis.OUTPUT_IMAGE_FORMAT_RGBA_8888)
                .build()
            val frameNanos = (1e9 / model.manifest.fps).toLong()
            imageAnalysis.setAnalyzer(analysis) { image ->
                image.use {
                    val now = it.imageInfo.timestamp
                    if (now - lastFrameNanos < frameNanos) return@use // the model's frame rate
                    lastFrameNanos = now
                    val (rgb, height, width) = FrameConverter.fromImage(it)
                    val result = pipeline.push(rgb, height, width, now / 1e9)
                    result.rep?.let { rep ->
                        val said = rep.advice.joinToString(" / ")
                        val much = rep.details.joinToString(", ")
                        advice = (if (much.isEmpty()) said else "$said ($much)") + if (rep.counted) "" else " - not counted"
                    }
                    runOnUiThread { overlay.show(result.count, result.output.depth, result.output.pushup, advice) }
                }
            }
            provider.unbindAll()
            provider.bindToLifecycle(this, CameraSelector.DEFAULT_BACK_CAMERA, preview, imageAnalysis)
        }, ContextCompat.getMainExecutor(this))
    }

    override fun onDestroy() {
        super.onDestroy()
        // the interpreters are closed on the analysis thread, after any frame still in them
        analysis.execute {
            pipeline.input.close()
            model.close()
        }
        analysis.shutdown()
    }
}
