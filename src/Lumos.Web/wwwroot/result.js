// One result card: uploads with a progress bar, follows its job over server-sent events (a video's frames or a large image's tiles as a percentage),
// then shows a before/after slider, the input and output histograms, the result's measures and a download link — or,
// for a video, the two videos side by side and a download link.
import { element } from "./settings.js";

const ENDED = ["done", "failed", "cancelled"];

/**
 * Adds a card for `file` run with `setting` into `container`, submits the job and follows it; `onDone(id)` is
 * called once its result is shown.
 */
export async function runJob(container, file, setting, format, onDone) {
  const card = element("article", { className: "card" });
  const title = element("h3", { textContent: `${file.name} — ${setting.label}` });
  const progress = element("progress", { max: 1 });
  const state = element("span", { textContent: "uploading…" });
  const status = element("div", { className: "status", role: "status", "aria-live": "polite" }, [progress, state]);
  const cancel = element("button", { type: "button", className: "secondary", textContent: "Cancel" });
  card.append(title, status, cancel);
  container.append(card);

  const form = new FormData();
  form.append("file", file, file.name);
  for (const [name, value] of setting.pairs) form.append(name, value);
  if (format && !isVideo(file)) form.append("format", format); // the format list is an image's; a video keeps its container
  const { ok, body } = await upload(form, fraction => {
    progress.value = fraction;
    state.textContent = `uploading… ${Math.round(fraction * 100)}%`;
  });
  if (!ok) return fail(card, cancel, state, progress, body.error);
  progress.removeAttribute("value"); // indeterminate until the server reports a percentage (videos, tiled or banded images) or the end

  cancel.addEventListener("click", () => fetch(`/api/jobs/${body.id}`, { method: "DELETE" }));
  const events = new EventSource(`/api/jobs/${body.id}/events`);
  for (const name of ["queued", "running", ...ENDED]) {
    events.addEventListener(name, message => {
      const job = JSON.parse(message.data);
      if (job.state === "queued") state.textContent = job.queuePosition ? `queued, ${job.queuePosition} ahead` : "queued, next";
      if (job.state === "running" && typeof job.progress === "number") {
        progress.value = job.progress / 100;
        state.textContent = `running… ${job.progress}%`;
      } else if (job.state === "running") state.textContent = "running…";
      if (!ENDED.includes(job.state)) return;
      events.close();
      if (job.state === "done") (job.kind === "video" ? showVideo : show)(card, cancel, state, progress, file, job).then(() => onDone(job.id));
      else fail(card, cancel, state, progress, job.error ?? "cancelled");
    });
  }
  events.onerror = () => {
    if (events.readyState === EventSource.CLOSED) return;
    events.close();
    fail(card, cancel, state, progress, "lost contact with the server (the job may have been cancelled or expired)");
  };
}

function fail(card, cancel, state, progress, message) {
  cancel.remove();
  progress.value = 0;
  state.textContent = "failed";
  card.append(element("p", { className: "error", textContent: message }));
  card.dataset.state = "failed";
}

async function show(card, cancel, state, progress, file, job) {
  cancel.remove();
  progress.value = 1;
  state.textContent = `done in ${Math.round(job.milliseconds)} ms (${job.width}×${job.height} input${sizeChange(job)})`;
  const result = await (await fetch(job.result)).blob();
  const before = element("img", { className: "before", alt: `${file.name}, before`, src: URL.createObjectURL(file) });
  const after = element("img", { className: "after", alt: `${file.name}, after`, src: URL.createObjectURL(result) });
  const line = element("div", { className: "line" });
  const labels = element("div", { className: "labels" }, [element("span", { textContent: "before" }), element("span", { textContent: "after" })]);
  const compare = element("div", { className: "compare" }, [after, before, line, labels]);
  const slider = element("input", { type: "range", className: "split", min: 0, max: 100, value: 50, "aria-label": "Before and after: move to compare" });
  slider.addEventListener("input", () => compare.style.setProperty("--split", `${slider.value}%`));
  const download = element("a", { href: job.result, download: "", textContent: "Download the result" });
  await Promise.all([before.decode(), after.decode()]);
  const histograms = element("div", { className: "histograms" }, [
    histogram(before, "Input histogram (luma)"), histogram(after, "Result histogram (luma)")]);
  const measures = element("table", { className: "measures" });
  card.append(compare, slider, histograms, measures, download);
  card.dataset.state = "done";
  fillMeasures(measures, file, result);
}

/** A video result: the upload and the result side by side, each with the browser's own (keyboard-operable) controls. */
async function showVideo(card, cancel, state, progress, file, job) {
  cancel.remove();
  progress.value = 1;
  state.textContent = `done in ${(job.milliseconds / 1000).toFixed(1)} s (${job.width}×${job.height} frames${sizeChange(job)})`;
  const figure = (src, caption) => element("figure", {}, [
    element("video", { src, controls: true, preload: "metadata", muted: true, "aria-label": `${file.name}, ${caption}` }),
    element("figcaption", { textContent: caption })]);
  const videos = element("div", { className: "videos" }, [figure(URL.createObjectURL(file), "before"), figure(job.result, "after")]);
  const download = element("a", { href: job.result, download: "", textContent: "Download the result" });
  card.append(videos, download);
  card.dataset.state = "done";
}

/** Posts a job form, reporting the upload's progress as a fraction (fetch cannot); resolves to { ok, body }. */
function upload(form, onProgress) {
  return new Promise(resolve => {
    const request = new XMLHttpRequest();
    request.open("POST", "/api/jobs");
    request.responseType = "json";
    request.upload.addEventListener("progress", e => { if (e.lengthComputable) onProgress(e.loaded / e.total); });
    request.addEventListener("load", () => resolve({ ok: request.status >= 200 && request.status < 300, body: request.response ?? { error: `HTTP ${request.status}` } }));
    request.addEventListener("error", () => resolve({ ok: false, body: { error: "the upload failed (connection lost)" } }));
    request.send(form);
  });
}

/** True for a file the picker took as a video (the server sniffs the content either way). */
export function isVideo(file) {
  return file.type.startsWith("video/") || /\.(mp4|m4v|mov|mkv|webm|avi)$/i.test(file.name);
}

/** A luma histogram of a decoded image, drawn on a canvas. */
function histogram(image, caption) {
  const canvas = element("canvas", { width: 256, height: 80 });
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", caption);
  const scale = Math.min(1, 512 / Math.max(image.naturalWidth, image.naturalHeight));
  const sample = element("canvas", { width: Math.max(1, Math.round(image.naturalWidth * scale)), height: Math.max(1, Math.round(image.naturalHeight * scale)) });
  const context = sample.getContext("2d", { willReadFrequently: true });
  context.drawImage(image, 0, 0, sample.width, sample.height);
  const pixels = context.getImageData(0, 0, sample.width, sample.height).data;
  const counts = new Array(256).fill(0);
  for (let i = 0; i < pixels.length; i += 4) counts[Math.round(0.299 * pixels[i] + 0.587 * pixels[i + 1] + 0.114 * pixels[i + 2])]++;
  const peak = Math.max(...counts);
  const draw = canvas.getContext("2d");
  draw.fillStyle = "#2f5fd0";
  counts.forEach((count, level) => {
    const height = Math.round((count / peak) * canvas.height);
    draw.fillRect(level, canvas.height - height, 1, height);
  });
  return element("figure", {}, [canvas, element("figcaption", { textContent: caption })]);
}

/** The core's no-reference measures of the input and of the result, side by side. */
async function fillMeasures(table, file, result) {
  table.append(element("caption", { textContent: "Measures" }));
  const [input, output] = await Promise.all([measure(file, file.name), measure(result, "result")]);
  if (!output.measures) {
    table.append(element("tr", {}, [element("td", { textContent: output.error ?? "no measures" })]));
    return;
  }
  table.append(element("tr", {}, ["measure", "input", "result", "better"].map(h => element("th", { scope: "col", textContent: h }))));
  for (const m of output.measures) {
    const before = input.measures?.find(x => x.name === m.name);
    table.append(element("tr", { title: m.summary }, [
      element("th", { scope: "row", textContent: m.name }),
      element("td", { className: "num", textContent: format(before?.value) }),
      element("td", { className: "num", textContent: format(m.value) }),
      element("td", { textContent: m.better }),
    ]));
  }
}

async function measure(blob, name) {
  const form = new FormData();
  form.append("file", blob, name);
  form.append("measures", "brightness,rms-contrast,entropy,colourfulness,niqe");
  return (await fetch("/api/measure", { method: "POST", body: form })).json();
}

function format(value) {
  return value === null || value === undefined ? "n/a" : typeof value === "number" ? value.toFixed(3) : String(value);
}

// " → W×H" when the result is larger than the input (an upscale), else nothing.
function sizeChange(job) {
  return job.resultWidth !== job.width ? ` → ${job.resultWidth}×${job.resultHeight}` : "";
}
