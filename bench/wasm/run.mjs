// Runs the wasm32-wasip1 build of the benchmark harness under Node's WASI:
//   node --no-warnings bench/wasm/run.mjs path/to/engine-bench.wasm [--runs N] [--ops M]
// The harness reads its clock (WASI clock_time_get, monotonic) around each run.
import { readFile } from 'node:fs/promises';
import { WASI } from 'node:wasi';
import { argv, env, exit } from 'node:process';

const [file, ...args] = argv.slice(2);
if (!file) {
  console.error('usage: node run.mjs ENGINE_BENCH.wasm [--runs N] [--ops M]');
  exit(2);
}
const wasi = new WASI({ version: 'preview1', args: ['engine-bench', ...args], env, returnOnExit: true });
const module = await WebAssembly.compile(await readFile(file));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
const code = wasi.start(instance);
exit(code ?? 0);
