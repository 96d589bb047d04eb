// The page: picks images and videos, reads the registries, builds one or two settings panels, and runs every image with every
// chosen setting, each as its own job on the server.
import { createSettings, element } from "./settings.js";
import { isVideo, runJob } from "./result.js";

let files = [];

const input = document.getElementById("files");
const drop = document.getElementById("drop");
const picked = document.getElementById("picked");
const error = document.getElementById("form-error");

function pick(list) {
  files = [...list].filter(f => f.type.startsWith("image/") || /\.(png|jpe?g|tiff?|bmp|webp)$/i.test(f.name) || isVideo(f));
  picked.replaceChildren(...files.map(f => element("li", { textContent: `${f.name} (${Math.ceil(f.size / 1024)} kB)` })));
}

input.addEventListener("change", () => pick(input.files));
for (const name of ["dragenter", "dragover"]) drop.addEventListener(name, e => { e.preventDefault(); drop.classList.add("over"); });
for (const name of ["dragleave", "drop"]) drop.addEventListener(name, () => drop.classList.remove("over"));
drop.addEventListener("drop", e => { e.preventDefault(); pick(e.dataTransfer.files); });

// The file listeners come first: a file picked while the registries load is not missed.
const [catalog, presets] = await Promise.all([fetch("/api/methods").then(r => r.json()), fetch("/api/presets").then(r => r.json())]);
const first = createSettings(document.getElementById("settings-a"), catalog, presets, "Setting");
let second = null;

document.getElementById("compare").addEventListener("change", e => {
  const panel = document.getElementById("settings-b");
  panel.hidden = !e.target.checked;
  second = e.target.checked ? createSettings(panel, catalog, presets, "Second setting") : null;
  document.querySelector("#settings-a legend").textContent = e.target.checked ? "First setting" : "Setting";
});

// Every finished result joins one zip download.
const done = [];
const downloadAll = document.getElementById("download-all");
function finished(id) {
  done.push(id);
  const last = done.slice(-100); // the server zips at most 100 results at a time
  downloadAll.href = `/api/results.zip?ids=${last.join(",")}`;
  downloadAll.textContent = last.length === 1 ? "Download the result (zip)" : `Download all ${last.length} results (zip)`;
  downloadAll.hidden = false;
}

document.getElementById("job-form").addEventListener("submit", e => {
  e.preventDefault();
  error.textContent = files.length ? "" : "Choose or drop at least one image or video first.";
  if (!files.length) return;
  document.getElementById("no-results").hidden = true;
  const settings = [first, second].filter(Boolean).map(s => s.fields());
  const format = document.getElementById("format").value;
  for (const file of files) {
    const group = element("div", { className: "group" });
    document.getElementById("results").prepend(group);
    for (const setting of settings) runJob(group, file, setting, format, finished);
  }
});
