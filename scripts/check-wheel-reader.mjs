#!/usr/bin/env node
// Checks bin/torch-node.mjs's zip reader against real archives and against Python's zipfile:
//   1. a real torch wheel (argument, else /opt/wheels/torch-*.whl, else `pip download torch
//      --no-deps`): same entries, sizes, CRCs and offsets as Python reads, and every entry's
//      sha256 as its RECORD says (all of it is inflated and hashed: ~1 GB for a CPU wheel);
//   2. zip64 archives made by others: Python with more than 65535 entries (zip64 end record),
//      Info-ZIP `zip -fz` (zip64 extra fields), when available;
//   3. zips from test/bin/zip.mjs (forced zip64, and a sparse one past 4 GB) read by Python too,
//      so the tests' writer and the reader do not share a mistake.
// Usage: node scripts/check-wheel-reader.mjs [wheel]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readZip, extractEntry, openWheel } from '../bin/torch-node.mjs';
import { writeZip } from '../test/bin/zip.mjs';

const tmp = mkdtempSync(join(tmpdir(), 'check-wheel-reader-'));
let failures = 0;
const check = (ok, msg) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${msg}`); if (!ok) failures++; };

const PY_LIST = `
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
print(json.dumps([[i.filename, i.file_size, i.compress_size, i.CRC, i.header_offset] for i in z.infolist()]))
`;
function pythonList(path) {
  return JSON.parse(execFileSync('python3', ['-c', PY_LIST, path], { maxBuffer: 1 << 28, encoding: 'utf8' }));
}
function sameListing(path, zip) {
  const py = pythonList(path);
  const mine = [...zip.entries.values()].map((e) => [e.name, e.size, e.compressedSize, e.crc32, e.localOffset]);
  const ok = py.length === mine.length && py.every((row, i) => JSON.stringify(row) === JSON.stringify(mine[i]));
  check(ok, `${path}: ${mine.length} entries, the same names, sizes, CRCs and offsets as Python's zipfile`);
}

async function realWheel() {
  let wheel = process.argv[2];
  if (!wheel) {
    const cached = existsSync('/opt/wheels') ? readdirSync('/opt/wheels').filter((n) => /^torch-.*\.whl$/.test(n)) : [];
    if (cached.length) wheel = join('/opt/wheels', cached[0]);
    else {
      const d = join(tmp, 'pip');
      const r = spawnSync('pip', ['download', 'torch', '--no-deps', '-d', d], { stdio: 'inherit' });
      if (r.status !== 0) { console.log('skip: no torch wheel (pip download failed)'); return; }
      wheel = join(d, readdirSync(d).find((n) => n.endsWith('.whl')));
    }
  }
  console.log(`real wheel: ${wheel}`);
  const t0 = Date.now();
  const w = await openWheel(wheel);
  sameListing(wheel, w.zip);
  let checked = 0, bytes = 0;
  const bad = [];
  for (const e of w.zip.entries.values()) {
    if (e.name.endsWith('/')) continue;
    const rec = w.record.get(e.name);
    if (e.name.endsWith('.dist-info/RECORD')) continue;
    const got = await extractEntry(w.zip, e, undefined);
    bytes += got.size;
    checked++;
    if (!rec || rec.hash !== `sha256=${got.sha256b64}` || rec.size !== got.size) bad.push(e.name);
  }
  check(bad.length === 0, `${checked} entries (${(bytes / 2 ** 20).toFixed(0)} MB inflated) match RECORD${bad.length ? `; not: ${bad.slice(0, 5).join(', ')}` : ''} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  // One library extracted to disk equals Python's extraction.
  const name = [...w.zip.entries.keys()].find((n) => /^torch\/lib\/libc10\.so$/.test(n));
  if (name) {
    const out = join(tmp, 'libc10.so');
    await extractEntry(w.zip, w.zip.entries.get(name), out);
    const py = execFileSync('python3', ['-c', `import hashlib,zipfile,sys;print(hashlib.sha256(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2])).hexdigest())`, wheel, name], { encoding: 'utf8' }).trim();
    const mine = execFileSync('sha256sum', [out], { encoding: 'utf8' }).split(' ')[0];
    check(py === mine, `${name} extracted to disk equals Python's read`);
  }
}

async function othersZip64() {
  // Python switches to zip64 past 65535 entries.
  const many = join(tmp, 'many.zip');
  execFileSync('python3', ['-c', `
import zipfile, sys
with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED) as z:
    for i in range(70000): z.writestr(f'd/{i}.txt', f'entry {i}\\n' * (i % 5))
`, many]);
  const z = await readZip(many);
  sameListing(many, z);
  const e = z.entries.get('d/69999.txt');
  check((await extractEntry(z, e, null)).data.toString() === 'entry 69999\n'.repeat(4), 'Python zip64 (70000 entries): an entry reads back');
  // Info-ZIP with zip64 extra fields forced.
  if (spawnSync('zip', ['-v']).status === 0) {
    const src = join(tmp, 'src');
    mkdirSync(src);
    writeFileSync(join(src, 'a.so'), Buffer.alloc(300000, 3));
    writeFileSync(join(src, 'b.txt'), 'hello\n');
    const fz = join(tmp, 'fz.zip');
    execFileSync('sh', ['-c', `cd "${src}" && zip -q -fz "${fz}" a.so b.txt`]);
    const zz = await readZip(fz);
    sameListing(fz, zz);
    const a = await extractEntry(zz, zz.entries.get('a.so'), null);
    check(a.data.equals(Buffer.alloc(300000, 3)), 'zip -fz (zip64 extra fields): entries read back');
  } else console.log('skip: no zip command');
}

async function ourWriter() {
  const small = join(tmp, 'forced64.zip');
  writeZip(small, [{ name: 'x/stored.so', data: 'stored\n'.repeat(100), method: 0 }, { name: 'x/deflated.so', data: 'deflated\n'.repeat(100) }], { zip64: true });
  const r = spawnSync('python3', ['-c', 'import zipfile,sys;z=zipfile.ZipFile(sys.argv[1]);print(z.testzip())', small], { encoding: 'utf8' });
  check(r.stdout.trim() === 'None', `test/bin/zip.mjs forced zip64: Python's testzip passes (${r.stdout.trim() || r.stderr.trim()})`);
  sameListing(small, await readZip(small));
  const big = join(tmp, 'sparse.zip');
  writeZip(big, [{ name: 'hole.bin', zeros: 2 ** 32 + 4096 }, { name: 'after.so', data: 'after\n'.repeat(1000) }]);
  const zb = await readZip(big);
  sameListing(big, zb);
  const py = spawnSync('python3', ['-c', 'import zipfile,sys;print(zipfile.ZipFile(sys.argv[1]).read("after.so") == b"after\\n" * 1000)', big], { encoding: 'utf8' });
  check(py.stdout.trim() === 'True', 'test/bin/zip.mjs past 4 GB: Python reads the entry after the hole');
  const t0 = Date.now();
  const hole = await extractEntry(zb, zb.entries.get('hole.bin'), undefined);
  check(hole.size === 2 ** 32 + 4096, `a 4 GB entry streams through with its CRC checked (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

try {
  await realWheel();
  await othersZip64();
  await ourWriter();
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
console.log(failures ? `${failures} check(s) failed` : 'all checks passed');
process.exitCode = failures ? 1 : 0;

