// Trunk post-build hook (Trunk.toml): in a release build, minify the JavaScript that
// wasm-bindgen generated (Trunk minifies HTML and CSS but not this glue). About 1.8 KB off the
// gzipped bundle (issue 3). Works on Trunk's staging directory, before it becomes dist/. (Trunk's
// own minifier gives up on this file: its "Failed to minify JS" warning is about the glue.)
// index.html turns off Trunk's integrity digests for the rust asset, since they are computed
// before this hook changes the file.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minify } from 'terser';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('minify-glue: TRUNK_STAGING_DIR is not set (run it through trunk build)');
  process.exit(2);
}
if (process.env.TRUNK_PROFILE !== 'release') {
  process.exit(0);
}
for (const name of await readdir(dir)) {
  if (!name.endsWith('.js')) continue;
  const path = join(dir, name);
  const code = await readFile(path, 'utf8');
  const out = await minify(code, { module: true, compress: { passes: 2 }, mangle: true });
  if (typeof out.code !== 'string') {
    console.error(`minify-glue: terser returned nothing for ${name}`);
    process.exit(1);
  }
  await writeFile(path, out.code);
  console.log(`minify-glue: ${name} ${code.length} -> ${out.code.length} bytes`);
}
