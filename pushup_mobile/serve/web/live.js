// The live page of `pushup-mobile serve`: the camera, counted in the browser. The server
// gives the model (GET /live/model: the manifest and the files); the page runs BlazePose and
// the step model with the TFLite WebAssembly runtime the server also serves, and the rest
// (features, form, rules, counter: ./core/, the Android core's port) in JavaScript. Nothing
// is fetched from elsewhere and no picture leaves the device.
import { FeedbackRules } from "./core/rules.js";
import { PoseStage } from "./core/pose_stage.js";
import { FrameClock, LiveSession } from "./core/session.js";

const $ = (id) => document.getElementById(id);
const POLL_MS = 1000;
const RUNTIME = "/web/runtime/tfjs-tflite/wasm/";
/** What the page reports for tests and curious people: frames seen and timings. */
const stats = { frames: 0, kept: 0, processMs: 0, started: 0, count: 0, reps: [], error: null };
window.pushupLive = stats;

function apiKey() {
  return sessionStorage.getItem("pushup-api-key") || "";
}

function fail(text) {
  stats.error = text;
  $("error").textContent = text;
  $("error").hidden = false;
}

async function fetchKeyed(url) {
  const reply = await fetch(url, { headers: { "X-API-Key": apiKey() } });
  if (reply.status === 401) {
    $("key-row").hidden = false;
    throw new Error("This server needs its API key: enter it above.");
  }
  if (!reply.ok) throw new Error(`${url} answered ${reply.status}`);
  return reply;
}

/** The model as the server has it ready for browsers (it may export it first). */
async function describeModel() {
  for (;;) {
    const state = await (await fetchKeyed("/live/model")).json();
    if (state.status === "ready") return state;
    if (state.status === "failed") throw new Error(`Live mode is not available: ${state.detail}`);
    $("stage").textContent = "Preparing the model for your browser (the first time takes ~20 s)…";
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function loadTflite(url, threads) {
  const bytes = await (await fetchKeyed(url)).arrayBuffer();
  return tflite.loadTFLiteModel(bytes, { numThreads: threads });
}

/** A TFLite output or input by its manifest name (the converter adds a signature prefix and an _output suffix). */
function tensorName(tensors, name) {
  const found = tensors.find((t) => t.name.replace(/^serving_default_/, "").replace(/_output$/, "").replace(/:0$/, "") === name);
  if (!found) throw new Error(`the model has no tensor ${name} (it has ${tensors.map((t) => t.name).join(", ")})`);
  return found.name;
}

/** The step model with its named state carried from frame to frame (zeros at the start). */
class StepModel {
  constructor(model, manifest) {
    this.model = model;
    this.inputs = manifest.inputs;
    this.stateNames = manifest.state;
    this.inputNames = Object.fromEntries(Object.keys(manifest.inputs).map((n) => [n, tensorName(model.inputs, n)]));
    this.outputNames = Object.fromEntries(Object.keys(manifest.outputs).map((n) => [n, tensorName(model.outputs, n)]));
    this.reset();
  }

  reset() {
    this.state = Object.fromEntries(this.stateNames.map((n) => [n, new Float32Array(this.inputs[n].shape.reduce((a, b) => a * b, 1))]));
  }

  step(frame) {
    const feed = { [this.inputNames.frame]: tf.tensor(frame, this.inputs.frame.shape) };
    for (const n of this.stateNames) feed[this.inputNames[n]] = tf.tensor(this.state[n], this.inputs[n].shape);
    const out = this.model.predict(feed);
    const value = (n) => out[this.outputNames[n]].dataSync();
    const result = { pushup: value("pushup")[0], depth: value("depth")[0], faults: Float32Array.from(value("faults")) };
    for (const n of this.stateNames) this.state[n] = Float32Array.from(value(n));
    Object.values(feed).forEach((t) => t.dispose());
    Object.values(out).forEach((t) => t.dispose());
    return result;
  }
}

/** BlazePose's two models as the tracker calls them; outputs told apart by their shapes. */
function blazePose(detector, landmarker) {
  const byShape = (out, size) => Object.values(out).find((t) => t.size === size);
  const run = (model, image, side) => {
    const input = tf.tensor(image, [1, side, side, 3]);
    const out = model.predict(input);
    input.dispose();
    return out;
  };
  return {
    detect(image) {
      const out = run(detector, image, 224);
      const boxes = Object.values(out).find((t) => t.shape[t.shape.length - 1] === 12);
      const scores = Object.values(out).find((t) => t.shape[t.shape.length - 1] === 1);
      const result = { boxes: boxes.dataSync(), scores: scores.dataSync() };
      Object.values(out).forEach((t) => t.dispose());
      return result;
    },
    landmarks(image) {
      const out = run(landmarker, image, 256);
      const result = { landmarks: byShape(out, 39 * 5).dataSync(), presence: byShape(out, 1).dataSync()[0],
        heatmap: byShape(out, 64 * 64 * 39).dataSync() };
      Object.values(out).forEach((t) => t.dispose());
      return result;
    },
  };
}

function showRep(rep, count) {
  $("live-count").textContent = String(count);
  $("live-advice").textContent = rep.advice.join(" · ") + (rep.details.length ? ` (${rep.details.join(", ")})` : "");
  const row = document.createElement("tr");
  const cells = [rep.counted ? String(rep.index) : "-", `${rep.endS.toFixed(1)} s`,
    rep.advice.join("; ") + (rep.details.length ? ` (${rep.details.join(", ")})` : "")];
  for (const text of cells) {
    const cell = document.createElement("td");
    cell.textContent = text;
    row.append(cell);
  }
  $("reps").querySelector("tbody").append(row);
  stats.reps.push({ index: rep.index, counted: rep.counted, start_s: rep.startS, end_s: rep.endS, advice: rep.advice });
}

/** Camera frames as (drawable, timestamp in seconds): every frame in order where the browser
 * can hand them over (MediaStreamTrackProcessor), else the frames the video element shows. */
async function* cameraFrames(stream, video, stop) {
  const [track] = stream.getVideoTracks();
  if (typeof MediaStreamTrackProcessor === "function") {
    const reader = new MediaStreamTrackProcessor({ track, maxBufferSize: 150 }).readable.getReader();
    while (!stop.done) {
      const { value: frame, done } = await reader.read();
      if (done) return;
      try {
        yield [frame, frame.timestamp / 1e6, frame.displayWidth, frame.displayHeight];
      } finally {
        frame.close();
      }
    }
    return;
  }
  video.srcObject = stream;
  await video.play();
  while (!stop.done) {
    const meta = await new Promise((resolve) => video.requestVideoFrameCallback((now, m) => resolve(m)));
    yield [video, meta.mediaTime, video.videoWidth, video.videoHeight];
  }
}

async function main() {
  let ready;
  try {
    ready = await describeModel();
  } catch (error) {
    fail(error.message);
    return;
  }
  const { manifest, files } = ready;
  const threads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
  tflite.setWasmPath(RUNTIME);
  const [step, detector, landmarker] = await Promise.all(
    [files.model, ...files.front_end].map((url) => loadTflite(url, threads)));
  const model = new StepModel(step, manifest);
  const rules = new FeedbackRules(manifest.feedback);
  const stage = new PoseStage(blazePose(detector, landmarker));
  stats.threads = threads;
  $("stage").textContent = `Ready: ${manifest.model.name} (${manifest.model.family} family), ${threads} thread(s).`;
  $("start").disabled = false;
  const stop = { done: false };
  $("stop").addEventListener("click", () => { stop.done = true; });
  $("start").addEventListener("click", async () => {
    if (!navigator.mediaDevices) {
      fail("This browser opens the camera only for pages served over HTTPS (or from localhost): "
        + "start the server with --tls-cert and --tls-key, or open the page on the computer that runs it.");
      return;
    }
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
    } catch (error) {
      fail(`The camera could not be opened: ${error.message}. Allow the camera for this page and try again.`);
      return;
    }
    stop.done = false;
    model.reset();
    stage.reset();
    const session = new LiveSession(rules, manifest.labels.faults, stage, model);  // each start is a new set
    $("reps").querySelector("tbody").replaceChildren();
    stats.reps = [];
    $("live-count").textContent = "0";
    $("live-advice").textContent = "";
    $("start").hidden = true;
    $("stop").hidden = false;
    $("live").hidden = false;
    $("camera").srcObject = stream;
    $("camera").play();
    try {
      await count(stream, session, manifest.preprocessing.fps, stop);
    } catch (error) {
      fail(`Live mode stopped: ${error.message}`);
    } finally {
      stream.getTracks().forEach((track) => track.stop());
      $("stop").hidden = true;
      $("start").hidden = false;
      $("start").textContent = "Start the camera again";
    }
  });
}

/** Every camera frame the model's clock keeps goes through the session; the page follows. */
async function count(stream, session, fps, stop) {
  const clock = new FrameClock(fps);
  const canvas = new OffscreenCanvas(1, 1);
  const context = canvas.getContext("2d", { willReadFrequently: true });
  let first = null, previous = null;
  stats.started = performance.now();
  for await (const [image, stamp, width, height] of cameraFrames(stream, $("camera"), stop)) {
    stats.frames++;
    first ??= stamp;
    const t = stamp - first;
    const interval = previous === null ? 1 / 30 : Math.max(1e-3, t - previous);
    previous = t;
    if (!clock.keep(t, interval)) continue;
    const begin = performance.now();
    if (canvas.width !== width || canvas.height !== height) [canvas.width, canvas.height] = [width, height];
    context.drawImage(image, 0, 0, width, height);
    const pixels = context.getImageData(0, 0, width, height).data;
    const result = session.push(pixels, height, width, 4, t);
    stats.processMs += performance.now() - begin;
    stats.kept++;
    stats.count = result.count;
    if (result.rep) showRep(result.rep, result.count);
    const rate = stats.kept / ((performance.now() - stats.started) / 1000);
    $("speed").textContent = `${(stats.processMs / stats.kept).toFixed(0)} ms per frame, ${rate.toFixed(1)} frames per second`;
  }
}

$("key-row").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem("pushup-api-key", $("key").value);
  $("key-row").hidden = true;
  $("error").hidden = true;
  main().catch((error) => fail(`Live mode stopped: ${error.message}`));
});
main().catch((error) => fail(`Live mode stopped: ${error.message}`));
