// One DistributedDataParallel training step of the article's SiLU classifier (784-256-128-64-10,
// batch 64 per rank, NLLLoss, SGD) between 2 processes over Gloo on localhost: torch-node ranks
// against Python ranks running torch.nn.parallel.DistributedDataParallel
// (bench/python/ddp.py), in one run. Both sides run c10d's Reducer from the same LibTorch, so
// the target is parity (<= 1.05x). Jobs alternate (a Node job, then a Python job, ...) so that
// both see the same machine load. Each job: warm-up steps (the Reducer rebuilds its buckets after
// the first), then `steps` steps each timed on rank 0 after a barrier (median per step).
// Usage: node bench/ddp.mjs [--rounds 3] [--steps 30] [--json out.json]
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
const steps = Number(opt('--steps', 30));

if (argv.includes('--worker')) {
  // One Node rank.
  const torch = await import('../dist/lib/index.js');
  const { ClassifierSiLU } = await import('../dist/examples/article_models.js');
  const { nn, optim } = torch;
  const F = nn.functional;
  torch.setNumThreads(1);
  const dist = torch.distributed;
  dist.initProcessGroup({ backend: 'gloo', timeout: 120_000 });
  const rank = dist.getRank();
  torch.manualSeed(rank);
  const x = torch.randn([64, 784]);
  const y = torch.randint(0, 10, [64]);
  const model = new nn.parallel.DistributedDataParallel(new ClassifierSiLU());
  const opt = new optim.SGD(model.parameters(), { lr: 0.01 });
  const step = () => {
    opt.zeroGrad();
    const loss = F.nllLoss(model(x), y);
    loss.backward();
    opt.step();
    loss.dispose();
  };
  for (let i = 0; i < 5; i++) step();
  const times = [];
  for (let i = 0; i < steps; i++) {
    dist.barrier();
    const t0 = performance.now();
    step();
    times.push((performance.now() - t0) / 1000);
  }
  dist.destroyProcessGroup();
  if (rank === 0) console.log(JSON.stringify(times));
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
const node = [];
const python = [];
for (let r = 0; r < rounds; r++) {
  node.push(...await job(process.execPath, [self, '--worker', '--steps', String(steps)]));
  python.push(...await job('python3', [join(here, 'python', 'ddp.py'), '--steps', String(steps)]));
}
const machine = `${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`;
const nm = median(node) * 1000;
const pm = median(python) * 1000;
console.log(`DDP training step (SiLU classifier, batch 64 per rank, SGD), 2 processes, Gloo on localhost; ${rounds} rounds of ${steps} steps; ${machine}`);
console.log(`node ${nm.toFixed(3)} ms   python ${pm.toFixed(3)} ms   node/python ${(nm / pm).toFixed(3)}x`);
const result = { rounds, steps, machine, nodeMs: nm, pythonMs: pm, ratio: nm / pm,
  nodeMinMs: Math.min(...node) * 1000, pythonMinMs: Math.min(...python) * 1000 };
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(result, null, 2));
