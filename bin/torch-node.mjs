#!/usr/bin/env node
// torch-node's command line (no dependencies): `torch-node install --cuda <version>` places a CUDA
// LibTorch, taken from the official PyTorch wheels (torch plus the nvidia-* wheels it requires),
// under TORCH_NODE_HOME. A wheel is a zip file: the reader below handles stored and deflated
// entries and zip64 (CUDA torch wheels can pass 2 GB). See HELP for the whole story.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, realpathSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';

const HELP = `torch-node: PyTorch for Node.js

Usage:
  torch-node install --cuda <version> [--from <wheel|dir> ...] [options]
  torch-node list [--home <dir>]
  torch-node help

install --cuda <version>
  Places a CUDA LibTorch (the shared libraries of the official PyTorch wheels) under the
  torch-node home, for torch-node to load instead of its CPU LibTorch. CUDA is never installed
  silently: only this command does it.

  <version> is the CUDA version of a PyTorch wheel index, e.g. 12.6, 12.8 or 13.0 (or cu126).
  Which one: the newest your NVIDIA driver supports (nvidia-smi shows "CUDA Version: X.Y";
  12.x wheels need a driver >= 525, 13.x a driver >= 580).

  What is installed: every torch/lib/*.so* of the torch wheel and every nvidia/*/lib/*.so* of
  the nvidia-* wheels it requires (recursively, with the pinned versions), all in one folder:
      <home>/libtorch-<torch version>-cu<xyz>/lib/        the shared libraries
      <home>/libtorch-<torch version>-cu<xyz>/manifest.json  versions, wheels, files, sha256s
      <home>/libtorch-<torch version>-cu<xyz>/build-version  the torch version, as in a LibTorch zip
      <home>/cuda.json                                   names the last installed folder
  The torch wheel's major.minor must be the LibTorch torch-node was built for (2.13 unless the
  package says otherwise); another is refused. The install is atomic: files are extracted and
  checked in a temporary folder inside <home>, which is renamed into place at the end; a failure
  leaves nothing behind.

  Checks: each wheel's sha256 against an expected hash (from the index when downloading, from
  --sha256/--hashes with --from), and each extracted file's sha256 and size against the wheel's
  own RECORD.

Options:
  --cuda <version>     CUDA version of the wheels (required)
  --from <wheel|dir>   install from local wheel files instead of downloading (offline or
                       mirrored installs); repeat it or list several files after it; a folder
                       means every .whl in it. Pass the torch wheel and all the nvidia-* wheels
                       it requires (pip can fetch them elsewhere:
                         pip download torch==2.13.0 --index-url https://download.pytorch.org/whl/cu126 \\
                           --platform manylinux_2_28_x86_64 --python-version 3.12 --only-binary=:all: -d wheels
                       and pass the folder: wheels other than torch and the CUDA libraries it
                       requires are skipped, and need no hash).
  --sha256 <file>=<hex>  expected sha256 of a wheel (by file name); repeatable. The index page
                       gives them: each link ends in #sha256=<hex>
  --hashes <file>      a list of expected hashes, one "<hex>  <wheel file name>" a line
                       (sha256sum's format); lines starting with # are ignored
  --no-wheel-hashes    with --from: accept wheels without an expected hash (their RECORD is
                       still checked, which catches corruption but not a substituted wheel)
  --index-url <url>    PEP 503 index to download from (a mirror); default
                       https://download.pytorch.org/whl/cu<xyz>, then https://pypi.org/simple for
                       nvidia-* wheels it lacks
  --home <dir>         where to install (default: $TORCH_NODE_HOME, else
                       $XDG_CACHE_HOME/torch-node, else ~/.cache/torch-node)
  --force              replace an existing install of the same version
  -h, --help           this text

Without --from, the wheels are downloaded (about 3 GB for CUDA 12.x) into <home>/wheels and kept
there, so an interrupted install resumes without downloading again. Node's fetch does not use
HTTP(S)_PROXY: behind a proxy, download the wheels with pip and use --from.

Using it: torch-node's loader looks for <home>/cuda.json (TORCH_NODE_HOME or the default home);
TORCH_NODE_LIBTORCH=<home>/libtorch-<version>-cu<xyz> selects a folder explicitly. The GPU needs
an NVIDIA driver; the CUDA toolkit is not needed (the wheels carry the CUDA runtime libraries).
`;

// ---------------------------------------------------------------------------------------------
// Errors

class CliError extends Error {}
const fail = (msg) => { throw new CliError(msg); };

// ---------------------------------------------------------------------------------------------
// Zip reading (PKWARE APPNOTE 6.3: end of central directory, zip64 locator and record, central
// directory headers with their zip64 extra field, local headers)

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;

function u64(buf, off, what) {
  const v = buf.readBigUInt64LE(off);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail(`${what} ${v} is too large`);
  return Number(v);
}

async function readAt(fh, position, length) {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done === length ? buf : buf.subarray(0, done);
}

/**
 * Opens a zip file and reads its central directory. Returns { path, size, entries: Map(name ->
 * entry) }; an entry is { name, method, flags, crc32, compressedSize, size, localOffset, mode }.
 */
export async function readZip(path) {
  const fh = await fsp.open(path, 'r');
  try {
    const { size } = await fh.stat();
    const bad = (why) => fail(`${path}: not a readable zip file (${why})`);
    if (size < 22) bad('too short for an end of central directory record');
    // The EOCD record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
    const tailLen = Math.min(size, 22 + 65535);
    const tailStart = size - tailLen;
    const tail = await readAt(fh, tailStart, tailLen);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === SIG_EOCD && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) { eocd = i; break; }
    }
    if (eocd < 0) bad('no end of central directory record');
    let diskNo = tail.readUInt16LE(eocd + 4);
    let cdDisk = tail.readUInt16LE(eocd + 6);
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    // zip64: a locator sits right before the EOCD record and points at the zip64 EOCD record.
    const locPos = tailStart + eocd - 20;
    let zip64 = false;
    if (locPos >= 0) {
      const loc = await readAt(fh, locPos, 20);
      if (loc.readUInt32LE(0) === SIG_ZIP64_LOCATOR) {
        zip64 = true;
        if (loc.readUInt32LE(16) > 1) bad('a multi-disk zip64 archive');
        const recPos = u64(loc, 8, 'zip64 end of central directory offset');
        const rec = await readAt(fh, recPos, 56);
        if (rec.length < 56 || rec.readUInt32LE(0) !== SIG_ZIP64_EOCD) bad('the zip64 locator points at no zip64 end of central directory record');
        diskNo = rec.readUInt32LE(16);
        cdDisk = rec.readUInt32LE(20);
        count = u64(rec, 32, 'entry count');
        cdSize = u64(rec, 40, 'central directory size');
        cdOffset = u64(rec, 48, 'central directory offset');
      }
    }
    if (!zip64 && (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff)) {
      bad('zip64 sizes without a zip64 end of central directory locator');
    }
    if (diskNo !== 0 || cdDisk !== 0) bad('a multi-disk archive');
    if (cdOffset + cdSize > size) bad('the central directory lies past the end of the file (truncated download?)');
    const cd = await readAt(fh, cdOffset, cdSize);
    const entries = new Map();
    let p = 0;
    for (let n = 0; n < count; n++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== SIG_CENTRAL) bad(`central directory entry ${n} is damaged`);
      const madeBy = cd.readUInt16LE(p + 4);
      const flags = cd.readUInt16LE(p + 8);
      const method = cd.readUInt16LE(p + 10);
      const crc32 = cd.readUInt32LE(p + 16);
      let compressedSize = cd.readUInt32LE(p + 20);
      let uncompressed = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      let disk = cd.readUInt16LE(p + 34);
      const external = cd.readUInt32LE(p + 38);
      let localOffset = cd.readUInt32LE(p + 42);
      const end = p + 46 + nameLen + extraLen + commentLen;
      if (end > cd.length) bad(`central directory entry ${n} is damaged`);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLen);
      // The zip64 extended information extra field (id 1) holds, in this order, exactly the values
      // whose 32-bit (or 16-bit) fields are all ones.
      let x = p + 46 + nameLen;
      const xEnd = x + extraLen;
      while (x + 4 <= xEnd) {
        const id = cd.readUInt16LE(x);
        const len = cd.readUInt16LE(x + 2);
        if (id === 0x0001) {
          let q = x + 4;
          const need = (what) => { if (q + 8 > x + 4 + len) bad(`${name}: zip64 extra field lacks the ${what}`); };
          if (uncompressed === 0xffffffff) { need('size'); uncompressed = u64(cd, q, `${name}: size`); q += 8; }
          if (compressedSize === 0xffffffff) { need('compressed size'); compressedSize = u64(cd, q, `${name}: compressed size`); q += 8; }
          if (localOffset === 0xffffffff) { need('offset'); localOffset = u64(cd, q, `${name}: offset`); q += 8; }
          if (disk === 0xffff && q + 4 <= x + 4 + len) disk = cd.readUInt32LE(q);
        }
        x += 4 + len;
      }
      if (disk !== 0) bad(`${name} is on another disk`);
      const unix = (madeBy >> 8) === 3;
      entries.set(name, {
        name, flags, method, crc32, compressedSize, size: uncompressed, localOffset,
        mode: unix ? (external >>> 16) & 0o170777 : 0,
      });
      p = end;
    }
    return { path, size, entries };
  } finally {
    await fh.close();
  }
}

/** A readable stream of an entry's uncompressed bytes. */
async function entryStream(zip, entry) {
  if (entry.flags & 1) fail(`${zip.path}: ${entry.name} is encrypted`);
  if (entry.method !== 0 && entry.method !== 8) fail(`${zip.path}: ${entry.name} uses compression method ${entry.method} (only stored and deflate are read)`);
  const fh = await fsp.open(zip.path, 'r');
  let head;
  try { head = await readAt(fh, entry.localOffset, 30); } finally { await fh.close(); }
  if (head.length < 30 || head.readUInt32LE(0) !== SIG_LOCAL) fail(`${zip.path}: the local header of ${entry.name} is damaged`);
  const start = entry.localOffset + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
  if (start + entry.compressedSize > zip.size) fail(`${zip.path}: ${entry.name} lies past the end of the file (truncated download?)`);
  const raw = entry.compressedSize === 0 ? Readable.from([]) : createReadStream(zip.path, { start, end: start + entry.compressedSize - 1 });
  if (entry.method === 0) return raw;
  const inflate = zlib.createInflateRaw();
  raw.on('error', (e) => inflate.destroy(e));
  return raw.pipe(inflate);
}

/**
 * Reads an entry, checking its size and CRC-32: into the file `dest`, into memory (dest null: the
 * result's data), or only hashing it (dest undefined). Returns { sha256 (hex), sha256b64 (urlsafe
 * base64, no padding, as in RECORD), size, data? }.
 */
export async function extractEntry(zip, entry, dest) {
  const hash = createHash('sha256');
  let crc = 0;
  let size = 0;
  const chunks = [];
  const hasCrc = typeof zlib.crc32 === 'function';
  const meter = new Transform({
    transform(chunk, _enc, cb) {
      hash.update(chunk);
      if (hasCrc) crc = zlib.crc32(chunk, crc);
      size += chunk.length;
      if (dest === null) chunks.push(chunk);
      cb(null, typeof dest === 'string' ? chunk : undefined);
    },
  });
  const sink = typeof dest === 'string' ? createWriteStream(dest, { mode: 0o644 }) : new Writable({ write(_c, _e, cb) { cb(); } });
  try {
    await pipeline(await entryStream(zip, entry), meter, sink);
  } catch (e) {
    if (e instanceof CliError) throw e;
    fail(`${zip.path}: cannot read ${entry.name}: ${e.message}`);
  }
  if (size !== entry.size) fail(`${zip.path}: ${entry.name} has ${size} bytes, its zip header says ${entry.size}`);
  if (hasCrc && (crc >>> 0) !== entry.crc32) fail(`${zip.path}: ${entry.name} fails its CRC-32 check (corrupt wheel)`);
  const digest = hash.digest();
  return { sha256: digest.toString('hex'), sha256b64: digest.toString('base64url'), size, data: dest === null ? Buffer.concat(chunks) : undefined };
}

// ---------------------------------------------------------------------------------------------
// Wheels: METADATA, RECORD, requirements and their markers

async function fileSha256(path) {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), new Writable({ write(c, _e, cb) { hash.update(c); cb(); } }));
  return hash.digest('hex');
}

/** PEP 503 name normalisation. */
const normName = (n) => n.toLowerCase().replace(/[-_.]+/g, '-');

/** Parses a wheel file name: {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl */
function parseWheelName(file) {
  const m = /^([^-]+)-([^-]+)(?:-\d[^-]*)?-([^-]+)-([^-]+)-([^-]+)\.whl$/.exec(basename(file));
  return m ? { name: normName(m[1]), version: m[2], python: m[3], abi: m[4], platform: m[5] } : null;
}

function parseMetadata(text) {
  const headers = [];
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    if (/^[ \t]/.test(line) && headers.length) { headers[headers.length - 1][1] += '\n' + line.trim(); continue; }
    const i = line.indexOf(':');
    if (i > 0) headers.push([line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim()]);
  }
  const get = (k) => headers.find(([h]) => h === k)?.[1];
  return { name: get('name'), version: get('version'), requires: headers.filter(([h]) => h === 'requires-dist').map(([, v]) => v) };
}

function parseCsvLine(line) {
  const out = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= line.length) break;
        if (line[i] === '"') { if (line[i + 1] === '"') { s += '"'; i += 2; continue; } i++; break; }
        s += line[i++];
      }
      out.push(s);
      i++; // the comma
    } else {
      const j = line.indexOf(',', i);
      const end = j < 0 ? line.length : j;
      out.push(line.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

function parseRecord(text) {
  const rec = new Map();
  for (const line of text.split(/\r?\n/)) {
    if (!line) continue;
    const [path, hash, size] = parseCsvLine(line);
    rec.set(path, { hash: hash ?? '', size: size ? Number(size) : undefined });
  }
  return rec;
}

/** Release numbers of a version ("2.13.0+cu126" -> [2, 13, 0]). */
function release(v) {
  const m = /^(?:\d+!)?(\d+(?:\.\d+)*)/.exec(String(v).trim().replace(/^v/i, ''));
  return m ? m[1].split('.').map(Number) : [];
}
function cmpVersion(a, b) {
  const x = release(a), y = release(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return Math.sign(d);
  }
  return 0;
}
const publicVersion = (v) => String(v).split('+')[0];
const localLabel = (v) => (String(v).split('+')[1] ?? '');

/** Whether a version satisfies a PEP 440 specifier list (==, ===, !=, <, <=, >, >=, ~=, and ==X.*). */
function satisfies(version, spec) {
  if (!spec) return true;
  return spec.split(',').map((s) => s.trim()).filter(Boolean).every((s) => {
    const m = /^(===|==|!=|~=|<=|>=|<|>)\s*(.+)$/.exec(s);
    if (!m) return true;
    const [, op, want] = m;
    if (op === '===') return version === want;
    if ((op === '==' || op === '!=') && want.endsWith('.*')) {
      const pre = release(want.slice(0, -2));
      const has = release(version);
      const eq = pre.every((n, i) => has[i] === n);
      return op === '==' ? eq : !eq;
    }
    const c = cmpVersion(version, want);
    const sameLocal = !want.includes('+') || localLabel(version) === localLabel(want);
    switch (op) {
      case '==': return c === 0 && sameLocal;
      case '!=': return !(c === 0 && sameLocal);
      case '<': return c < 0;
      case '<=': return c <= 0;
      case '>': return c > 0;
      case '>=': return c >= 0;
      case '~=': {
        const w = release(want);
        const prefix = w.slice(0, Math.max(1, w.length - 1));
        return c >= 0 && prefix.every((n, i) => release(version)[i] === n);
      }
    }
    return true;
  });
}

/** Evaluates a PEP 508 environment marker for Linux on this machine's architecture. */
function evalMarker(marker, env) {
  const toks = [];
  const re = /\s*(\(|\)|===|==|!=|<=|>=|~=|<|>|not\s+in\b|in\b|and\b|or\b|"[^"]*"|'[^']*'|[A-Za-z_][A-Za-z0-9_.]*)/y;
  let m;
  re.lastIndex = 0;
  while (re.lastIndex < marker.length && (m = re.exec(marker))) toks.push(m[1]);
  if (marker.slice(re.lastIndex).trim()) fail(`cannot read the requirement marker "${marker}"`);
  let i = 0;
  const value = () => {
    const t = toks[i++];
    if (t === undefined) fail(`cannot read the requirement marker "${marker}"`);
    if (/^["']/.test(t)) return { s: t.slice(1, -1) };
    return { s: env[t] ?? '', v: t };
  };
  const atom = () => {
    if (toks[i] === '(') { i++; const r = orExpr(); i++; return r; }
    const l = value();
    const op = toks[i++].replace(/\s+/g, ' ');
    const r = value();
    const versiony = [l.v, r.v].some((v) => v && /version|release/.test(v));
    switch (op) {
      case '==': case '===': return versiony ? cmpVersion(l.s, r.s) === 0 : l.s === r.s;
      case '!=': return versiony ? cmpVersion(l.s, r.s) !== 0 : l.s !== r.s;
      case 'in': return r.s.includes(l.s);
      case 'not in': return !r.s.includes(l.s);
      case '<': return cmpVersion(l.s, r.s) < 0;
      case '<=': return cmpVersion(l.s, r.s) <= 0;
      case '>': return cmpVersion(l.s, r.s) > 0;
      case '>=': return cmpVersion(l.s, r.s) >= 0;
      case '~=': return satisfies(l.s, `~=${r.s}`);
    }
    return fail(`cannot read the requirement marker "${marker}"`);
  };
  const andExpr = () => { let r = atom(); while (toks[i] === 'and') { i++; const b = atom(); r = r && b; } return r; };
  const orExpr = () => { let r = andExpr(); while (toks[i] === 'or') { i++; const b = andExpr(); r = r || b; } return r; };
  return orExpr();
}

const MACHINE = { x64: 'x86_64', arm64: 'aarch64' }[process.arch];

function markerEnv(extra) {
  return {
    platform_system: 'Linux', sys_platform: 'linux', os_name: 'posix', platform_machine: MACHINE,
    python_version: '3.12', python_full_version: '3.12.0', implementation_name: 'cpython',
    platform_python_implementation: 'CPython', platform_release: '', platform_version: '', extra,
  };
}

/** Parses a Requires-Dist value: { name, extras, spec, marker }. */
function parseRequirement(req) {
  const [main, marker] = req.split(/;(.*)/s);
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*\(?([^)]*)\)?\s*$/.exec(main);
  if (!m) return null;
  return {
    name: normName(m[1]), extras: m[2] ? m[2].split(',').map((s) => normName(s.trim())).filter(Boolean) : [],
    spec: m[3].trim(), marker: marker?.trim() ?? '',
  };
}

/** Requirements of a wheel that apply on Linux here, given the extras asked of it. */
function applicableRequirements(meta, extras) {
  const out = [];
  for (const r of meta.requires) {
    const req = parseRequirement(r);
    if (!req) continue;
    const applies = !req.marker || [''].concat(extras).some((e) => evalMarker(req.marker, markerEnv(e)));
    if (applies) out.push(req);
  }
  return out;
}

/** The requirements whose wheels carry CUDA libraries: nvidia-* and the cuda-toolkit metapackage. */
const isCudaLibraryPackage = (name) => name.startsWith('nvidia-') || name === 'cuda-toolkit';

/** Opens a wheel: its zip directory, METADATA and RECORD. */
export async function openWheel(path) {
  const zip = await readZip(path);
  const distInfo = [...zip.entries.keys()].filter((n) => /^[^/]+\.dist-info\/METADATA$/.test(n));
  if (distInfo.length !== 1) fail(`${path}: not a wheel (${distInfo.length ? 'several' : 'no'} *.dist-info/METADATA)`);
  const dir = distInfo[0].slice(0, -'METADATA'.length);
  const metaText = (await extractEntry(zip, zip.entries.get(distInfo[0]), null)).data.toString('utf8');
  const meta = parseMetadata(metaText);
  if (!meta.name || !meta.version) fail(`${path}: its METADATA has no Name or Version`);
  const recEntry = zip.entries.get(dir + 'RECORD');
  if (!recEntry) fail(`${path}: not a wheel (no ${dir}RECORD)`);
  const record = parseRecord((await extractEntry(zip, recEntry, null)).data.toString('utf8'));
  const tags = parseWheelName(path);
  return { path, file: basename(path), zip, meta, name: normName(meta.name), version: meta.version, record, tags };
}

const TORCH_LIB = /^torch\/lib\/([^/]+\.so(?:\.[^/]*)?)$/;
const NVIDIA_LIB = /^nvidia\/(?:[^/]+\/)+lib\/([^/]+\.so(?:\.[^/]*)?)$/;

// ---------------------------------------------------------------------------------------------
// Settings

function packageRoot() {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..');
}

/** The LibTorch version the addon was built for: package.json "libtorch" when present, else 2.13. */
async function builtLibtorchVersion() {
  try {
    const pkg = JSON.parse(await fsp.readFile(join(packageRoot(), 'package.json'), 'utf8'));
    const v = typeof pkg.libtorch === 'string' ? pkg.libtorch : pkg.libtorch?.version;
    if (typeof v === 'string' && /^\d+\.\d+/.test(v)) return v;
  } catch { /* fall through */ }
  return '2.13';
}

export function defaultHome(env = process.env) {
  if (env.TORCH_NODE_HOME) return resolve(env.TORCH_NODE_HOME);
  const cache = env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/') ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(cache, 'torch-node');
}

function cudaTag(v) {
  const m = /^(?:cu)?(\d+)\.?(\d)$/.exec(String(v).trim()) ?? /^(\d+)\.(\d+)$/.exec(String(v).trim());
  if (!m) fail(`--cuda takes a CUDA version such as 12.6, 12.8 or 13.0 (or cu126), not "${v}"`);
  return { tag: `cu${m[1]}${m[2]}`, version: `${m[1]}.${m[2]}` };
}

function parseArgs(argv) {
  const opts = { from: [], sha256: [], hashes: [], force: false, noWheelHashes: false };
  const multi = new Set(['--from', '--sha256']);
  const single = new Set(['--cuda', '--home', '--hashes', '--index-url']);
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let inline;
    if (a.startsWith('--') && a.includes('=') && (multi.has(a.slice(0, a.indexOf('='))) || single.has(a.slice(0, a.indexOf('='))))) {
      inline = a.slice(a.indexOf('=') + 1);
      a = a.slice(0, a.indexOf('='));
    }
    if (a === '-h' || a === '--help') opts.help = true;
    else if (a === '--force') opts.force = true;
    else if (a === '--no-wheel-hashes') opts.noWheelHashes = true;
    else if (single.has(a)) {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('--'))) fail(`${a} needs a value`);
      const key = { '--cuda': 'cuda', '--home': 'home', '--hashes': 'hashes', '--index-url': 'indexUrl' }[a];
      if (key === 'hashes') opts.hashes.push(v); else opts[key] = v;
    } else if (multi.has(a)) {
      const key = a === '--from' ? 'from' : 'sha256';
      const vals = [];
      if (inline !== undefined) vals.push(inline);
      else while (i + 1 < argv.length && !argv[i + 1].startsWith('-')) vals.push(argv[++i]);
      if (!vals.length) fail(`${a} needs a value`);
      opts[key].push(...vals);
    } else if (a.startsWith('-')) fail(`unknown option ${a} (see torch-node install --help)`);
    else positional.push(a);
  }
  return { opts, positional };
}

/** Expected wheel hashes by file name, from --sha256 and --hashes. */
async function expectedHashes(opts) {
  const map = new Map();
  const add = (file, hex, source) => {
    const h = hex.trim().toLowerCase().replace(/^sha256[:=]/, '');
    if (!/^[0-9a-f]{64}$/.test(h)) fail(`${source}: "${hex}" is not a sha256 (64 hex digits) for ${file}`);
    map.set(basename(file.trim()), { hex: h, source });
  };
  for (const s of opts.sha256) {
    const i = s.lastIndexOf('=');
    if (i <= 0) fail(`--sha256 takes <wheel file>=<hex>, not "${s}"`);
    add(s.slice(0, i), s.slice(i + 1), '--sha256');
  }
  for (const f of opts.hashes) {
    let text;
    try { text = await fsp.readFile(f, 'utf8'); } catch (e) { fail(`--hashes ${f}: ${e.code === 'ENOENT' ? 'no such file' : e.message}`); }
    for (const line of text.split(/\r?\n/)) {
      const t = line.trim();
      if (!t || t.startsWith('#')) continue;
      const m = /^([0-9a-fA-F]{64})\s+\*?(.+)$/.exec(t);
      if (!m) fail(`--hashes ${f}: cannot read the line "${t}" (expected "<sha256 hex>  <wheel file name>")`);
      add(m[2], m[1], `--hashes ${f}`);
    }
  }
  return map;
}

// ---------------------------------------------------------------------------------------------
// Downloading (PEP 503 simple index pages; the #sha256= fragment of each link is the expected hash)

const PYPI = 'https://pypi.org/simple';

async function fetchText(url) {
  let res;
  try { res = await fetch(url, { headers: { Accept: 'text/html' } }); } catch (e) {
    fail(`cannot reach ${url}: ${e.cause?.message ?? e.message}. Without network access (or behind a proxy, which Node's fetch ignores), download the wheels elsewhere and install with --from (see torch-node install --help)`);
  }
  if (res.status === 404) return null;
  if (!res.ok) fail(`${url}: HTTP ${res.status} ${res.statusText}`);
  return res.text();
}

/** The wheel links of a simple index page: [{ file, url, sha256 }]. */
async function indexLinks(base, project) {
  const url = `${base.replace(/\/+$/, '')}/${project}/`;
  const html = await fetchText(url);
  if (html === null) return [];
  const out = [];
  for (const m of html.matchAll(/<a\s[^>]*href="([^"]+)"[^>]*>/gi)) {
    const href = m[1].replace(/&amp;/g, '&');
    const u = new URL(href, url);
    const file = decodeURIComponent(basename(u.pathname));
    if (!file.endsWith('.whl')) continue;
    const h = /sha256=([0-9a-f]{64})/.exec(u.hash);
    u.hash = '';
    out.push({ file, url: u.href, sha256: h?.[1] });
  }
  return out;
}

const platformOk = (platform) => platform.split('.').some((p) => /linux/.test(p) && p.endsWith(`_${MACHINE}`));

/** Downloads a wheel into dir, checking its sha256; reuses a complete earlier download. */
async function download(link, dir) {
  if (!link.sha256) fail(`${link.url}: the index gives no sha256 for it; download it yourself and pass it with --from and --sha256`);
  const dest = join(dir, link.file);
  try {
    if ((await fileSha256(dest)) === link.sha256) { log(`using ${dest} (downloaded before)`); return dest; }
  } catch { /* not there */ }
  log(`downloading ${link.url}`);
  let res;
  try { res = await fetch(link.url); } catch (e) {
    fail(`cannot download ${link.url}: ${e.cause?.message ?? e.message}. Download it elsewhere and install with --from`);
  }
  if (!res.ok || !res.body) fail(`cannot download ${link.url}: HTTP ${res.status} ${res.statusText}`);
  const total = Number(res.headers.get('content-length')) || 0;
  const part = `${dest}.part-${process.pid}`;
  const hash = createHash('sha256');
  let got = 0;
  let shown = Date.now();
  const meter = new Transform({
    transform(chunk, _e, cb) {
      hash.update(chunk);
      got += chunk.length;
      if (process.stderr.isTTY && Date.now() - shown > 1000) {
        shown = Date.now();
        process.stderr.write(`\r  ${(got / 2 ** 20).toFixed(0)}${total ? ` / ${(total / 2 ** 20).toFixed(0)}` : ''} MB`);
      }
      cb(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(res.body), meter, createWriteStream(part));
  } catch (e) {
    await fsp.rm(part, { force: true });
    fail(`download of ${link.url} failed: ${e.message}`);
  }
  if (process.stderr.isTTY) process.stderr.write('\n');
  const hex = hash.digest('hex');
  if (hex !== link.sha256) {
    await fsp.rm(part, { force: true });
    fail(`sha256 mismatch for ${link.file} downloaded from ${link.url}: got ${hex}, the index says ${link.sha256}`);
  }
  await fsp.rename(part, dest);
  return dest;
}

function pickWheel(links, name, accept) {
  const cands = links
    .map((l) => ({ ...l, tags: parseWheelName(l.file) }))
    .filter((l) => l.tags && l.tags.name === name && platformOk(l.tags.platform) && accept(l.tags.version) && !/t$/.test(l.tags.abi));
  if (!cands.length) return null;
  // Newest version; then CPython 3.12 (the libraries other than libtorch_python are the same in every cp tag).
  cands.sort((a, b) => cmpVersion(b.tags.version, a.tags.version) || (b.tags.python === 'cp312') - (a.tags.python === 'cp312'));
  return cands[0];
}

/** Downloads torch and its CUDA library wheels; returns the wheel paths and their expected hashes. */
async function downloadWheels({ cuda, home, indexUrl, libtorchMinor }) {
  const base = indexUrl ?? `https://download.pytorch.org/whl/${cuda.tag}`;
  const dir = join(home, 'wheels');
  await fsp.mkdir(dir, { recursive: true });
  const hashes = new Map();
  const torchLinks = await indexLinks(base, 'torch');
  const torchLink = pickWheel(torchLinks, 'torch', (v) => localLabel(v) === cuda.tag && release(v).slice(0, 2).join('.') === libtorchMinor);
  if (!torchLink) fail(`${base}/torch/ has no torch ${libtorchMinor}.x+${cuda.tag} wheel for linux ${MACHINE}; PyTorch ${libtorchMinor} is built for some CUDA versions only (see https://pytorch.org/get-started/locally/)`);
  const paths = [await download(torchLink, dir)];
  hashes.set(torchLink.file, { hex: torchLink.sha256, source: base });
  // Resolve the CUDA library wheels as pip would (only the nvidia-* and cuda-toolkit ones).
  const torch = await openWheel(paths[0]);
  const queue = applicableRequirements(torch.meta, []).filter((r) => isCudaLibraryPackage(r.name));
  const done = new Set();
  while (queue.length) {
    const req = queue.shift();
    const key = `${req.name}[${req.extras.join(',')}]`;
    if (done.has(key)) continue;
    done.add(key);
    let link = pickWheel(await indexLinks(base, req.name), req.name, (v) => satisfies(v, req.spec));
    let from = base;
    if (!link && !indexUrl) { link = pickWheel(await indexLinks(PYPI, req.name), req.name, (v) => satisfies(v, req.spec)); from = PYPI; }
    if (!link) fail(`no wheel for ${req.name}${req.spec} (linux ${MACHINE}) on ${base}${indexUrl ? '' : ` or ${PYPI}`}`);
    const p = await download(link, dir);
    hashes.set(link.file, { hex: link.sha256, source: from });
    if (!paths.includes(p)) paths.push(p);
    const w = await openWheel(p);
    for (const sub of applicableRequirements(w.meta, req.extras)) if (isCudaLibraryPackage(sub.name)) queue.push(sub);
  }
  return { paths, hashes };
}

// ---------------------------------------------------------------------------------------------
// install

let quiet = false;
const log = (msg) => { if (!quiet) process.stderr.write(`torch-node: ${msg}\n`); };

async function wheelPaths(from) {
  const out = [];
  for (const f of from) {
    let st;
    try { st = await fsp.stat(f); } catch (e) {
      fail(`--from ${f}: ${e.code === 'ENOENT' ? 'no such file or folder' : e.message}`);
    }
    if (st.isDirectory()) {
      const whls = (await fsp.readdir(f)).filter((n) => n.endsWith('.whl')).sort().map((n) => join(f, n));
      if (!whls.length) fail(`--from ${f}: the folder holds no .whl file`);
      out.push(...whls);
    } else if (f.endsWith('.whl')) out.push(f);
    else fail(`--from ${f}: not a .whl file`);
  }
  return [...new Set(out.map((p) => resolve(p)))];
}

/** Removes temporary install folders of earlier runs that died (their process is gone). */
async function cleanStaleTemps(home) {
  let names;
  try { names = await fsp.readdir(home); } catch { return; }
  for (const n of names) {
    const m = /^\.tmp-install-(\d+)-/.exec(n);
    if (!m) continue;
    try { process.kill(Number(m[1]), 0); continue; } catch (e) { if (e.code === 'EPERM') continue; }
    await fsp.rm(join(home, n), { recursive: true, force: true });
  }
}

async function install(opts) {
  if (!opts.cuda) fail('install needs --cuda <version> (e.g. --cuda 12.6); see torch-node install --help');
  if (process.platform !== 'linux' || !MACHINE) fail(`CUDA LibTorch installs are for Linux x64 and arm64; this is ${process.platform} ${process.arch}`);
  const cuda = cudaTag(opts.cuda);
  const home = resolve(opts.home ?? defaultHome());
  const builtFor = await builtLibtorchVersion();
  const libtorchMinor = release(builtFor).slice(0, 2).join('.');
  const expected = await expectedHashes(opts);

  let paths;
  if (opts.from.length) {
    paths = await wheelPaths(opts.from);
  } else {
    await fsp.mkdir(home, { recursive: true });
    const d = await downloadWheels({ cuda, home, indexUrl: opts.indexUrl, libtorchMinor });
    paths = d.paths;
    for (const [k, v] of d.hashes) if (!expected.has(k)) expected.set(k, v);
  }

  // 1. Read the wheels that may matter (torch, nvidia-*, cuda-toolkit, by file name; pip download
  // also fetches sympy & co, skipped here); find torch and check it against the addon's LibTorch.
  const wheels = [];
  for (const p of paths) {
    const tags = parseWheelName(p);
    if (!tags) fail(`${p}: not a wheel file name (<name>-<version>-<python>-<abi>-<platform>.whl)`);
    if (tags.name !== 'torch' && !isCudaLibraryPackage(tags.name)) { log(`${basename(p)}: not torch nor a CUDA library wheel; skipped`); continue; }
    wheels.push(await openWheel(p));
  }
  const torches = wheels.filter((w) => w.name === 'torch');
  if (torches.length !== 1) fail(torches.length ? `several torch wheels given: ${torches.map((w) => w.file).join(', ')}` : `no torch wheel among ${wheels.map((w) => w.file).join(', ')}`);
  const torch = torches[0];
  if (torch.tags && !platformOk(torch.tags.platform)) fail(`${torch.file} is for ${torch.tags.platform}, not linux ${MACHINE}`);
  const torchMinor = release(torch.version).slice(0, 2).join('.');
  if (torchMinor !== libtorchMinor) {
    fail(`${torch.file} is torch ${torch.version}, but torch-node was built for LibTorch ${builtFor}: a torch ${libtorchMinor}.x wheel is needed (LibTorch's C++ ABI changes between minor versions)`);
  }
  const label = localLabel(torch.version);
  if (label !== cuda.tag) {
    fail(label.startsWith('cu')
      ? `${torch.file} is torch ${torch.version}, built for CUDA ${label.slice(2, -1)}.${label.slice(-1)}, not the --cuda ${cuda.version} asked for`
      : `${torch.file} is torch ${torch.version}, not a CUDA ${cuda.version} build (its version should end in +${cuda.tag})`);
  }
  if (![...torch.zip.entries.keys()].some((n) => /^torch\/lib\/libtorch_cuda\.so$/.test(n))) {
    fail(`${torch.file} has no torch/lib/libtorch_cuda.so: not a CUDA build of torch`);
  }

  // The CUDA library wheels torch requires, recursively; each must be among those given.
  const byName = new Map();
  for (const w of wheels) {
    if (w === torch) continue;
    if (w.tags && !platformOk(w.tags.platform) && w.tags.platform !== 'any') fail(`${w.file} is for ${w.tags.platform}, not linux ${MACHINE}`);
    if (byName.has(w.name)) fail(`two wheels of ${w.name} given: ${byName.get(w.name).file} and ${w.file}`);
    byName.set(w.name, w);
  }
  const used = [torch];
  const missing = [];
  const queue = applicableRequirements(torch.meta, []).filter((r) => isCudaLibraryPackage(r.name)).map((r) => ({ ...r, by: torch.file }));
  const seen = new Set();
  while (queue.length) {
    const req = queue.shift();
    const key = `${req.name}[${req.extras.join(',')}]${req.spec}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const w = byName.get(req.name);
    if (!w) { missing.push(`${req.name}${req.spec ? ` ${req.spec}` : ''} (required by ${req.by})`); continue; }
    if (!satisfies(w.version, req.spec)) fail(`${w.file} is ${w.name} ${w.version}, but ${req.by} requires ${req.name}${req.spec}`);
    if (!used.includes(w)) used.push(w);
    for (const sub of applicableRequirements(w.meta, req.extras)) if (isCudaLibraryPackage(sub.name)) queue.push({ ...sub, by: w.file });
  }
  if (missing.length) fail(`missing wheels, needed by ${torch.file}:\n  ${missing.join('\n  ')}\nPass them with --from (see torch-node install --help)`);
  for (const w of wheels) if (!used.includes(w)) log(`${w.file} is not needed by ${torch.file}; skipped`);

  // 2. The sha256 of every wheel used against its expected hash.
  const wheelHashes = new Map();
  for (const w of used) {
    const exp = expected.get(w.file);
    if (!exp && !opts.noWheelHashes) {
      fail(`no expected sha256 for ${w.file}: give it with --sha256 ${w.file}=<hex> or --hashes <file> (the index page lists them: each link ends in #sha256=<hex>, e.g. https://download.pytorch.org/whl/${cuda.tag}/torch/), or pass --no-wheel-hashes to rely on the wheels' RECORD only`);
    }
    const hex = await fileSha256(w.path);
    if (exp && hex !== exp.hex) fail(`sha256 mismatch for ${w.path}: the file has ${hex}, ${exp.source} expects ${exp.hex}. Nothing was installed`);
    wheelHashes.set(w.path, { hex, expected: exp?.source ?? null });
  }

  // 3. Extract into a temporary folder inside home, checking every file against its RECORD.
  const name = `libtorch-${publicVersion(torch.version)}-${cuda.tag}`;
  const target = join(home, name);
  await fsp.mkdir(home, { recursive: true });
  await cleanStaleTemps(home);
  if (!opts.force && await exists(target)) fail(`${target} is already installed (--force replaces it)`);
  const tmp = join(home, `.tmp-install-${process.pid}-${randomBytes(4).toString('hex')}`);
  const cleanup = () => fsp.rm(tmp, { recursive: true, force: true });
  const onSignal = (sig) => { cleanup().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143)); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await fsp.mkdir(join(tmp, 'lib'), { recursive: true });
    const files = new Map();
    for (const w of used) {
      const pattern = w === torch ? TORCH_LIB : NVIDIA_LIB;
      let count = 0;
      for (const entry of w.zip.entries.values()) {
        const m = pattern.exec(entry.name);
        if (!m) continue;
        if ((entry.mode & 0o170000) === 0o120000) fail(`${w.file}: ${entry.name} is a symbolic link; refused`);
        const rec = w.record.get(entry.name);
        if (!rec || !rec.hash.startsWith('sha256=')) fail(`${w.file}: ${entry.name} has no sha256 in the wheel's RECORD; nothing was installed`);
        const file = m[1];
        const prev = files.get(file);
        const out = join(tmp, 'lib', file);
        const got = await extractEntry(w.zip, entry, prev ? undefined : out);
        if (got.sha256b64 !== rec.hash.slice(7) || (rec.size !== undefined && rec.size !== got.size)) {
          fail(`${w.file}: ${entry.name} does not match the wheel's RECORD (sha256=${got.sha256b64}, ${got.size} bytes; RECORD says ${rec.hash}, ${rec.size} bytes): the wheel is corrupt or was altered. Nothing was installed`);
        }
        if (prev) {
          if (prev.sha256 !== got.sha256) fail(`${file} is in both ${prev.from} and ${w.file}, with different contents`);
          continue;
        }
        if (entry.mode & 0o111) await fsp.chmod(out, 0o755);
        files.set(file, { path: `lib/${file}`, sha256: got.sha256, size: got.size, from: w.file, entry: entry.name });
        count++;
      }
      if (!count && w === torch) fail(`${w.file} holds no torch/lib/*.so*`);
      log(`${w.file}: ${count} libraries`);
    }
    const manifest = {
      format: 1,
      name,
      torch: torch.version,
      libtorch: publicVersion(torch.version),
      cuda: cuda.version,
      cudaTag: cuda.tag,
      platform: `linux-${process.arch}`,
      builtFor,
      installedAt: new Date().toISOString(),
      installedBy: `torch-node ${await ownVersion()}`,
      wheels: used.map((w) => ({
        file: w.file, name: w.name, version: w.version,
        sha256: wheelHashes.get(w.path).hex, expectedFrom: wheelHashes.get(w.path).expected,
      })),
      files: [...files.values()].sort((a, b) => a.path.localeCompare(b.path)),
    };
    await fsp.writeFile(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    // As in a LibTorch zip: what the loader reads for TORCH_NODE_LIBTORCH=<this folder>.
    await fsp.writeFile(join(tmp, 'build-version'), `${torch.version}\n`);

    // 4. Into place: rename (same file system). An older install moves aside first.
    let old = null;
    if (await exists(target)) {
      old = join(home, `.tmp-install-${process.pid}-old-${randomBytes(4).toString('hex')}`);
      await fsp.rename(target, old);
    }
    try {
      await fsp.rename(tmp, target);
    } catch (e) {
      if (old) await fsp.rename(old, target).catch(() => {});
      if (e.code === 'ENOTEMPTY' || e.code === 'EEXIST') fail(`${target} appeared while installing (another install at the same time?)`);
      throw e;
    }
    if (old) await fsp.rm(old, { recursive: true, force: true });
    const pointer = join(home, 'cuda.json');
    const ptmp = `${pointer}.tmp-${process.pid}`;
    await fsp.writeFile(ptmp, JSON.stringify({ libtorch: name, path: join(target, 'lib'), torch: torch.version, cuda: cuda.version }, null, 2) + '\n');
    await fsp.rename(ptmp, pointer);
    log(`installed ${files.size} libraries of torch ${torch.version} into ${target}/lib`);
    process.stdout.write(`${target}\n`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await cleanup();
  }
}

async function exists(p) {
  try { await fsp.access(p); return true; } catch { return false; }
}

async function ownVersion() {
  try { return JSON.parse(await fsp.readFile(join(packageRoot(), 'package.json'), 'utf8')).version ?? '?'; } catch { return '?'; }
}

async function list(opts) {
  const home = resolve(opts.home ?? defaultHome());
  let names = [];
  try { names = (await fsp.readdir(home)).filter((n) => n.startsWith('libtorch-')).sort(); } catch { /* none */ }
  let current = null;
  try { current = JSON.parse(await fsp.readFile(join(home, 'cuda.json'), 'utf8')).libtorch; } catch { /* none */ }
  if (!names.length) { process.stdout.write(`no CUDA LibTorch installed in ${home}\n`); return; }
  for (const n of names) {
    let info = '';
    try {
      const m = JSON.parse(await fsp.readFile(join(home, n, 'manifest.json'), 'utf8'));
      info = `torch ${m.torch}, CUDA ${m.cuda}, ${m.files.length} libraries, installed ${m.installedAt}`;
    } catch { info = 'no readable manifest.json'; }
    process.stdout.write(`${n === current ? '*' : ' '} ${join(home, n)}  (${info})\n`);
  }
}

export async function main(argv) {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '-h' || cmd === '--help') { process.stdout.write(HELP); return; }
  const { opts, positional } = parseArgs(rest);
  if (opts.help) { process.stdout.write(HELP); return; }
  if (positional.length) fail(`unexpected argument ${positional[0]} (see torch-node ${cmd} --help)`);
  if (cmd === 'install') return install(opts);
  if (cmd === 'list') return list(opts);
  fail(`unknown command "${cmd}" (commands: install, list, help)`);
}

function isMain() {
  try { return process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url)); } catch { return false; }
}

if (isMain()) {
  main(process.argv.slice(2)).catch((e) => {
    process.stderr.write(e instanceof CliError ? `torch-node: ${e.message}\n` : `torch-node: ${e.stack ?? e}\n`);
    process.exitCode = 1;
  });
}
