// Compiles the hand-written WebAssembly text kernels (src/kernels/*.wat) to binary modules in
// dist/kernels/ with wabt (a JS/wasm build of the WebAssembly Binary Toolkit; no native
// binary). Run by `npm run build`, hence by `npm ci` through `prepare`.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import wabtInit from 'wabt';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'src', 'kernels');
const outDir = join(root, 'dist', 'kernels');
const wabt = await wabtInit();
mkdirSync(outDir, { recursive: true });
for (const file of readdirSync(srcDir).filter((f) => f.endsWith('.wat'))) {
  const text = readFileSync(join(srcDir, file), 'utf8');
  const features = { simd: true, threads: true };
  const module = wabt.parseWat(file, text, features);
  module.validate(features);
  const { buffer } = module.toBinary({ log: false, write_debug_names: true });
  module.destroy();
  const out = join(outDir, file.replace(/\.wat$/, '.wasm'));
  writeFileSync(out, buffer);
  console.log(`build-wasm: ${file} -> ${out.slice(root.length + 1)} (${buffer.length} bytes)`);
}
