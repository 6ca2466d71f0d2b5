// nn.parallel.DistributedDataParallel over c10d's Reducer, in real multi-process jobs (Gloo on
// localhost): training on W ranks equals one process trained on the W batches concatenated (the
// Reducer averages gradients), noSync accumulates locally, findUnusedParameters lets a branch go
// unused, a killed rank makes the others fail fast, and a Node rank and a python3 rank running
// PyTorch's own DistributedDataParallel train one model together.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { expectAllOk, runJob, runNodeRanks } from '../../distributed/ranks.js';

const models = fileURLToPath(new URL('../../../dist/examples/article_models.js', import.meta.url));

// Each rank: the article's SiLU classifier (rank 0's initial weights, broadcast by DDP; the other
// ranks start elsewhere on purpose), W * B samples per step of which it takes its B, SGD. Then
// the same steps in one process on all W * B samples from rank 0's initial weights.
const TRAIN = `
const { ClassifierSiLU } = await import(${JSON.stringify(models)});
const { nn, optim } = torch;
const F = nn.functional;
dist.initProcessGroup({ backend: 'gloo', timeout: 60_000 });
const opts = JSON.parse(process.env.DDP_OPTS ?? '{}');
const STEPS = Number(process.env.STEPS ?? 20), B = 8;
torch.manualSeed(1234);
const X = torch.randn([STEPS, worldSize * B, 784]);
const Y = torch.randint(0, 10, [STEPS, worldSize * B]);
torch.manualSeed(rank === 0 ? 0 : 100 + rank);
const model = new ClassifierSiLU();
const ddp = new nn.parallel.DistributedDataParallel(model, opts);
const opt = new optim.SGD(ddp.parameters(), { lr: 0.1 });
for (let s = 0; s < STEPS; s++) {
  opt.zeroGrad();
  const x = X.select(0, s).narrow(0, rank * B, B), y = Y.select(0, s).narrow(0, rank * B, B);
  F.nllLoss(ddp(x), y).backward();
  opt.step();
}
torch.manualSeed(0);
const ref = new ClassifierSiLU();
const refOpt = new optim.SGD(ref.parameters(), { lr: 0.1 });
for (let s = 0; s < STEPS; s++) {
  refOpt.zeroGrad();
  F.nllLoss(ref(X.select(0, s)), Y.select(0, s)).backward();
  refOpt.step();
}
let maxDiff = 0;
const names = [];
for (const [name, p] of model.namedParameters()) {
  names.push(name);
  maxDiff = Math.max(maxDiff, p.sub(ref.getParameter(name)).abs().max().item());
}
const sum = model.parameters().reduce((a, p) => a + p.double().sum().item(), 0);
report({ maxDiff, sum, keys: Object.keys(ddp.stateDict()), buckets: ddp.bucketSizes() });
dist.destroyProcessGroup();
`;

describe('DistributedDataParallel', () => {
  for (const world of [2, 4]) {
    it(`20 steps at ${world} ranks equal one process on the concatenated batches`, async () => {
      const results = await runNodeRanks(world, TRAIN, { timeoutMs: 120_000 });
      expectAllOk(results);
      const reports = results.map((r) => r.reports[0] as { maxDiff: number; sum: number; keys: string[]; buckets: number[] });
      for (const r of reports) {
        expect(r.maxDiff).toBeLessThan(1e-6);
        expect(r.sum).toBe(reports[0]!.sum);
        expect(r.keys).toEqual(['module.fc1.weight', 'module.fc1.bias', 'module.fc2.weight', 'module.fc2.bias',
          'module.fc3.weight', 'module.fc3.bias', 'module.fc4.weight', 'module.fc4.bias']);
        // After the first iteration the Reducer rebuilds its buckets in gradient order: the last
        // layers first, a 1 MiB first bucket, then up to 25 MiB.
        expect(r.buckets.reduce((a, b) => a + b, 0)).toBe(8);
      }
    }, 180_000);
  }

  for (const opts of [{ gradientAsBucketView: true, bucketCapMb: 0.25 }, { staticGraph: true }, { findUnusedParameters: true }]) {
    it(`${JSON.stringify(opts)} trains the same`, async () => {
      const results = await runNodeRanks(2, TRAIN, { timeoutMs: 120_000, env: { DDP_OPTS: JSON.stringify(opts), STEPS: '5' } });
      expectAllOk(results);
      for (const r of results) expect((r.reports[0] as { maxDiff: number }).maxDiff).toBeLessThan(1e-6);
    }, 180_000);
  }

  it('noSync accumulates locally; the next synchronised backward averages the sum', async () => {
    const results = await runNodeRanks(2, `
const { nn, optim } = torch;
dist.initProcessGroup({ backend: 'gloo', timeout: 60_000 });
torch.manualSeed(7);
const X = torch.randn([2, 2 * 4, 6]);
torch.manualSeed(rank);
const model = new nn.Linear(6, 3);
const ddp = new nn.parallel.DistributedDataParallel(model);
const mine = (k) => X.select(0, k).narrow(0, rank * 4, 4);
const inner = ddp.noSync(() => { ddp(mine(0)).pow(2).mean().backward(); return ddp.requireBackwardGradSync; });
const local = model.weight.grad.clone();
// The scope form (what \`using scope = ddp.noSync()\` disposes): no-op forward inside.
const scope = ddp.noSync();
torch.noGrad(() => ddp(mine(0)));
scope[Symbol.dispose]();
scope[Symbol.dispose]();
ddp(mine(1)).pow(2).mean().backward();
const synced = model.weight.grad.clone();
// One process: each micro-batch's loss over both ranks' samples, gradients summed.
torch.manualSeed(0);
const ref = new nn.Linear(6, 3);
ref(X.select(0, 0)).pow(2).mean().backward();
ref(X.select(0, 1)).pow(2).mean().backward();
report({ local: local.sum().item(), synced: synced.sub(ref.weight.grad).abs().max().item(), sync: ddp.requireBackwardGradSync, inner });
dist.destroyProcessGroup();
`, { timeoutMs: 60_000 });
    expectAllOk(results);
    const [a, b] = results.map((r) => r.reports[0] as { local: number; synced: number; sync: boolean; inner: boolean });
    expect(a!.local).not.toBeCloseTo(b!.local, 3);  // inside noSync the ranks' gradients differ
    expect(a!.synced).toBeLessThan(1e-6);
    expect(b!.synced).toBeLessThan(1e-6);
    expect(a!.sync).toBe(true);
    expect(a!.inner).toBe(false);
  }, 90_000);

  const UNUSED = `
const { nn, optim } = torch;
dist.initProcessGroup({ backend: 'gloo', timeout: 60_000 });
class Branchy extends nn.Module {
  a = new nn.Linear(4, 4); unused = new nn.Linear(4, 4); b = new nn.Linear(4, 2);
  forward(x) { return this.b(this.a(x).relu()); }
}
torch.manualSeed(0);
const model = new Branchy();
const ddp = new nn.parallel.DistributedDataParallel(model, { findUnusedParameters: process.env.FIND === '1' });
const opt = new optim.SGD(ddp.parameters(), { lr: 0.1 });
torch.manualSeed(3);
const X = torch.randn([3, 4, 4]);
try {
  for (let s = 0; s < 3; s++) {
    opt.zeroGrad();
    ddp(X.select(0, s).narrow(0, rank * 2, 2)).sum().backward();
    opt.step();
  }
  report({ ok: true, unusedGrad: model.unused.weight.grad === null, a: model.a.weight.sum().item() });
} catch (e) {
  report({ ok: false, error: String(e.message) });
}
dist.destroyProcessGroup();
`;

  it('findUnusedParameters lets a branch go unused', async () => {
    const results = await runNodeRanks(2, UNUSED, { timeoutMs: 60_000, env: { FIND: '1' } });
    expectAllOk(results);
    const [a, b] = results.map((r) => r.reports[0] as { ok: boolean; unusedGrad: boolean; a: number });
    expect(a).toMatchObject({ ok: true, unusedGrad: true });
    expect(b!.a).toBe(a!.a);
  }, 90_000);

  it("without findUnusedParameters an unused parameter is PyTorch's error", async () => {
    const results = await runNodeRanks(2, UNUSED, { timeoutMs: 60_000, env: { FIND: '0' } });
    expectAllOk(results);
    for (const r of results) {
      const rep = r.reports[0] as { ok: boolean; error: string };
      expect(rep.ok).toBe(false);
      expect(rep.error).toMatch(/Expected to have finished reduction in the prior iteration/);
    }
  }, 90_000);

  it('broadcastBuffers: every forward starts from rank 0\'s buffers', async () => {
    const code = `
const { nn } = torch;
dist.initProcessGroup({ backend: 'gloo', timeout: 60_000 });
class WithBuffer extends nn.Module {
  fc = new nn.Linear(2, 2);
  constructor() { super(); this.registerBuffer('count', torch.zeros([1])); }
  forward(x) { return this.fc(x); }
}
const model = new WithBuffer();
const ddp = new nn.parallel.DistributedDataParallel(model, { broadcastBuffers: process.env.BB === '1' });
model.count.fill_(rank + 5);
ddp(torch.ones([1, 2])).sum().backward();
report(model.count.item());
dist.destroyProcessGroup();
`;
    const on = await runNodeRanks(2, code, { timeoutMs: 60_000, env: { BB: '1' } });
    expectAllOk(on);
    expect(on.map((r) => r.reports[0])).toEqual([5, 5]);
    const off = await runNodeRanks(2, code, { timeoutMs: 60_000, env: { BB: '0' } });
    expectAllOk(off);
    expect(off.map((r) => r.reports[0])).toEqual([5, 6]);
  }, 90_000);

  it('a rank killed mid-training makes the others fail with an error, never hang', async () => {
    const results = await runNodeRanks(3, `
const { ClassifierSiLU } = await import(${JSON.stringify(models)});
const { nn, optim } = torch;
const F = nn.functional;
dist.initProcessGroup({ backend: 'gloo', timeout: 60_000 });
const ddp = new nn.parallel.DistributedDataParallel(new ClassifierSiLU());
const opt = new optim.SGD(ddp.parameters(), { lr: 0.1 });
try {
  for (let s = 0; s < 50; s++) {
    if (rank === 1 && s === 5) process.kill(process.pid, 'SIGKILL');
    opt.zeroGrad();
    F.nllLoss(ddp(torch.randn([8, 784])), torch.randint(0, 10, [8])).backward();
    opt.step();
  }
  report({ finished: true });
} catch (e) {
  report({ error: String(e.message) });
  process.exit(3);
}
`, { timeoutMs: 45_000 });
    expect(results[1]!.signal).toBe('SIGKILL');
    for (const r of [results[0]!, results[2]!]) {
      expect(r.timedOut).toBe(false);
      expect(r.status).toBe(3);
      expect((r.reports[0] as { error: string }).error).toMatch(/closed|reset|peer|Connection|Gloo/i);
    }
  }, 90_000);

  it('bad arguments are clear errors', async () => {
    const results = await runNodeRanks(1, `
const { nn } = torch;
const errors = [];
const attempt = (f) => { try { f(); errors.push(null); } catch (e) { errors.push(e.constructor.name + ': ' + e.message); } };
attempt(() => new nn.parallel.DistributedDataParallel(new nn.Linear(2, 2)));
dist.initProcessGroup({ backend: 'gloo' });
attempt(() => new nn.parallel.DistributedDataParallel({}));
attempt(() => new nn.parallel.DistributedDataParallel(new nn.Linear(2, 2), { bucketCap: 3 }));
attempt(() => new nn.parallel.DistributedDataParallel(new nn.Linear(2, 2).requiresGrad_(false)));
attempt(() => new nn.parallel.DistributedDataParallel(new nn.Linear(2, 2), { findUnusedParameters: 1 }));
attempt(() => new nn.parallel.DistributedDataParallel(new nn.Linear(2, 2), { deviceIds: [0] }));
attempt(() => new nn.parallel.DistributedDataParallel(new nn.Linear(2, 2), { deviceIds: [0, 1] }));
report(errors);
dist.destroyProcessGroup();
`, { timeoutMs: 30_000 });
    expectAllOk(results);
    expect(results[0]!.reports[0]).toEqual([
      'Error: Default process group has not been initialized, please make sure to call init_process_group.',
      'TypeError: DistributedDataParallel(): module must be an nn.Module (got Object)',
      "TypeError: DistributedDataParallel(): unknown option 'bucketCap' (expected one of deviceIds, outputDevice, dim, broadcastBuffers, processGroup, bucketCapMb, findUnusedParameters, gradientAsBucketView, staticGraph)",
      "RangeError: DistributedDataParallel is not needed when a module doesn't have any parameter that requires a gradient.",
      'TypeError: DistributedDataParallel(): findUnusedParameters must be a boolean (got number 1)',
      "RangeError: DistributedDataParallel device_ids and output_device arguments only work with single-device/multiple-device GPU modules or CPU modules, but got device_ids [0], output_device None, and module parameters {device(type='cpu')}.",
      'RangeError: device_ids can only be None or contain a single element.',
    ]);
  }, 60_000);
});

// The same model in Python (torch.nn.parallel.DistributedDataParallel) and in Node, one rank each.
const PY_MIXED = `
import torch.nn as nn, torch.nn.functional as F
class ClassifierSiLU(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(784, 256); self.fc2 = nn.Linear(256, 128)
        self.fc3 = nn.Linear(128, 64); self.fc4 = nn.Linear(64, 10)
    def forward(self, x):
        x = x.view(x.shape[0], -1)
        x = F.silu(self.fc1(x)); x = F.silu(self.fc2(x)); x = F.silu(self.fc3(x))
        return F.log_softmax(self.fc4(x), dim=1)
dist.init_process_group(backend='gloo', timeout=datetime.timedelta(seconds=60))
STEPS, B = 10, 8
torch.manual_seed(1234)
X = torch.randn(STEPS, world_size * B, 784)
Y = torch.randint(0, 10, (STEPS, world_size * B))
torch.manual_seed(100 + rank)
model = ClassifierSiLU()
ddp = nn.parallel.DistributedDataParallel(model, bucket_cap_mb=0.25, find_unused_parameters=os.environ.get('FIND') == '1')
opt = torch.optim.SGD(ddp.parameters(), lr=0.1)
for s in range(STEPS):
    opt.zero_grad()
    F.nll_loss(ddp(X[s, rank * B:(rank + 1) * B]), Y[s, rank * B:(rank + 1) * B]).backward()
    opt.step()
report([p.detach().flatten()[::97].tolist() for p in model.parameters()])
report([len(b.parameters()) for b in ddp.reducer._get_zeros_like_grad_buckets()])
dist.destroy_process_group()
`;

const NODE_MIXED = `
const { ClassifierSiLU } = await import(${JSON.stringify(models)});
const { nn, optim } = torch;
const F = nn.functional;
dist.initProcessGroup({ backend: 'gloo', timeout: 60_000 });
const STEPS = 10, B = 8;
torch.manualSeed(1234);
const X = torch.randn([STEPS, worldSize * B, 784]);
const Y = torch.randint(0, 10, [STEPS, worldSize * B]);
torch.manualSeed(rank);
const model = new ClassifierSiLU();
const ddp = new nn.parallel.DistributedDataParallel(model, { bucketCapMb: 0.25, findUnusedParameters: process.env.FIND === '1' });
const opt = new optim.SGD(ddp.parameters(), { lr: 0.1 });
for (let s = 0; s < STEPS; s++) {
  opt.zeroGrad();
  F.nllLoss(ddp(X.select(0, s).narrow(0, rank * B, B)), Y.select(0, s).narrow(0, rank * B, B)).backward();
  opt.step();
}
report(model.parameters().map((p) => p.detach().flatten().tolist().filter((_, i) => i % 97 === 0)));
report(ddp.bucketSizes());
dist.destroyProcessGroup();
`;

describe('DistributedDataParallel: a Node rank and a Python rank in one job', () => {
  for (const [nodeRank, find] of [[0, false], [1, false], [0, true]] as const) {
    it(`keep identical parameters (Node is rank ${nodeRank}${find ? ', findUnusedParameters' : ''})`, async () => {
      const specs = nodeRank === 0 ? [{ node: NODE_MIXED }, { python: PY_MIXED }] : [{ python: PY_MIXED }, { node: NODE_MIXED }];
      const results = await runJob(specs, { timeoutMs: 120_000, env: { FIND: find ? '1' : '0' } });
      expectAllOk(results);
      const [a, b] = results.map((r) => r.reports[0] as number[][]);
      // The same buckets after the rebuild (Python's Reducer reports them too).
      expect(results[0]!.reports[1]).toEqual(results[1]!.reports[1]);
      expect(a!.length).toBe(8);
      for (let i = 0; i < 8; i++) {
        expect(a![i]!.length).toBe(b![i]!.length);
        for (let k = 0; k < a![i]!.length; k++) expect(Math.abs(a![i]![k]! - b![i]![k]!)).toBeLessThan(1e-6);
      }
    }, 180_000);
  }
});
