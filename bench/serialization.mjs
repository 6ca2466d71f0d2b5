// torch.save / torch.load of a 500 MB state dict (50 float32 tensors of 10 MB), Node (this
// binding) vs Python's torch.save / torch.load in the same run (bench/python/serialization_reference.py,
// a child process). Both write to and read from a file in the same temporary directory; loads
// read what the page cache holds after the save (both sides alike). Node's and Python's rounds
// alternate (Python's in a child process), so that both see the same machine load. Node's path saves fsync the
// file and its directory (the atomic write); Python's torch.save does not, so 'save' also shows
// Node saving to a Buffer (no file) and the cost of the fsync is visible as the difference.
// Prints a table of medians and the Node/Python ratios (target <= 1.0).
// Usage: node --expose-gc bench/serialization.mjs [--mb 500] [--tensors 50] [--repeats 3] [--json out.json]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const MB = Number(opt('--mb', 500));
const N = Number(opt('--tensors', 50));
const REPEATS = Number(opt('--repeats', 3));
const jsonOut = opt('--json', undefined);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const torch = await import('../dist/lib/index.js');
torch.setNumThreads(1);
const dir = mkdtempSync(join(tmpdir(), 'tn-bench-ser-'));
try {
  const per = Math.floor((MB * 1e6) / 4 / N);
  const sd = {};
  for (let i = 0; i < N; i++) sd[`layer${i}.weight`] = torch.rand([per]);
  const path = join(dir, 'node.pt');
  const node = { save: [], save_nofsync: [], save_buffer: [], save_async: [], load: [], load_async: [], load_mmap: [] };
  const python = { save: [], save_fsync: [], load: [], load_mmap: [] };
  // Every case starts with the page cache's dirty pages written out (sync), on both sides: else a
  // case pays for the writeback of the previous one's file (Python's run writes 1 GB unsynced).
  const time = async (key, fn) => {
    spawnSync('sync');
    const t = performance.now();
    const r = await fn();
    node[key].push((performance.now() - t) / 1000);
    return r;
  };
  for (let r = 0; r < REPEATS; r++) {
    await time('save', () => torch.save(sd, path));
    await time('save_nofsync', () => torch.save(sd, path, { fsync: false }));
    await time('save_buffer', () => { torch.save(sd); });
    await time('save_async', () => torch.saveAsync(sd, path));
    await time('load', () => { torch.load(path); });
    await time('load_async', async () => { await torch.loadAsync(path); });
    await time('load_mmap', () => { torch.load(path, { mmap: true }); });
    globalThis.gc?.();
    // Python's round right after Node's, so that both see the same machine load.
    const py = spawnSync('python3', [join(here, 'python', 'serialization_reference.py'), dir, String(MB), String(N), '1'],
      { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (py.status !== 0) throw new Error(`python failed: ${py.stderr}`);
    const round = JSON.parse(py.stdout.trim().split('\n').pop());
    for (const k of Object.keys(python)) python[k].push(...round[k]);
  }
  rmSync(path, { force: true });
  const rows = [
    // torch.save fsyncs by default (durable); Python's never does: compared with Python's save
    // followed by an fsync, and without fsync with Python's plain save.
    ['save (to a path, fsync)', node.save, python.save_fsync],
    ['save (path, fsync:false)', node.save_nofsync, python.save],
    ['save (to a Buffer)', node.save_buffer, python.save],
    ['saveAsync (path, fsync)', node.save_async, python.save_fsync],
    ['load', node.load, python.load],
    ['loadAsync', node.load_async, python.load],
    ['load mmap', node.load_mmap, python.load_mmap],
  ];
  const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`;
  console.log(`${MB} MB state dict, ${N} float32 tensors, median of ${REPEATS}; ${machine}`);
  console.log('case                       node s   python s   node/python');
  const result = { mb: MB, tensors: N, repeats: REPEATS, machine, rows: [] };
  for (const [name, n, p] of rows) {
    const ratio = median(n) / median(p);
    console.log(`${name.padEnd(26)} ${median(n).toFixed(3).padStart(7)}  ${median(p).toFixed(3).padStart(9)}   ${ratio.toFixed(2).padStart(10)}`);
    result.rows.push({ case: name, node: n, python: p, ratio });
  }
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(result, null, 2));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
