// allReduce (SUM, float32) of 1 MB and 64 MB between 2 processes over Gloo on localhost: torch-node
// ranks against Python's torch.distributed ranks (bench/python/distributed.py), in one run. Both
// call the same c10d ProcessGroupGloo in the same LibTorch, so the target is parity (<= 1.05x).
// Jobs alternate (a Node job, then a Python job, ...) so that both see the same machine load.
// Each job: initProcessGroup over env://, warm-up, then for each size a barrier and `iters`
// synchronous allReduces timed on rank 0 (median per call).
// Usage: node bench/distributed.mjs [--rounds 3] [--iters1 50] [--iters64 8] [--json out.json]
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const self = fileURLToPath(import.meta.url);
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const SIZES = [[1 << 20, Number(opt('--iters1', 50))], [64 << 20, Number(opt('--iters64', 8))]];

if (argv.includes('--worker')) {
  // One Node rank.
  const torch = await import('../dist/lib/index.js');
  torch.setNumThreads(1);
  const dist = torch.distributed;
  dist.initProcessGroup({ backend: 'gloo', timeout: 120_000 });
  const out = {};
  for (const [bytes, iters] of SIZES) {
    const t = torch.ones([bytes / 4]);
    for (let i = 0; i < 3; i++) dist.allReduce(t);
    const times = [];
    for (let i = 0; i < iters; i++) {
      dist.barrier();
      const t0 = performance.now();
      dist.allReduce(t);
      times.push((performance.now() - t0) / 1000);
    }
    out[bytes] = times;
  }
  dist.destroyProcessGroup();
  if (process.env.RANK === '0') console.log(JSON.stringify(out));
  process.exit(0);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => { const { port } = server.address(); server.close(() => resolve(port)); });
  });
}

/** Runs a 2-rank job (cmd + args per rank), returns rank 0's JSON line. */
async function job(cmd, args) {
  const port = await freePort();
  const ranks = [0, 1].map((rank) => new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      env: { ...process.env, RANK: String(rank), WORLD_SIZE: '2', MASTER_ADDR: '127.0.0.1', MASTER_PORT: String(port), OMP_NUM_THREADS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      if (status !== 0) reject(new Error(`${cmd} rank ${rank} failed (${status}): ${stderr.slice(-2000)}`));
      else resolve(stdout);
    });
  }));
  const [out0] = await Promise.all(ranks);
  return JSON.parse(out0.trim().split('\n').pop());
}

const rounds = Number(opt('--rounds', 3));
const jsonOut = opt('--json', undefined);
const node = Object.fromEntries(SIZES.map(([b]) => [b, []]));
const python = Object.fromEntries(SIZES.map(([b]) => [b, []]));
const iterArgs = ['--iters1', String(SIZES[0][1]), '--iters64', String(SIZES[1][1])];
for (let r = 0; r < rounds; r++) {
  const n = await job(process.execPath, [self, '--worker', ...iterArgs]);
  const p = await job('python3', [join(here, 'python', 'distributed.py'), ...iterArgs]);
  for (const [b] of SIZES) { node[b].push(...n[b]); python[b].push(...p[b]); }
}
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`;
console.log(`allReduce (SUM, float32), 2 processes, Gloo on localhost; ${rounds} rounds of each; ${machine}`);
console.log('size      node ms   python ms   node/python');
const result = { rounds, machine, rows: [] };
for (const [b, iters] of SIZES) {
  const nm = median(node[b]) * 1000;
  const pm = median(python[b]) * 1000;
  const label = `${b >> 20} MB`;
  console.log(`${label.padEnd(8)} ${nm.toFixed(3).padStart(8)} ${pm.toFixed(3).padStart(10)} ${(nm / pm).toFixed(3).padStart(12)}x`);
  result.rows.push({ size: label, iters, nodeMs: nm, pythonMs: pm, ratio: nm / pm,
    nodeMinMs: Math.min(...node[b]) * 1000, pythonMinMs: Math.min(...python[b]) * 1000 });
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(result, null, 2));
