// A small zip writer for the tests of bin/torch-node.mjs (and scripts/check-wheel-reader.mjs):
// stored or deflated entries, optionally zip64 everywhere (zip64 extra fields in the local and
// central headers, zip64 end of central directory record and locator), and "sparse" stored
// entries of zeros that leave a hole in the file (a zip past 4 GB without writing 4 GB).
import { createHash } from 'node:crypto';
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import * as zlib from 'node:zlib';

const ZEROS = Buffer.alloc(1 << 24);

function crcOfZeros(size) {
  let crc = 0;
  for (let left = size; left > 0; left -= ZEROS.length) crc = zlib.crc32(ZEROS.subarray(0, Math.min(left, ZEROS.length)), crc);
  return crc >>> 0;
}

/** sha256 as a wheel's RECORD writes it: urlsafe base64 without padding. */
export function recordHash(data) {
  return 'sha256=' + createHash('sha256').update(data).digest('base64url');
}

/**
 * Writes a zip. entries: [{ name, data (Buffer|string), method?: 0|8 (default 8), mode? }] or
 * [{ name, zeros: size, crc? }] (stored, written as a hole; crc given skips computing it). options.zip64: zip64 records for every
 * entry and the end of the directory (they are used anyway where a value does not fit).
 */
export function writeZip(path, entries, options = {}) {
  const fd = openSync(path, 'w');
  let pos = 0;
  const write = (buf) => { writeSync(fd, buf, 0, buf.length, pos); pos += buf.length; };
  const central = [];
  try {
    for (const e of entries) {
      const name = Buffer.from(e.name, 'utf8');
      let data, crc, size, method, compressed;
      if (e.zeros !== undefined) {
        size = e.zeros; method = 0; compressed = size; crc = e.crc ?? crcOfZeros(size);
      } else {
        data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data);
        size = data.length; crc = zlib.crc32(data) >>> 0;
        method = e.method ?? 8;
        compressed = method === 8 ? zlib.deflateRawSync(data) : data;
      }
      const csize = compressed === undefined ? 0 : (typeof compressed === 'number' ? compressed : compressed.length);
      const offset = pos;
      const big = options.zip64 || size >= 0xffffffff || csize >= 0xffffffff || offset >= 0xffffffff;
      const localExtra = big ? Buffer.alloc(20) : Buffer.alloc(0);
      if (big) {
        localExtra.writeUInt16LE(1, 0); localExtra.writeUInt16LE(16, 2);
        localExtra.writeBigUInt64LE(BigInt(size), 4); localExtra.writeBigUInt64LE(BigInt(csize), 12);
      }
      const lh = Buffer.alloc(30);
      lh.writeUInt32LE(0x04034b50, 0);
      lh.writeUInt16LE(big ? 45 : 20, 4);
      lh.writeUInt16LE(0x800, 6);
      lh.writeUInt16LE(method, 8);
      lh.writeUInt16LE(0, 10); lh.writeUInt16LE(0x21, 12);
      lh.writeUInt32LE(crc, 14);
      lh.writeUInt32LE(big ? 0xffffffff : csize, 18);
      lh.writeUInt32LE(big ? 0xffffffff : size, 22);
      lh.writeUInt16LE(name.length, 26);
      lh.writeUInt16LE(localExtra.length, 28);
      write(lh); write(name); write(localExtra);
      if (e.zeros !== undefined) pos += size; else write(compressed);
      central.push({ name, crc, size, csize, offset, method, big, mode: e.mode ?? 0o100644 });
    }
    const cdStart = pos;
    for (const c of central) {
      const ex = [];
      if (c.big) {
        const x = Buffer.alloc(28);
        x.writeUInt16LE(1, 0); x.writeUInt16LE(24, 2);
        x.writeBigUInt64LE(BigInt(c.size), 4); x.writeBigUInt64LE(BigInt(c.csize), 12); x.writeBigUInt64LE(BigInt(c.offset), 20);
        ex.push(x);
      }
      const extra = Buffer.concat(ex);
      const h = Buffer.alloc(46);
      h.writeUInt32LE(0x02014b50, 0);
      h.writeUInt16LE((3 << 8) | 45, 4);
      h.writeUInt16LE(c.big ? 45 : 20, 6);
      h.writeUInt16LE(0x800, 8);
      h.writeUInt16LE(c.method, 10);
      h.writeUInt16LE(0, 12); h.writeUInt16LE(0x21, 14);
      h.writeUInt32LE(c.crc, 16);
      h.writeUInt32LE(c.big ? 0xffffffff : c.csize, 20);
      h.writeUInt32LE(c.big ? 0xffffffff : c.size, 24);
      h.writeUInt16LE(c.name.length, 28);
      h.writeUInt16LE(extra.length, 30);
      h.writeUInt16LE(0, 32); h.writeUInt16LE(0, 34); h.writeUInt16LE(0, 36);
      h.writeUInt32LE((c.mode << 16) >>> 0, 38);
      h.writeUInt32LE(c.big ? 0xffffffff : c.offset, 42);
      write(h); write(c.name); write(extra);
    }
    const cdSize = pos - cdStart;
    const zip64 = options.zip64 || central.some((c) => c.big) || central.length >= 0xffff || cdStart >= 0xffffffff;
    if (zip64) {
      const recPos = pos;
      const r = Buffer.alloc(56);
      r.writeUInt32LE(0x06064b50, 0);
      r.writeBigUInt64LE(44n, 4);
      r.writeUInt16LE((3 << 8) | 45, 12); r.writeUInt16LE(45, 14);
      r.writeUInt32LE(0, 16); r.writeUInt32LE(0, 20);
      r.writeBigUInt64LE(BigInt(central.length), 24); r.writeBigUInt64LE(BigInt(central.length), 32);
      r.writeBigUInt64LE(BigInt(cdSize), 40); r.writeBigUInt64LE(BigInt(cdStart), 48);
      write(r);
      const l = Buffer.alloc(20);
      l.writeUInt32LE(0x07064b50, 0); l.writeUInt32LE(0, 4); l.writeBigUInt64LE(BigInt(recPos), 8); l.writeUInt32LE(1, 16);
      write(l);
    }
    const eocd = Buffer.alloc(22);
    eocd.writeUInt32LE(0x06054b50, 0);
    eocd.writeUInt16LE(zip64 ? 0xffff : central.length, 8);
    eocd.writeUInt16LE(zip64 ? 0xffff : central.length, 10);
    eocd.writeUInt32LE(zip64 ? 0xffffffff : cdSize, 12);
    eocd.writeUInt32LE(zip64 ? 0xffffffff : cdStart, 16);
    write(eocd);
    ftruncateSync(fd, pos);
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a wheel: the files given, plus <name>-<version>.dist-info/{METADATA,WHEEL,RECORD}.
 * files: { path: data | { zeros } }; requires: Requires-Dist lines; record: overrides of RECORD
 * hashes by path (a wrong hash), or null to leave a file out of RECORD.
 */
export function writeWheel(path, { name, version, files, requires = [], record = {}, zip64 = false, method }) {
  const distInfo = `${name.replace(/-/g, '_')}-${version}.dist-info`;
  const meta = [`Metadata-Version: 2.1`, `Name: ${name}`, `Version: ${version}`, ...requires.map((r) => `Requires-Dist: ${r}`), '', 'A test wheel.', ''].join('\n');
  const wheelInfo = 'Wheel-Version: 1.0\nGenerator: torch-node tests\nRoot-Is-Purelib: false\nTag: py3-none-manylinux_2_28_x86_64\n';
  const all = { ...files, [`${distInfo}/METADATA`]: meta, [`${distInfo}/WHEEL`]: wheelInfo };
  const lines = [];
  for (const [p, d] of Object.entries(all)) {
    if (p in record && record[p] === null) continue;
    if (typeof d === 'object' && !Buffer.isBuffer(d)) { lines.push(`${p},${record[p] ?? 'sha256=unchecked'},${d.zeros}`); continue; }
    const buf = Buffer.from(d);
    lines.push(`${p.includes(',') ? `"${p}"` : p},${record[p] ?? recordHash(buf)},${buf.length}`);
  }
  lines.push(`${distInfo}/RECORD,,`);
  const entries = Object.entries(all).map(([p, d]) => (typeof d === 'object' && !Buffer.isBuffer(d) ? { name: p, zeros: d.zeros } : { name: p, data: d, method }));
  entries.push({ name: `${distInfo}/RECORD`, data: lines.join('\n') + '\n', method });
  writeZip(path, entries, { zip64 });
}
