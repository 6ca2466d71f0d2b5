// Every collective at 2 and 4 processes (Gloo over localhost), against values computed here from
// each rank's input: rank r contributes [r + 1, 3, r % 2 + 1] (allReduce) or tensors built from r.
import { describe, expect, it } from 'vitest';
import { expectAllOk, runNodeRanks } from './ranks.js';

const FLOATS = ['float32', 'float64', 'float16', 'bfloat16'];
const INTS = ['int8', 'uint8', 'int32', 'int64'];
const OPS = ['SUM', 'AVG', 'PRODUCT', 'MIN', 'MAX', 'BAND', 'BOR', 'BXOR'];

const RANK_CODE = `
dist.initProcessGroup({ timeout: 30_000 });
const out = {};
for (const dtype of ${JSON.stringify([...FLOATS, ...INTS])}) {
  const isFloat = ${JSON.stringify(FLOATS)}.includes(dtype);
  for (const op of ${JSON.stringify(OPS)}) {
    if (isFloat ? ['BAND', 'BOR', 'BXOR'].includes(op) : op === 'AVG') continue;
    const t = torch.tensor([rank + 1, 3, rank % 2 + 1], { dtype });
    dist.allReduce(t, dist.ReduceOp[op]);
    out['allReduce/' + dtype + '/' + op] = t.tolist();
  }
}
// The options form and its default op (SUM).
const s = torch.tensor([[rank, 1], [2, rank]], { dtype: 'float64' });
dist.allReduce(s, {});
out.allReduce2d = s.tolist();

const b = rank === worldSize - 1 ? torch.tensor([7, 8, 9]) : torch.zeros([3]);
dist.broadcast(b, worldSize - 1);
out.broadcast = b.tolist();

const r = torch.tensor([rank + 1, 10 * rank], { dtype: 'int64' });
dist.reduce(r, 1, dist.ReduceOp.SUM);
out.reduce = r.tolist();
const rm = torch.tensor([rank + 1.5]);
dist.reduce(rm, 0, { op: dist.ReduceOp.MAX });
out.reduceMax = rm.tolist();

const gathered = Array.from({ length: worldSize }, () => torch.zeros([2], { dtype: 'int32' }));
dist.allGather(gathered, torch.tensor([rank, rank * rank], { dtype: 'int32' }));
out.allGather = gathered.map((t) => t.tolist());

const into = torch.zeros([worldSize, 2]);
dist.allGatherIntoTensor(into, torch.tensor([[rank, 5 - rank]]));
out.allGatherIntoTensor = into.tolist();

const rsOut = torch.zeros([2]);
dist.reduceScatter(rsOut, Array.from({ length: worldSize }, (_, i) => torch.tensor([i, rank])));
out.reduceScatter = rsOut.tolist();
const rsMin = torch.zeros([2]);
dist.reduceScatter(rsMin, Array.from({ length: worldSize }, (_, i) => torch.tensor([i + rank, -rank])), dist.ReduceOp.MIN);
out.reduceScatterMin = rsMin.tolist();

const rstOut = torch.zeros([2], { dtype: 'float64' });
dist.reduceScatterTensor(rstOut, torch.arange(2 * worldSize, { dtype: 'float64' }).mul(rank + 1));
out.reduceScatterTensor = rstOut.tolist();

const gl = rank === 0 ? Array.from({ length: worldSize }, () => torch.zeros([1])) : null;
dist.gather(torch.tensor([rank * 2]), gl, 0);
out.gather = gl === null ? null : gl.map((t) => t.tolist());

const sc = torch.zeros([2]);
dist.scatter(sc, rank === 1 ? Array.from({ length: worldSize }, (_, i) => torch.tensor([i, 100 + i])) : null, 1);
out.scatter = sc.tolist();

const a2aOut = Array.from({ length: worldSize }, () => torch.zeros([1], { dtype: 'int64' }));
dist.allToAll(a2aOut, Array.from({ length: worldSize }, (_, i) => torch.tensor([10 * rank + i], { dtype: 'int64' })));
out.allToAll = a2aOut.map((t) => t.tolist());

const single = torch.zeros([worldSize]);
dist.allToAllSingle(single, torch.arange(worldSize, { dtype: 'float32' }).add(10 * rank));
out.allToAllSingle = single.tolist();
// Uneven splits: rank r sends i + 1 rows to rank i, so receives r + 1 rows from everyone.
const inSplits = Array.from({ length: worldSize }, (_, i) => i + 1);
const total = inSplits.reduce((x, y) => x + y, 0);
const uneven = torch.zeros([(rank + 1) * worldSize]);
dist.allToAllSingle(uneven, torch.arange(total, { dtype: 'float32' }).add(100 * rank), {
  inputSplitSizes: inSplits, outputSplitSizes: Array.from({ length: worldSize }, () => rank + 1) });
out.allToAllSingleUneven = uneven.tolist();

dist.barrier();
dist.barrier({ timeout: 20_000 });

// Complex tensors travel as their real views (SUM; broadcast; allGather), as in Python.
const c = torch.complex(torch.tensor([rank + 1, 1]), torch.tensor([rank, -1]));
dist.allReduce(c);
out.complexSum = torch.viewAsReal(c).tolist();
const cb = rank === 0 ? torch.complex(torch.tensor([2]), torch.tensor([3])) : torch.zeros([1], { dtype: 'complex64' });
dist.broadcast(cb, 0);
out.complexBroadcast = torch.viewAsReal(cb).tolist();

// Async: wait(), promise(), await; isCompleted/isSuccess after.
const w1 = dist.allReduce(torch.ones([3]).mul(rank), { asyncOp: true });
out.w1 = [w1.wait(), w1.isCompleted(), w1.isSuccess(), w1.exception()];
const at = torch.tensor([rank + 1]);
const w2 = dist.allReduce(at, { op: dist.ReduceOp.PRODUCT, asyncOp: true });
await w2.promise();
const bt = rank === 0 ? torch.tensor([5]) : torch.zeros([1]);
await dist.broadcast(bt, 0, { asyncOp: true });
const gt = Array.from({ length: worldSize }, () => torch.zeros([1]));
await dist.allGather(gt, torch.tensor([rank]), { asyncOp: true });
await dist.barrier({ asyncOp: true });
out.async = [at.tolist(), bt.tolist(), gt.map((t) => t.tolist()), w2.isCompleted(), w2.isSuccess()];

// Errors every rank detects before communicating: the same on each, so the job goes on.
const err = (f) => { try { f(); return null; } catch (e) { return [e.constructor.name, e.message.split('\\n')[0]]; } };
// Gloo checks split sizes inside the work, not when it is queued: that case runs on a group of its
// own, so that the barrier below (which waits for the default group's works still in progress, and
// rethrows a failed one's error) cannot meet the failed work before c10d lets go of it.
const splitsGroup = dist.newGroup();
out.errors = {
  premul: err(() => dist.allReduce(torch.ones([1]), dist.ReduceOp.PREMUL_SUM)),
  band: err(() => dist.allReduce(torch.ones([1]), dist.ReduceOp.BAND)),
  int16: err(() => dist.allReduce(torch.ones([1], { dtype: 'int16' }))),
  src: err(() => dist.broadcast(torch.ones([1]), worldSize)),
  notTensor: err(() => dist.allReduce([1, 2])),
  gatherList: err(() => dist.gather(torch.zeros([1]), rank === 0 ? null : [torch.zeros([1]), torch.zeros([1])], 0)),
  // Each rank names itself the source: every rank fails before communicating.
  scatterList: err(() => dist.scatter(torch.zeros([1]), null, rank)),
  complexMax: err(() => dist.allReduce(torch.zeros([1], { dtype: 'complex64' }), dist.ReduceOp.MAX)),
  gatherCount: err(() => dist.allGather([torch.zeros([1])], torch.zeros([1]))),
  // Gloo copies bytes: a dtype mismatch would write past a buffer, so it is refused here.
  dtypes: err(() => dist.allToAllSingle(torch.zeros([worldSize]), torch.arange(worldSize))),
  dtypesGather: err(() => dist.allGatherIntoTensor(torch.zeros([worldSize], { dtype: 'float64' }), torch.zeros([1]))),
  splits: err(() => dist.allToAllSingle(torch.zeros([worldSize]), torch.zeros([worldSize]), { group: splitsGroup, inputSplitSizes: [worldSize + 1, ...Array(worldSize - 1).fill(0)] })),
};
dist.barrier();
out.after = torch.tensor([1]).tolist();
const last = torch.tensor([rank]);
dist.allReduce(last);
out.last = last.tolist();
report(out);
dist.destroyProcessGroup();
report(dist.isInitialized());
`;

function expected(n: number): Record<string, unknown> {
  const ranks = Array.from({ length: n }, (_, r) => r);
  const inputs = ranks.map((r) => [r + 1, 3, (r % 2) + 1]);
  const col = (i: number) => inputs.map((v) => v[i]!);
  const fold = (f: (a: number, b: number) => number) => [0, 1, 2].map((i) => col(i).reduce(f));
  const byOp: Record<string, number[]> = {
    SUM: fold((a, b) => a + b), PRODUCT: fold((a, b) => a * b), MIN: fold((a, b) => Math.min(a, b)), MAX: fold((a, b) => Math.max(a, b)),
    BAND: fold((a, b) => a & b), BOR: fold((a, b) => a | b), BXOR: fold((a, b) => a ^ b),
    AVG: fold((a, b) => a + b).map((x) => x / n),
  };
  const out: Record<string, unknown> = {};
  for (const dtype of FLOATS) for (const op of ['SUM', 'AVG', 'PRODUCT', 'MIN', 'MAX']) out[`allReduce/${dtype}/${op}`] = byOp[op];
  for (const dtype of INTS) for (const op of OPS.filter((o) => o !== 'AVG')) out[`allReduce/${dtype}/${op}`] = byOp[op];
  const sum = (f: (r: number) => number) => ranks.reduce((a, r) => a + f(r), 0);
  out.allReduce2d = [[sum((r) => r), n], [2 * n, sum((r) => r)]];
  out.broadcast = [7, 8, 9];
  out.allGather = ranks.map((r) => [r, r * r]);
  out.allGatherIntoTensor = ranks.map((r) => [r, 5 - r]);
  out.reduceScatterTensor = null; // per rank, below
  return out;
}

describe.each([2, 4])('collectives at %i processes', (n) => {
  it('give the values computed from every rank\'s input', async () => {
    const results = await runNodeRanks(n, RANK_CODE, { timeoutMs: 120_000 });
    expectAllOk(results);
    const want = expected(n);
    const sum = (f: (r: number) => number) => Array.from({ length: n }, (_, r) => f(r)).reduce((a, b) => a + b, 0);
    for (const res of results) {
      const r = res.rank;
      const got = res.reports[0] as Record<string, unknown>;
      expect(res.reports[1]).toBe(false);
      for (const key of Object.keys(want)) {
        if (key.startsWith('allReduce') || ['broadcast', 'allGather', 'allGatherIntoTensor'].includes(key)) {
          expect(got[key], key).toEqual(want[key]);
        }
      }
      // reduce: only the destination holds the result (others keep their input, as Gloo leaves it).
      if (r === 1) expect(got.reduce).toEqual([sum((q) => q + 1), sum((q) => 10 * q)]);
      if (r === 0) expect(got.reduceMax).toEqual([n + 0.5]);
      expect(got.reduceScatter).toEqual([r * n, sum((q) => q)]);
      expect(got.reduceScatterMin).toEqual([r, -(n - 1)]);
      // input of rank q: arange(2n) * (q + 1); chunk r = [2r, 2r + 1] * sum(q + 1)
      const scale = sum((q) => q + 1);
      expect(got.reduceScatterTensor).toEqual([2 * r * scale, (2 * r + 1) * scale]);
      expect(got.gather).toEqual(r === 0 ? Array.from({ length: n }, (_, q) => [2 * q]) : null);
      expect(got.scatter).toEqual([r, 100 + r]);
      expect(got.allToAll).toEqual(Array.from({ length: n }, (_, q) => [10 * q + r]));
      expect(got.allToAllSingle).toEqual(Array.from({ length: n }, (_, q) => 10 * q + r));
      // rank q's input: arange(total) + 100q, rows [offset_r, offset_r + r + 1) go to rank r.
      const offset = (r * (r + 1)) / 2;
      expect(got.allToAllSingleUneven).toEqual(Array.from({ length: n }, (_, q) =>
        Array.from({ length: r + 1 }, (_, k) => offset + k + 100 * q)).flat());
      expect(got.w1).toEqual([true, true, true, null]);
      const fact = Array.from({ length: n }, (_, q) => q + 1).reduce((a, b) => a * b, 1);
      expect(got.async).toEqual([[fact], [5], Array.from({ length: n }, (_, q) => [q]), true, true]);
      const errors = got.errors as Record<string, [string, string] | null>;
      expect(errors.premul).toEqual(['TypeError', expect.stringContaining('PREMUL_SUM') as string]);
      expect(errors.band).toEqual(['Error', 'Cannot use ReduceOp.BAND with non-integral dtype']);
      expect(errors.int16?.[1]).toContain('Invalid scalar type');
      expect(errors.src).toEqual(['RangeError', `broadcast: src ${n}: Group 0 does not contain global rank ${n}`]);
      expect(errors.notTensor).toEqual(['TypeError', 'allReduce: tensor must be a Tensor']);
      expect(errors.gatherCount).toEqual(['RangeError', `allGather: tensorList must hold one tensor per rank (${n}), got 1`]);
      expect(errors.dtypes).toEqual(['TypeError', 'allToAllSingle: every tensor must have one dtype (got Float and Long)']);
      expect(errors.dtypesGather).toEqual(['TypeError', 'allGatherIntoTensor: every tensor must have one dtype (got Double and Float)']);
      expect(errors.splits?.[1]).toMatch(/split/i);
      expect(got.complexSum).toEqual([[sum((q) => q + 1), sum((q) => q)], [n, -n]]);
      expect(got.complexBroadcast).toEqual([[2, 3]]);
      expect(errors.gatherList).toEqual(['TypeError', r === 0 ? 'Argument ``gather_list`` must be specified on destination rank.'
        : 'Argument ``gather_list`` must NOT be specified on non-destination ranks.']);
      expect(errors.scatterList).toEqual(['TypeError', 'Argument ``scatter_list`` must be specified on source rank.']);
      expect(errors.complexMax).toEqual(['TypeError', 'allReduce does not support ReduceOp.MAX on complex tensors']);
      expect(got.last).toEqual([sum((q) => q)]);
    }
  });
});
