// torch.profiler: LibTorch's Kineto profiler with Python's tables, against live PyTorch
// (test/oracles/profiler/profiler.py).
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as torch from '../../lib/index.js';
import { oracleBatch } from '../helpers/python.js';
import { tempDir } from '../helpers/tmp.js';

const { profile, recordFunction, ProfilerActivity, schedule } = torch.profiler;

type Report = { counts: Record<string, number>; table_lines: string[]; footer_prefix: string; row_keys: string[];
  mm_shapes?: string[]; shape_table_header?: string; mm_memory?: number[] };
const py = oracleBatch<{ plain: Report; shapes: Report; memory: Report }>({
  plain: ['profiler/profiler', 'workload', false, false],
  shapes: ['profiler/profiler', 'workload', true, false],
  memory: ['profiler/profiler', 'workload', false, true],
});

function run(options: torch.profiler.ProfileOptions): torch.profiler.Profile {
  torch.manualSeed(0);
  const a = torch.randn(4, 5);
  const b = torch.randn(5, 3);
  const c = torch.randn(4, 3);
  return profile({ activities: [ProfilerActivity.CPU], ...options }, () => {
    const z = recordFunction('my_block', () => torch.mm(a, b).add(c));
    torch.mm(z.t(), a);
  });
}

describe('profile', () => {
  it('keyAverages counts the ops run, as PyTorch; the table has Python\'s header and rows', () => {
    const want = py().plain;
    const prof = run({});
    const avg = prof.keyAverages();
    const counts = Object.fromEntries(avg.map((e) => [e.key, e.count]));
    expect(counts).toEqual(want.counts);
    expect(counts['aten::mm']).toBe(2);
    expect(counts['aten::add']).toBe(1);
    expect(counts['my_block']).toBe(1);
    const table = avg.table({ sortBy: 'count', rowLimit: 100 });
    const lines = table.split('\n');
    expect(lines.slice(0, 3)).toEqual(want.table_lines);
    expect(lines[lines.length - 2]!.split(':')[0]).toBe(want.footer_prefix);
    expect(lines.slice(3, -3).map((l) => l.trim().split(/\s+/)[0])).toEqual(want.row_keys);
    // my_block's total time covers its ops
    const block = prof.events().find((e) => e.name === 'my_block')!;
    expect(block.isUserAnnotation).toBe(true);
    expect(block.cpuChildren.map((e) => e.name)).toEqual(['aten::mm', 'aten::add']);
    expect(block.cpuTimeTotal).toBeGreaterThanOrEqual(block.cpuChildren.reduce((s, e) => s + e.cpuTimeTotal, 0));
  });

  it('recordShapes: input shapes per event and grouped by shape, as PyTorch', () => {
    const want = py().shapes;
    const prof = run({ recordShapes: true });
    const byShape = prof.keyAverages({ groupByInputShape: true });
    const mm = byShape.filter((e) => e.key === 'aten::mm').map((e) => `[${(e.inputShapes as number[][]).map((s) => `[${s.join(', ')}]`).join(', ')}]`).sort();
    expect(mm).toEqual(want.mm_shapes);
    expect(byShape.table({ rowLimit: 100 }).split('\n')[1]).toBe(want.shape_table_header);
    expect(prof.events().find((e) => e.name === 'aten::add')!.inputShapes).toEqual([[4, 3], [4, 3], []]);
  });

  it('profileMemory: the memory columns and the bytes each op allocates, as PyTorch', () => {
    const want = py().memory;
    const prof = run({ profileMemory: true });
    const avg = prof.keyAverages();
    expect(avg.table({ sortBy: 'count' }).split('\n').slice(0, 3)).toEqual(want.table_lines);
    expect(avg.filter((e) => e.key === 'aten::mm').map((e) => e.cpuMemoryUsage)).toEqual(want.mm_memory);
  });

  it('exportChromeTrace writes JSON that parses and holds the ops run', () => {
    const prof = run({ recordShapes: true, withStack: true });
    const path = join(tempDir('tn-prof-'), 'trace.json');
    prof.exportChromeTrace(path);
    const trace = JSON.parse(readFileSync(path, 'utf8')) as { traceEvents: { name: string; cat?: string; args?: Record<string, unknown> }[] };
    const names = new Set(trace.traceEvents.map((e) => e.name));
    for (const n of ['aten::mm', 'aten::add', 'my_block']) expect(names.has(n)).toBe(true);
    const mm = trace.traceEvents.find((e) => e.name === 'aten::mm')!;
    expect(mm.args!['Input Dims']).toEqual([[4, 5], [5, 3]]);
    expect(trace.traceEvents.find((e) => e.name === 'my_block')!.cat).toBe('user_annotation');
    expect(prof.events().every((e) => Array.isArray(e.stack))).toBe(true);
  });

  it('the using form, start/stop, and step() with a schedule and onTraceReady', () => {
    const x = torch.ones(3);
    {
      using prof = profile();
      x.mul(2);
      expect(() => prof.events()).toThrow(/stop\(\) first/);
    }
    const ready: number[][] = [];
    const prof = new torch.profiler.Profile({
      schedule: schedule({ wait: 1, warmup: 1, active: 2, repeat: 1 }),
      onTraceReady: (p) => { ready.push(p.events().filter((e) => e.name === 'aten::mul').map(() => p.stepNum)); },
    });
    prof.start();
    for (let i = 0; i < 6; i++) { x.mul(i); prof.step(); }
    prof.stop();
    // steps 2 and 3 recorded, ready once at the end of step 3
    expect(ready.length).toBe(1);
    expect(ready[0]!.length).toBe(2);
    expect(prof.keyAverages().map((e) => e.key)).toContain('ProfilerStep*');
  });

  it('rejects bad options with clear errors', () => {
    expect(() => profile({ activities: ['tpu' as never] })).toThrow(TypeError);
    expect(() => profile({ recordShape: true } as never)).toThrow(/unknown option 'recordShape'/);
    expect(() => schedule({ wait: 1, warmup: 0, active: 0 })).toThrow(RangeError);
  });
});
