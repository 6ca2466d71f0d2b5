// Point-to-point (send/recv/isend/irecv, from a named rank or any rank), Work objects (wait,
// promise, await, state) with the event loop left free, and newGroup subgroups with Python's
// semantics (every rank calls it; non-members get NON_GROUP_MEMBER; src/dst are global ranks).
import { describe, expect, it } from 'vitest';
import { expectAllOk, runNodeRanks } from './ranks.js';

describe('point-to-point and Work', () => {
  it('send/recv/isend/irecv at 2 processes; promises settle while the event loop runs', async () => {
    const results = await runNodeRanks(2, `
      dist.initProcessGroup({ timeout: 30_000 });
      const out = {};
      if (rank === 0) {
        dist.send(torch.tensor([1, 2, 3]), 1);
        const w = dist.isend(torch.tensor([4, 5, 6], { dtype: 'int64' }), 1, { tag: 7 });
        out.isend = [w.wait(), w.isCompleted(), w.isSuccess()];
        const t = torch.zeros([2]);
        out.from = dist.recv(t);               // any source
        out.anyValue = t.tolist();
        const t2 = torch.zeros([1]);
        const w2 = dist.irecv(t2, 1);
        await w2;
        out.irecv = t2.tolist();
        // rank 1 sends after 300 ms: the event loop keeps running meanwhile.
        const t3 = torch.zeros([1]);
        let ticks = 0;
        const timer = setInterval(() => ticks++, 10);
        const w3 = dist.irecv(t3);
        await w3.promise();
        clearInterval(timer);
        out.slow = [t3.tolist(), w3.sourceRank(), ticks > 5];
      } else {
        const a = torch.zeros([3]);
        dist.recv(a, 0);
        out.recv = a.tolist();
        const b = torch.zeros([3], { dtype: 'int64' });
        dist.irecv(b, 0, { tag: 7 }).wait();
        out.irecvTag = b.tolist();
        dist.send(torch.tensor([9, 8]), 0);
        await dist.isend(torch.tensor([42]), 0);
        await new Promise((r) => setTimeout(r, 300));
        dist.send(torch.tensor([7]), 0);
      }
      const err = (f) => { try { f(); return null; } catch (e) { return [e.constructor.name, e.message]; } };
      out.errors = {
        self: err(() => dist.send(torch.ones([1]), rank)),
        range: err(() => dist.send(torch.ones([1]), 5)),
      };
      // An async collective's promise: the event loop runs while the other rank is late.
      let ticks = 0;
      const timer = setInterval(() => ticks++, 10);
      if (rank === 1) await new Promise((r) => setTimeout(r, 300));
      const t = torch.tensor([rank + 1]);
      await dist.allReduce(t, { asyncOp: true });
      clearInterval(timer);
      out.allReduce = [t.tolist(), rank === 0 ? ticks > 5 : true];
      report(out);
      dist.destroyProcessGroup();
    `, { timeoutMs: 60_000 });
    expectAllOk(results);
    const [r0, r1] = results.map((r) => r.reports[0] as Record<string, unknown>);
    expect(r0).toMatchObject({ isend: [true, true, true], from: 1, anyValue: [9, 8], irecv: [42], slow: [[7], 1, true] });
    expect(r1).toMatchObject({ recv: [1, 2, 3], irecvTag: [4, 5, 6] });
    for (const [r, got] of [r0!, r1!].entries()) {
      expect(got.allReduce).toEqual([[3], true]);
      expect(got.errors).toEqual({
        self: ['RangeError', 'Invalid destination rank: should not be the same as the rank of the current process.'],
        range: ['RangeError', 'isend: dst 5: Group 0 does not contain global rank 5'],
      });
      expect(r).toBeLessThan(2);
    }
  });
});

describe('newGroup', () => {
  it('subgroups at 4 processes: collectives inside each, global src/dst, non-members skip', async () => {
    const results = await runNodeRanks(4, `
      dist.initProcessGroup({ timeout: 30_000 });
      const out = {};
      const evens = dist.newGroup([2, 0]);
      const odds = dist.newGroup([1, 3]);
      const all = dist.newGroup();
      const mine = rank % 2 === 0 ? evens : odds;
      const other = rank % 2 === 0 ? odds : evens;
      out.other = other === dist.NON_GROUP_MEMBER;
      out.names = [mine.groupName, all.groupName];
      out.ranks = dist.getProcessGroupRanks(mine);
      out.groupRank = [dist.getRank(mine), dist.getWorldSize(mine), dist.getRank(other), dist.getWorldSize(other)];
      const t = torch.tensor([rank + 1]);
      dist.allReduce(t, { group: mine });
      out.sum = t.tolist();
      // Non-members: a no-op.
      const u = torch.tensor([100]);
      out.skipped = dist.allReduce(u, { group: other }) === undefined && u.tolist()[0] === 100;
      // broadcast from the group's last member, named by its global rank.
      const b = torch.tensor([rank]);
      dist.broadcast(b, rank % 2 === 0 ? 2 : 3, { group: mine });
      out.broadcast = b.tolist();
      const g = Array.from({ length: 2 }, () => torch.zeros([1]));
      dist.allGather(g, torch.tensor([rank * 10]), { group: mine });
      out.gathered = g.map((x) => x.tolist());
      // point-to-point inside a group, by global ranks
      if (rank === 1) dist.send(torch.tensor([5]), 3, { group: odds });
      if (rank === 3) { const r = torch.zeros([1]); out.from = dist.recv(r, null, { group: odds }); out.p2p = r.tolist(); }
      const w = torch.tensor([1]);
      dist.allReduce(w, { group: all });
      out.all = w.tolist();
      out.globalRank = dist.getGlobalRank(mine, 1);
      out.groupRankOf = dist.getGroupRank(mine, rank);
      const err = (f) => { try { f(); return null; } catch (e) { return [e.constructor.name, e.message]; } };
      out.errors = {
        outside: err(() => dist.broadcast(torch.ones([1]), rank % 2 === 0 ? 1 : 0, { group: mine })),
        range: err(() => dist.newGroup([0, 4])),
        repeated: err(() => dist.newGroup([1, 0, 1])),
      };
      dist.destroyProcessGroup(mine);
      out.destroyed = err(() => dist.allReduce(torch.ones([1]), { group: mine }));
      dist.barrier();
      report(out);
      dist.destroyProcessGroup();
    `, { timeoutMs: 90_000 });
    expectAllOk(results);
    for (const res of results) {
      const r = res.rank;
      const got = res.reports[0] as Record<string, unknown>;
      const even = r % 2 === 0;
      expect(got).toMatchObject({
        other: true,
        names: [even ? '1' : '2', '3'],
        ranks: even ? [0, 2] : [1, 3],
        groupRank: [r >> 1, 2, -1, -1],
        sum: [even ? 1 + 3 : 2 + 4],
        skipped: true,
        broadcast: [even ? 2 : 3],
        gathered: even ? [[0], [20]] : [[10], [30]],
        all: [4],
        globalRank: even ? 2 : 3,
        groupRankOf: r >> 1,
      });
      if (r === 3) expect(got).toMatchObject({ from: 1, p2p: [5] });
      const errors = got.errors as Record<string, unknown>;
      expect(errors.outside).toEqual(['RangeError', `broadcast: src ${even ? 1 : 0}: Group ${even ? 1 : 2} does not contain global rank ${even ? 1 : 0}`]);
      expect(errors.range).toEqual(['RangeError', 'Rank 4 is out of range. Valid ranks are 0 to 3 (world_size=4)']);
      expect(errors.repeated).toEqual(['RangeError', 'ranks list must not contain duplicate entries, got [0, 1, 1]']);
      expect(got.destroyed).toEqual(['Error', 'allReduce: the group was destroyed']);
    }
  });
});

describe('destroyProcessGroup', () => {
  it('frees the store server and sockets at once: init, destroy and init again on the same port', async () => {
    const results = await runNodeRanks(2, `
      const { createServer } = await import('node:net');
      const { existsSync, rmSync, writeFileSync } = await import('node:fs');
      const { tmpdir } = await import('node:os');
      const { join } = await import('node:path');
      const sums = [];
      let kept;
      for (let i = 0; i < 3; i++) {
        dist.initProcessGroup({ timeout: 15_000 });
        const t = torch.tensor([rank + i]);
        dist.allReduce(t);
        // An async Work the caller still holds must not keep the old group's store alive.
        kept = dist.allReduce(torch.ones([1]), { asyncOp: true });
        await kept;
        sums.push(t.tolist()[0]);
        // A barrier on the new group before destroying it: a rank whose side of the new group's
        // connections is done may otherwise close them while the other rank still completes its
        // own ('Connection closed by peer' under load). Python's new_group does not wait either.
        dist.barrier({ group: dist.newGroup([0, 1]) });
        dist.destroyProcessGroup();
        // Rank 1 must not reach the next round's init while rank 0's old store server still
        // accepts connections (it would join the dying store and wait for a peer that never comes):
        // rank 0 leaves a marker once its group is destroyed, which rank 1 waits for (a fixed sleep
        // was not enough on a loaded machine).
        const marker = join(tmpdir(), 'torch-node-p2p-' + process.env.MASTER_PORT + '-' + i);
        if (rank === 0) writeFileSync(marker, 'destroyed');
        else {
          const until = Date.now() + 60_000;
          while (!existsSync(marker) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
          rmSync(marker, { force: true });
        }
      }
      // The last round's server is gone too: its port can be bound again.
      const free = rank !== 0 || await new Promise((resolve) => {
        const s = createServer();
        s.once('error', () => resolve(false));
        s.listen(Number(process.env.MASTER_PORT), '0.0.0.0', () => s.close(() => resolve(true)));
      });
      let released = null;
      try { kept.wait(); } catch (e) { released = e.message; }
      report({ sums, released, free });
    `, { timeoutMs: 90_000 });
    expectAllOk(results);
    for (const r of results) expect(r.reports[0]).toEqual({ sums: [1, 3, 5], released: 'work: the Work was released', free: true });
  });
});
