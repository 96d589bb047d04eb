// A settings panel built from the registry JSON (/api/methods, /api/presets): every method, upscaler and preset gets
// its form here, fields typed, bounded and described as the server's options records say, with no per-method code.

const KINDS = [
  { key: "methods", label: "Low-light method" },
  { key: "upscalers", label: "Super-resolution" },
  { key: "presets", label: "Preset" },
  { key: "pipeline", label: "Pipeline" },
];

let panels = 0;

/** Creates a panel in `container`; returns { fields() } giving the form fields of the chosen setting. */
export function createSettings(container, catalog, presets, title) {
  const id = `s${++panels}`;
  container.innerHTML = "";
  const kinds = element("fieldset", { className: "kinds-set" });
  kinds.append(element("legend", { textContent: title }));
  const row = element("div", { className: "kinds" });
  for (const kind of KINDS) {
    const radio = element("input", { type: "radio", name: `${id}-kind`, value: kind.key, id: `${id}-${kind.key}` });
    radio.checked = kind.key === "methods";
    row.append(element("label", { htmlFor: radio.id }, [radio, ` ${kind.label}`]));
  }
  kinds.append(row);
  const nameLabel = element("label", { htmlFor: `${id}-name`, textContent: "Name" });
  const name = element("select", { id: `${id}-name` });
  const description = element("p", { className: "description", id: `${id}-description` });
  const parameters = element("div", { className: "parameters" });
  const pipeline = element("textarea", { id: `${id}-pipeline`, spellcheck: false,
    value: '[\n  {"type": "lime"},\n  {"type": "bicubic", "scale": 2}\n]' });
  const pipelineField = element("div", { className: "field", hidden: true },
    [element("label", { htmlFor: pipeline.id, textContent: "Steps (JSON)" }), pipeline]);
  const nameField = element("div", { className: "field" }, [nameLabel, name]);
  container.append(kinds, nameField, description, parameters, pipelineField);

  const kind = () => container.querySelector(`input[name=${id}-kind]:checked`).value;
  const entries = () => kind() === "presets" ? presets : catalog[kind()] ?? [];

  function fillNames() {
    const isPipeline = kind() === "pipeline";
    nameField.hidden = isPipeline;
    pipelineField.hidden = !isPipeline;
    name.replaceChildren(...entries().map(e => element("option", { value: e.name, textContent: e.name })));
    const preferred = { methods: "lime", upscalers: "bicubic" }[kind()];
    if (entries().some(e => e.name === preferred)) name.value = preferred;
    fillParameters();
  }

  function fillParameters() {
    const entry = entries().find(e => e.name === name.value);
    description.textContent = kind() === "pipeline" ? "A JSON array of steps: any method, or an upscaler with a scale."
      : entry ? entry.summary ?? entry.description : "";
    parameters.replaceChildren(...(entry?.parameters ?? []).map(p => parameterField(id, p)));
  }

  row.addEventListener("change", fillNames);
  name.addEventListener("change", fillParameters);
  fillNames();

  return {
    /** The form fields for POST /api/jobs, and a short label of the setting. */
    fields() {
      const chosen = kind();
      if (chosen === "pipeline") return { label: "pipeline", pairs: [["pipeline", pipeline.value]] };
      if (chosen === "presets") return { label: `preset ${name.value}`, pairs: [["preset", name.value]] };
      const pairs = [["method", name.value]];
      const changed = [];
      for (const input of parameters.querySelectorAll("[data-parameter]")) {
        const value = input.type === "checkbox" ? String(input.checked) : input.value.trim();
        // Only what differs from the default is sent, so the server's own defaults apply.
        if (value !== "" && (value !== input.dataset.default || input.dataset.parameter === "scale")) {
          pairs.push([input.dataset.parameter, value]);
          if (input.dataset.parameter !== "scale") changed.push(`${input.dataset.parameter}=${value}`);
        }
      }
      const scale = pairs.find(p => p[0] === "scale");
      const label = [name.value + (scale ? ` ×${scale[1]}` : ""), ...changed].join(" ");
      return { label, pairs };
    },
  };
}

function parameterField(panel, p) {
  const id = `${panel}-p-${p.name}`;
  let input;
  if (p.type === "choice") {
    input = element("select", {}, p.choices.map(c => element("option", { value: c, textContent: c })));
    input.value = p.default;
  } else if (p.type === "boolean") {
    input = element("input", { type: "checkbox", checked: p.default === "true" });
  } else if (p.type === "number" || p.type === "integer") {
    input = element("input", { type: "number", value: p.default, step: p.type === "integer" ? "1" : "any" });
    if (p.min !== null) input.min = p.min;
    if (p.max !== null) input.max = p.max;
  } else {
    input = element("input", { type: "text", value: p.default });
  }
  Object.assign(input, { id });
  input.dataset.parameter = p.name;
  input.dataset.default = p.type === "boolean" ? String(p.default === "true") : p.default;
  const range = p.min !== null && p.max !== null ? ` (${p.min} to ${p.max})` : "";
  const help = element("small", { id: `${id}-help`, textContent: `${p.description}${range}` });
  input.setAttribute("aria-describedby", help.id);
  return element("div", { className: "field" }, [element("label", { htmlFor: id, textContent: p.name }), input, help]);
}

/** document.createElement with properties, attributes and children. */
export function element(tag, properties = {}, children = []) {
  const node = document.createElement(tag);
  // "aria-*" and other dashed names are attributes; the rest are properties (className, htmlFor, hidden, ...).
  for (const [key, value] of Object.entries(properties)) key.includes("-") ? node.setAttribute(key, value) : (node[key] = value);
  node.append(...children);
  return node;
}
