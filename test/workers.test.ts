// torch-node in worker_threads: per-thread native state (error stash, tidy scopes, tensor objects,
// the engine bridge, the default generator) under concurrent use, in a child process so that a
// crash fails the test instead of the test runner.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runInChild } from './helpers/child.js';
import { oracle } from './helpers/python.js';

const script = fileURLToPath(new URL('./helpers/worker_stress.mjs', import.meta.url));
const entry = fileURLToPath(new URL('../dist/lib/index.js', import.meta.url));

// Starts workers from the child: resolves with each worker's last message.
const runWorkers = (mode: string, count: number, iterations: number) => `
import { Worker } from 'node:worker_threads';
const runs = await Promise.all(Array.from({ length: ${count} }, (_, id) => new Promise((resolve, reject) => {
  const w = new Worker(${JSON.stringify(script)}, { workerData: { entry: ${JSON.stringify(entry)}, id, mode: '${mode}', iterations: ${iterations} }, execArgv: [] });
  let last;
  w.on('message', (m) => { last = m; });
  w.on('error', reject);
  w.on('exit', (code) => code === 0 ? resolve(last) : reject(new Error('worker exited with ' + code)));
})));
console.log(JSON.stringify(runs));
`;

describe('worker threads', () => {
  it('4 workers create operator families, throw from Functions and hooks at once: each gets its own errors, no crash', () => {
    const r = runInChild(runWorkers('stress', 4, 1000), 300_000);
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    const runs = JSON.parse(r.stdout.trim().split('\n').pop()!) as { id: number; ownErrors: number; hookErrors: number }[];
    expect(runs.map((x) => [x.ownErrors, x.hookErrors])).toEqual([[500, 500], [500, 500], [500, 500], [500, 500]]);
  });

  it('terminate() while a worker is inside operators, 10 times, leaves the process running', () => {
    const r = runInChild(`
import { Worker } from 'node:worker_threads';
for (let i = 0; i < 10; i++) {
  const w = new Worker(${JSON.stringify(script)}, { workerData: { entry: ${JSON.stringify(entry)}, id: i, mode: 'spin', iterations: 0 }, execArgv: [] });
  await new Promise((resolve) => w.on('message', (m) => m.started && setTimeout(resolve, 20 + 10 * i)));
  await w.terminate();
}
console.log(JSON.stringify({ sum: torch.ones([3]).sum().item() }));
`, 300_000);
    expect(r.signal, r.stderr).toBeNull();
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toEqual({ sum: 3 });
  });

  it("a worker's manualSeed gives it its own stream: 4 workers with seed 0 train to Python's losses", () => {
    const r = runInChild(runWorkers('train', 4, 0), 300_000);
    expect(r.status, r.stderr).toBe(0);
    const runs = JSON.parse(r.stdout.trim().split('\n').pop()!) as { losses: number[] }[];
    const expected = oracle<number[]>('workers', 'seeded_training_losses');
    for (const run of runs) expect(run.losses).toEqual(expected);
  });
});

describe('the default generator when a worker thread exits', () => {
  it("a worker that drew last and exits leaves the main thread its own stream (Python's draws for seed 0)", () => {
    const r = runInChild(`
import { Worker } from 'node:worker_threads';
torch.manualSeed(0);
const first = torch.rand([3]).tolist();
const code = "import('node:worker_threads').then(({ workerData }) => import(workerData)).then((torch) => { torch.manualSeed(5); torch.rand([100]); });";
await new Promise((resolve, reject) => {
  const w = new Worker(code, { eval: true, workerData: ${JSON.stringify(entry)} });
  w.on('error', reject);
  w.on('exit', resolve);
});
const second = torch.rand([3]).tolist();
console.log(JSON.stringify([first, second]));
`, 120_000);
    expect(r.status, r.stderr).toBe(0);
    const [first, second] = JSON.parse(r.stdout.trim().split('\n').pop()!) as number[][];
    const expected = oracle<number[][]>('workers', 'two_rand3_seed0');
    expect([first, second]).toEqual(expected);
  });
});
