// Node and Python ranks in one job: python3's torch.distributed (Gloo) and torch-node join the
// same TCPStore and run collectives together. Both sides see the same results, which shows the
// store keys, the group setup and the wire protocol are c10d's own.
import { describe, expect, it } from 'vitest';
import { expectAllOk, runJob } from './ranks.js';

const NODE = `
dist.initProcessGroup({ backend: 'gloo', timeout: 30_000 });
const out = {};
const t = torch.tensor([rank + 1, 10 * (rank + 1)], { dtype: 'float64' });
dist.allReduce(t);
out.sum = t.tolist();
const m = torch.tensor([rank + 1, -rank], { dtype: 'int64' });
dist.allReduce(m, dist.ReduceOp.MAX);
out.max = m.tolist();
const b = rank === 1 ? torch.tensor([3.5, -1, 2]) : torch.zeros([3]);
dist.broadcast(b, 1);
out.broadcast = b.tolist();
const g = Array.from({ length: worldSize }, () => torch.zeros([2]));
dist.allGather(g, torch.tensor([rank, rank * 2]));
out.allGather = g.map((x) => x.tolist());
const into = torch.zeros([worldSize]);
dist.allGatherIntoTensor(into, torch.tensor([rank * 7]));
out.into = into.tolist();
const rs = torch.zeros([1]);
dist.reduceScatterTensor(rs, torch.arange(worldSize, { dtype: 'float32' }).add(rank));
out.reduceScatter = rs.tolist();
await dist.allReduce(t, { asyncOp: true });
out.asyncSum = t.tolist();
if (rank === 0) { dist.send(torch.tensor([11, 12]), 1); } else { const r = torch.zeros([2]); dist.recv(r, 0); out.recv = r.tolist(); }
const sub = dist.newGroup([0, 1]);
const s = torch.tensor([rank + 100], { dtype: 'int64' });
dist.allReduce(s, { group: sub });
out.sub = s.tolist();
dist.barrier();
report(out);
dist.destroyProcessGroup();
`;

const PYTHON = `
dist.init_process_group(backend='gloo', timeout=datetime.timedelta(seconds=30))
out = {}
t = torch.tensor([rank + 1, 10 * (rank + 1)], dtype=torch.float64)
dist.all_reduce(t)
out['sum'] = t.tolist()
m = torch.tensor([rank + 1, -rank], dtype=torch.int64)
dist.all_reduce(m, dist.ReduceOp.MAX)
out['max'] = m.tolist()
b = torch.tensor([3.5, -1, 2]) if rank == 1 else torch.zeros(3)
dist.broadcast(b, 1)
out['broadcast'] = b.tolist()
g = [torch.zeros(2) for _ in range(world_size)]
dist.all_gather(g, torch.tensor([float(rank), rank * 2.0]))
out['allGather'] = [x.tolist() for x in g]
into = torch.zeros(world_size)
dist.all_gather_into_tensor(into, torch.tensor([rank * 7.0]))
out['into'] = into.tolist()
rs = torch.zeros(1)
dist.reduce_scatter_tensor(rs, torch.arange(world_size, dtype=torch.float32) + rank)
out['reduceScatter'] = rs.tolist()
dist.all_reduce(t, async_op=True).wait()
out['asyncSum'] = t.tolist()
if rank == 0:
    dist.send(torch.tensor([11.0, 12.0]), 1)
else:
    r = torch.zeros(2); dist.recv(r, 0); out['recv'] = r.tolist()
sub = dist.new_group([0, 1])
s = torch.tensor([rank + 100])
dist.all_reduce(s, group=sub)
out['sub'] = s.tolist()
dist.barrier()
report(out)
dist.destroy_process_group()
`;

const WANT = {
  sum: [3, 30], max: [2, 0], broadcast: [3.5, -1, 2], allGather: [[0, 0], [1, 2]], into: [0, 7],
  asyncSum: [6, 60], sub: [201],
};

describe('Node and Python ranks in one job', () => {
  it.each([
    ['Node rank 0 (the store server), Python rank 1', [{ node: NODE }, { python: PYTHON }]],
    ['Python rank 0 (the store server), Node rank 1', [{ python: PYTHON }, { node: NODE }]],
  ] as const)('%s: allReduce, broadcast, allGather, reduceScatter, send/recv, a subgroup', async (_name, specs) => {
    const results = await runJob([...specs], { timeoutMs: 90_000 });
    expectAllOk(results);
    const [r0, r1] = results.map((r) => r.reports[0] as Record<string, unknown>);
    expect(r0).toMatchObject({ ...WANT, reduceScatter: [1] });
    expect(r1).toMatchObject({ ...WANT, reduceScatter: [3], recv: [11, 12] });
  });
});
