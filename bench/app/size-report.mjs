// Where the WebAssembly app's bytes go (issue 16): code per library, the other sections, and what
// the whole file weighs in brotli. Found, not guessed: each function's body size comes from the
// wasm's code section and its name from the name section of a copy linked with
// --profiling-funcs (size-report.sh makes it); each name is given to the library whose archive
// defines it (llvm-nm), so "SDL2" means the functions libSDL2.a brought in.
// usage: node size-report.mjs NAMED.wasm SHIPPED.wasm LIBRARY=ARCHIVE_OR_OBJECTS... [--json OUT]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';

function leb(bytes, at) {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

// Section sizes, imported function count, function body sizes and function names.
function readWasm(path) {
  const bytes = readFileSync(path);
  const sections = {}, bodies = [], names = new Map();
  let imported = 0, at = 8;
  const sectionNames = { 1: 'type', 2: 'import', 3: 'function', 4: 'table', 5: 'memory', 6: 'global', 7: 'export', 9: 'element', 10: 'code', 11: 'data' };
  while (at < bytes.length) {
    const id = bytes[at++];
    let size;
    [size, at] = leb(bytes, at);
    const end = at + size;
    let name = sectionNames[id] ?? `section ${id}`;
    if (id === 0) {
      let length, p;
      [length, p] = leb(bytes, at);
      name = `custom "${bytes.subarray(p, p + length).toString()}"`;
      p += length;
      if (name === 'custom "name"') readNames(bytes, p, end, names);
    } else if (id === 2) {
      imported = countImportedFunctions(bytes, at);
    } else if (id === 10) {
      let count, p;
      [count, p] = leb(bytes, at);
      for (let i = 0; i < count; i++) {
        let body;
        [body, p] = leb(bytes, p);
        bodies.push(body);
        p += body;
      }
    }
    sections[name] = (sections[name] ?? 0) + size;
    at = end;
  }
  return { sections, bodies, names, imported, bytes };
}

function readNames(bytes, at, end, names) {
  while (at < end) {
    const kind = bytes[at++];
    let size;
    [size, at] = leb(bytes, at);
    if (kind === 1) {
      let count, p = at;
      [count, p] = leb(bytes, p);
      for (let i = 0; i < count; i++) {
        let index, length;
        [index, p] = leb(bytes, p);
        [length, p] = leb(bytes, p);
        names.set(index, bytes.subarray(p, p + length).toString());
        p += length;
      }
    }
    at += size;
  }
}

function countImportedFunctions(bytes, at) {
  let count, functions = 0;
  [count, at] = leb(bytes, at);
  for (let i = 0; i < count; i++) {
    for (let part = 0; part < 2; part++) {
      let length;
      [length, at] = leb(bytes, at);
      at += length;
    }
    const kind = bytes[at++];
    let flags;
    if (kind === 0) { [, at] = leb(bytes, at); functions++; }
    else if (kind === 1) { at++; [flags, at] = leb(bytes, at); [, at] = leb(bytes, at); if (flags & 1) [, at] = leb(bytes, at); }
    else if (kind === 2) { [flags, at] = leb(bytes, at); [, at] = leb(bytes, at); if (flags & 1) [, at] = leb(bytes, at); }
    else if (kind === 3) at += 2;
  }
  return functions;
}

// The functions each library defines, demangled as the name section writes them.
function definedBy(files) {
  const out = execFileSync('llvm-nm-14', ['-C', '--defined-only', '--no-weak', ...files], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });
  const names = new Set();
  for (const line of out.split('\n')) {
    const m = /^[0-9a-f-]+ [TtWw] (.*)$/.exec(line.trim());
    if (m) names.add(m[1]);
  }
  return names;
}

const args = process.argv.slice(2);
const jsonAt = args.indexOf('--json');
const jsonOut = jsonAt >= 0 ? args.splice(jsonAt, 2)[1] : null;
const [named, shipped, ...libraryArgs] = args;
const libraries = libraryArgs.map((arg) => {
  const [label, files] = arg.split('=');
  return { label, names: definedBy(files.split(',')) };
});
const wasm = readWasm(named);
const totals = new Map();
const add = (label, bytes) => totals.set(label, (totals.get(label) ?? { bytes: 0, functions: 0 })) && (totals.get(label).bytes += bytes, totals.get(label).functions++);
wasm.bodies.forEach((size, i) => {
  const name = wasm.names.get(i + wasm.imported) ?? '';
  // Header-only JSON and libc++ templates are compiled into whichever object uses them.
  let label = /^(void )?nlohmann::/.test(name) ? 'nlohmann/json (header-only)' : null;
  label ??= libraries.find((l) => l.names.has(name))?.label;
  label ??= /^(void )?std::/.test(name) ? 'libc++ (templates and runtime)' : 'libc, libc++, malloc (Emscripten system)';
  add(label, size);
});
const shippedBytes = readFileSync(shipped);
const brotli = brotliCompressSync(shippedBytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const code = wasm.bodies.reduce((a, b) => a + b, 0);
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
console.log(`Size report: ${shipped}: ${kib(shippedBytes.length)} raw, ${kib(brotli)} brotli -q 11`);
console.log(`${'code by library (function bodies)'.padEnd(44)} ${'raw'.padStart(10)}  share  functions`);
const rows = [...totals].sort((a, b) => b[1].bytes - a[1].bytes);
for (const [label, { bytes, functions }] of rows)
  console.log(`  ${label.padEnd(42)} ${kib(bytes).padStart(10)} ${(100 * bytes / code).toFixed(1).padStart(5)}%  ${String(functions).padStart(9)}`);
console.log(`${'sections of the shipped file'.padEnd(44)} ${'raw'.padStart(10)}`);
const sections = readWasm(shipped).sections;
for (const [name, size] of Object.entries(sections).sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(42)} ${kib(size).padStart(10)}`);
const largest = wasm.bodies.map((size, i) => ({ size, name: wasm.names.get(i + wasm.imported) ?? '?' })).sort((a, b) => b.size - a.size).slice(0, 15);
console.log('largest functions');
for (const { size, name } of largest) console.log(`  ${kib(size).padStart(10)}  ${name.length > 90 ? name.slice(0, 87) + '...' : name}`);
if (jsonOut) writeFileSync(jsonOut, JSON.stringify({ shipped: { raw: shippedBytes.length, brotli }, byLibrary: Object.fromEntries(totals), sections, largest }, null, 1));
