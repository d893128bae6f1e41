// The upload page of `pushup-mobile serve`: send a video to POST /analyze, follow the
// upload (XHR progress) and the analysis (GET /progress/{job}), then show the report:
// count, advice, reps, the timeline, and the video itself with the count and advice
// following its playback. Plain JavaScript, no build step, nothing fetched from elsewhere.
"use strict";

const $ = (id) => document.getElementById(id);
const POLL_MS = 400;
let lastFile = null;

function apiKey() {
  return sessionStorage.getItem("pushup-api-key") || "";
}

function show(id, visible) {
  $(id).hidden = !visible;
}

function newJobId() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// What a person reads when the server says no: the server's own sentence, framed.
function errorText(status, detail, retryAfter) {
  if (status === 0) return "The server could not be reached. Is it still running?";
  if (status === 401) return "This server needs its API key: enter it below and send again.";
  if (status === 413) return `This video is too large for this server (${detail}). Trim it or send a shorter clip.`;
  if (status === 415) return `This file cannot be analysed: ${detail}.`;
  if (status === 503) {
    const wait = retryAfter ? ` Try again in ${retryAfter} s.` : "";
    return `The server is busy or the analysis took too long: ${detail}.${wait}`;
  }
  return `The analysis failed (${status}): ${detail}`;
}

function fail(status, detail, retryAfter) {
  show("status", false);
  $("error").textContent = errorText(status, detail, retryAfter);
  show("error", true);
  show("key-row", status === 401);
}

function pollProgress(job, stop) {
  const tick = async () => {
    if (stop.done) return;
    try {
      const reply = await fetch(`/progress/${job}`, { headers: { "X-API-Key": apiKey() } });
      if (reply.ok && !stop.done) {
        const state = await reply.json();
        if (state.state === "waiting") {
          $("stage").textContent = "Waiting for the analysis to start…";
        } else {
          $("stage").textContent = `Analysing: frame ${state.done} of about ${state.total}`;
          $("bar").value = state.total ? Math.min(1, state.done / state.total) : 0;
        }
      }
    } catch (error) {
      // the upload's own reply says what went wrong
    }
    if (!stop.done) setTimeout(tick, POLL_MS);
  };
  setTimeout(tick, POLL_MS);
}

function send(file) {
  lastFile = file;
  show("error", false);
  show("result", false);
  show("status", true);
  $("stage").textContent = `Uploading ${file.name}…`;
  $("bar").value = 0;
  const job = newJobId();
  const body = new FormData();
  body.append("file", file, file.name);
  const request = new XMLHttpRequest();
  const stop = { done: false };
  request.open("POST", `/analyze?timeline=true&job=${job}`);
  request.setRequestHeader("X-API-Key", apiKey());
  request.upload.onprogress = (event) => {
    if (event.lengthComputable) $("bar").value = event.loaded / event.total;
  };
  request.upload.onload = () => {
    $("stage").textContent = "Uploaded; analysing…";
    $("bar").removeAttribute("value");
    pollProgress(job, stop);
  };
  request.onerror = () => {
    stop.done = true;
    fail(0, "");
  };
  request.onload = () => {
    stop.done = true;
    let reply = {};
    try {
      reply = JSON.parse(request.responseText);
    } catch (error) {
      reply = { detail: request.responseText.slice(0, 200) };
    }
    if (request.status === 200) {
      show("status", false);
      render(reply, file);
    } else {
      const detail = typeof reply.detail === "string" ? reply.detail : JSON.stringify(reply.detail);
      fail(request.status, detail, request.getResponseHeader("Retry-After"));
    }
  };
  request.send(body);
}

function depthReached(timeline, start, end) {
  let deepest = 0;
  timeline.t.forEach((t, i) => {
    if (t >= start && t <= end) deepest = Math.max(deepest, timeline.depth[i]);
  });
  return deepest;
}

function drawTimeline(report) {
  const svg = $("timeline");
  const ns = "http://www.w3.org/2000/svg";
  svg.replaceChildren();
  const { t, pushup, depth } = report.timeline;
  const end = Math.max(report.duration_s, t.length ? t[t.length - 1] : 0, 1e-6);
  const x = (seconds) => (600 * seconds) / end;
  const y = (value) => 160 - 150 * value;
  for (const event of report.rep_events) {
    const span = document.createElementNS(ns, "rect");
    span.setAttribute("x", x(event.start_s));
    span.setAttribute("width", Math.max(1, x(event.end_s) - x(event.start_s)));
    span.setAttribute("y", 10);
    span.setAttribute("height", 150);
    span.setAttribute("class", event.counted ? "rep" : "rep uncounted");
    svg.append(span);
  }
  for (const [values, name] of [[pushup, "pushup"], [depth, "depth"]]) {
    const line = document.createElementNS(ns, "polyline");
    line.setAttribute("points", values.map((v, i) => `${x(t[i]).toFixed(1)},${y(v).toFixed(1)}`).join(" "));
    line.setAttribute("class", name);
    svg.append(line);
  }
}

function repRow(event, timeline) {
  const row = document.createElement("tr");
  const advice = event.advice.join("; ") + (event.details.length ? ` (${event.details.join(", ")})` : "");
  const cells = [
    event.counted ? String(event.index) : "not counted",
    `${event.start_s.toFixed(1)}–${event.end_s.toFixed(1)} s`,
    `${Math.round(100 * depthReached(timeline, event.start_s, event.end_s))} %`,
    advice,
  ];
  for (const text of cells) {
    const cell = document.createElement("td");
    cell.textContent = text;
    row.append(cell);
  }
  if (!event.counted) row.className = "uncounted";
  return row;
}

// The count and the last rep's advice at the video's current time, over the video.
function follow(report) {
  const video = $("video");
  const update = () => {
    const done = report.rep_events.filter((e) => e.end_s <= video.currentTime);
    $("live-count").textContent = String(done.filter((e) => e.counted).length);
    $("live-advice").textContent = done.length ? done[done.length - 1].advice.join(" / ") : "";
  };
  video.ontimeupdate = update;
  update();
}

function render(report, file) {
  $("count").textContent = String(report.reps);
  $("count-unit").textContent = report.reps === 1 ? "push-up" : "push-ups";
  const advice = $("advice");
  advice.replaceChildren();
  const lines = report.advice.length
    ? report.advice
    : [report.reps ? "Good form on every rep." : "No push-up counted in this video."];
  for (const line of lines) {
    const item = document.createElement("li");
    item.textContent = line;
    advice.append(item);
  }
  $("not-judged").textContent = report.not_judged.length
    ? `This camera's view could not show: ${report.not_judged.join(", ").replaceAll("_", " ")}.`
    : "";
  $("reps").tBodies[0].replaceChildren(...report.rep_events.map((e) => repRow(e, report.timeline)));
  drawTimeline(report);
  const video = $("video");
  if (video.src) URL.revokeObjectURL(video.src);
  video.src = URL.createObjectURL(file);
  follow(report);
  show("result", true);
}

$("file").addEventListener("change", (event) => {
  if (event.target.files.length) send(event.target.files[0]);
});

const drop = $("drop");
drop.addEventListener("dragover", (event) => {
  event.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (event) => {
  event.preventDefault();
  drop.classList.remove("over");
  if (event.dataTransfer.files.length) send(event.dataTransfer.files[0]);
});

$("key-row").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem("pushup-api-key", $("key").value);
  if (lastFile) send(lastFile);
});
