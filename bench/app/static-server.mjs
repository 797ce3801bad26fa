// A small static server for the SurveyJS side of the benchmark, run as its own process (so it does not
// share an event loop with the benchmark driver). Like tellus-serve with scripts/build.sh's .br/.gz
// siblings, it sends every text file precompressed: brotli quality 11 when the client accepts br, else
// gzip -9 (both computed once at start-up, before the server listens). Binary files go as they are.
// Usage: node static-server.mjs <port> <url-prefix>=<directory-or-file> ...
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const [port, ...mounts] = process.argv.slice(2);
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.ttf': 'font/ttf' };
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.ttf']);

// url path -> { type, raw, br, gz }
const files = new Map();
function add(url, file) {
  const ext = path.extname(file);
  const raw = fs.readFileSync(file);
  const entry = { type: TYPES[ext] ?? 'application/octet-stream', raw };
  if (COMPRESSIBLE.has(ext)) {
    entry.br = zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } });
    entry.gz = zlib.gzipSync(raw, { level: 9 });
  }
  files.set(url, entry);
}
function walk(prefix, dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(`${prefix}${e.name}/`, full);
    else if (!/\.(map|ts|md)$/.test(e.name)) add(prefix + e.name, full);
  }
}
for (const m of mounts) {
  const [prefix, target] = m.split('=');
  if (fs.statSync(target).isDirectory()) walk(prefix.endsWith('/') ? prefix : prefix + '/', target);
  else add(prefix, target);
}

const server = http.createServer((req, res) => {
  let url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  if (url.endsWith('/')) url += 'index.html';
  const f = files.get(url);
  if (!f) { res.writeHead(404, { 'Content-Type': 'text/plain' }); res.end('not found'); return; }
  const accept = String(req.headers['accept-encoding'] ?? '');
  const headers = { 'Content-Type': f.type, 'Cache-Control': url.endsWith('index.html') ? 'no-cache' : 'public, max-age=3600' };
  let body = f.raw;
  if (f.br) {
    headers.Vary = 'Accept-Encoding';
    if (/\bbr\b/.test(accept)) { body = f.br; headers['Content-Encoding'] = 'br'; }
    else if (/\bgzip\b/.test(accept)) { body = f.gz; headers['Content-Encoding'] = 'gzip'; }
  }
  headers['Content-Length'] = body.length;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : body);
});
server.listen(Number(port), '127.0.0.1', () => process.stdout.write(`ready ${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
