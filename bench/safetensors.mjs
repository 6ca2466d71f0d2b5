// torch.safetensors vs python3's safetensors.torch on the same ~500 MB of tensors (a model-like
// set: 30 float32 [1024, 4096] matrices, bfloat16 and int64 extras), each case best of N runs,
// both sides single-threaded, in one run. Ratios are Node / Python (below 1: Node is faster).
// loadFile alone is lazy on both sides (mmap); loadFile+touch sums every tensor, reading all pages;
// loadFile mmap:false reads every tensor into memory (Python: backend='pread').
// The file lives in the OS page cache after the first write, for both sides alike; saveFile is
// timed from an empty page cache of dirty pages (rm + sync before each run, not timed).
// Usage: node bench/safetensors.mjs [--repeats N] [--dir /tmp]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg, cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const repeats = Number(opt('--repeats', 3));
const dir = mkdtempSync(join(opt('--dir', tmpdir()), 'st-bench-'));

const specTensors = [];
for (let i = 0; i < 30; i++) specTensors.push([`layers.${i}.weight`, [1024, 4096], 'float32']);
specTensors.push(['embed.weight', [4096, 512], 'bfloat16'], ['positions', [65536], 'int64'], ['scale', [], 'float32']);

const torch = await import('../dist/lib/index.js');
torch.setNumThreads(1);
const tensors = {};
specTensors.forEach(([name, shape, dtype], i) => { tensors[name] = torch.full(shape, i % 7, { dtype }); });
const st = torch.safetensors;

function best(fn, before) {
  let min = Infinity;
  for (let r = 0; r < repeats; r++) {
    before?.();
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}
const touch = (d) => { let s = 0; for (const t of Object.values(d)) s += Number(t.sum().item()); return s; };

const loadBefore = loadavg()[0];
const nodePath = join(dir, 'node.safetensors');
const node = {};
// Each save starts with no file and no dirty pages (as in the Python half): otherwise whichever
// side runs after the other pays for its writeback.
const fresh = () => { rmSync(nodePath, { force: true }); execFileSync('sync'); };
node.saveFile = best(() => st.saveFile(tensors, nodePath), fresh);
node.loadFile = best(() => st.loadFile(nodePath));
node['loadFile+touch'] = best(() => touch(st.loadFile(nodePath)));
node['loadFile mmap:false'] = best(() => st.loadFile(nodePath, { mmap: false }));
node.save = best(() => st.save(tensors));
const data = st.save(tensors);
node.load = best(() => st.load(data));
const bytes = data.length;

const py = JSON.parse(execFileSync('python3', [join(here, 'python', 'safetensors_reference.py'),
  JSON.stringify({ path: join(dir, 'py.safetensors'), repeats, tensors: specTensors })], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n').pop());
const loadAfter = loadavg()[0];
rmSync(dir, { recursive: true, force: true });

console.log(`safetensors, ${(bytes / 1e6).toFixed(0)} MB in ${specTensors.length} tensors, best of ${repeats}; ${cpus().length} CPUs, load average ${loadBefore.toFixed(2)} -> ${loadAfter.toFixed(2)}`);
console.log('| case | Node ms | Python ms | Node/Python |');
console.log('|---|---|---|---|');
for (const [name, ms] of Object.entries(node)) {
  const p = py[name];
  console.log(`| ${name} | ${ms.toFixed(1)} | ${p === undefined ? '-' : p.toFixed(1)} | ${p === undefined ? '-' : (ms / p).toFixed(2)} |`);
}
