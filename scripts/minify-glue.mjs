// Trunk post-build hook (Trunk.toml): in a release build, minify the JavaScript that
// wasm-bindgen generated (Trunk minifies HTML and CSS but not this glue). About 1.8 KB off the
// gzipped bundle (issue 3). Works on Trunk's staging directory, before it becomes dist/. (Trunk's
// own minifier gives up on this file: its "Failed to minify JS" warning is about the glue.)
// index.html turns off Trunk's integrity digests for the rust asset, since they are computed
// before this hook changes the files.
//
// Then the names the wasm and its glue know each other by: wasm-bindgen names every import
// after its JS function plus a 16-digit hash (`__wbg_lastChild_d03af7c29f69e2ad`), and some
// exports too, about 170 names that gzip cannot shrink much. Binaryen's
// `--minify-imports-and-exports-and-modules` (the pass Emscripten uses for the same) renames
// them to one or two letters, the import module to `a`, and prints the mapping, which is then
// applied to the glue: each import is a key of the glue's import object, each export is read as
// a property of the instance's exports. The producers and target-features sections go as well
// (nothing reads them). Issue 10: about 4 KB off the gzipped bundle (BENCHMARKS.md).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('minify-glue: TRUNK_STAGING_DIR is not set (run it through trunk build)');
  process.exit(2);
}
if (process.env.TRUNK_PROFILE !== 'release') {
  process.exit(0);
}
const fail = (message) => {
  console.error(`minify-glue: ${message}`);
  process.exit(1);
};
const names = await readdir(dir);
const scripts = names.filter((name) => name.endsWith('.js'));
const modules = names.filter((name) => name.endsWith('.wasm'));
if (scripts.length !== 1 || modules.length !== 1) {
  fail(`expected one .js and one .wasm in ${dir}, found ${scripts.length} and ${modules.length}`);
}
const jsPath = join(dir, scripts[0]);
const wasmPath = join(dir, modules[0]);
const code = await readFile(jsPath, 'utf8');
const out = await minify(code, { module: true, compress: { passes: 2 }, mangle: true });
if (typeof out.code !== 'string') fail(`terser returned nothing for ${scripts[0]}`);
console.log(`minify-glue: ${scripts[0]} ${code.length} -> ${out.code.length} bytes`);

// The wasm-opt that Trunk uses (package.json's binaryen), else the one on PATH.
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const local = join(root, 'node_modules', '.bin', 'wasm-opt');
const wasmOpt = existsSync(local) ? local : 'wasm-opt';
const features = ['--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];
const wasmBefore = (await readFile(wasmPath)).length;
const printed = execFileSync(wasmOpt, [wasmPath, '-o', wasmPath, ...features,
  '--minify-imports-and-exports-and-modules', '--strip-producers', '--strip-target-features'],
  { encoding: 'utf8' });
let mapping;
try {
  mapping = JSON.parse(printed);
} catch {
  fail(`wasm-opt printed no mapping of names: ${printed.slice(0, 200)}`);
}
const moduleNames = new Set(mapping.imports.map(([module]) => module));
if (moduleNames.size !== 1) fail(`expected imports from one module, found ${[...moduleNames].join(', ')}`);
const [moduleName] = moduleNames;

// Whole identifiers only; every import must be found exactly once (its key in the import
// object) and every use of an export must be a property read (`exports.name`).
const renames = new Map();
for (const [, old, renamed] of mapping.imports) renames.set(old, { renamed, kind: 'import', uses: 0 });
for (const [old, renamed] of mapping.exports) {
  if (renames.has(old)) fail(`${old} is both an import and an export`);
  renames.set(old, { renamed, kind: 'export', uses: 0 });
}
let glue = out.code.replace(/(?<![\w$])[A-Za-z_$][\w$]*/g, (token, at, text) => {
  const entry = renames.get(token);
  if (!entry) return token;
  entry.uses += 1;
  if (entry.kind === 'import' ? text[at + token.length] !== ':' : text[at - 1] !== '.') {
    fail(`unexpected use of ${entry.kind} ${token} in the glue: ${text.slice(at - 30, at + token.length + 30)}`);
  }
  return entry.renamed;
});
for (const [old, entry] of renames) {
  if (entry.kind === 'import' && entry.uses !== 1) fail(`import ${old} found ${entry.uses} times in the glue, not once`);
}
const quoted = new RegExp(`(["'])${moduleName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1`, 'g');
const moduleUses = glue.match(quoted)?.length ?? 0;
if (moduleUses !== 1) fail(`the import module ${moduleName} is named ${moduleUses} times in the glue, not once`);
glue = glue.replace(quoted, '"a"');
await writeFile(jsPath, glue);
const wasmAfter = (await readFile(wasmPath)).length;
console.log(`minify-glue: ${renames.size} names shortened; ${scripts[0]} ${out.code.length} -> ${glue.length} bytes, ${modules[0]} ${wasmBefore} -> ${wasmAfter} bytes`);
