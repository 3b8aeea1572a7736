// The space-time diagram's Web Worker (src/components/diagram.rs starts it from
// dist/diagram/loader.js): Trunk's worker build, loaded relative to this file.
importScripts("diagram-worker.js");
wasm_bindgen({ module_or_path: "diagram-worker_bg.wasm" });
