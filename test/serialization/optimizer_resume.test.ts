// A checkpoint (model + Adam state) saved mid-training resumes with the losses of an
// uninterrupted run: in Node from Node's file, in Python from Node's file, and in Node from the
// checkpoint Python saves after resuming.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from '../../lib/index.js';
import { Tensor, nn, optim } from '../../lib/index.js';
import { oracle } from '../helpers/python.js';

const dir = mkdtempSync(join(tmpdir(), 'tn-ser-opt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const STEPS = 10;
const CUT = 5;
const PY_CUT = 7;

function makeModel(): nn.Module {
  return new nn.Sequential(new nn.Linear(4, 16), new nn.Tanh(), new nn.Linear(16, 1));
}

function train(model: nn.Module, opt: optim.Optimizer, x: Tensor, y: Tensor, steps: number): number[] {
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    const loss = nn.functional.mseLoss(model(x) as Tensor, y);
    loss.backward();
    opt.step();
    losses.push(loss.item());
  }
  return losses;
}

describe('optimizer checkpoints', () => {
  it('resume in Node and in Python with the losses of an uninterrupted run', () => {
    torch.manualSeed(11);
    const x = torch.randn([32, 4]);
    const y = torch.randn([32, 1]);
    const init = makeModel();
    const initState = torch.save(init.stateDict());

    const full = makeModel();
    full.loadStateDict(torch.load(initState) as Record<string, Tensor>);
    const fullLosses = train(full, new optim.Adam(full.parameters(), { lr: 0.01, weightDecay: 0.001 }), x, y, STEPS);

    const first = makeModel();
    first.loadStateDict(torch.load(initState) as Record<string, Tensor>);
    const firstOpt = new optim.Adam(first.parameters(), { lr: 0.01, weightDecay: 0.001 });
    expect(train(first, firstOpt, x, y, CUT)).toEqual(fullLosses.slice(0, CUT));
    const ckpt = join(dir, 'ckpt.pt');
    torch.save({ model: first.stateDict(), optimizer: firstOpt.stateDict(), x, y }, ckpt);

    // Node resumes from Node's file: exactly the same losses.
    const loaded = torch.load(ckpt) as { model: Record<string, Tensor>; optimizer: Record<string, unknown> };
    const resumed = makeModel();
    resumed.loadStateDict(loaded.model);
    const resumedOpt = new optim.Adam(resumed.parameters(), { lr: 0.5 });
    resumedOpt.loadStateDict(loaded.optimizer);
    expect(resumedOpt.paramGroups[0]!.lr).toBe(0.01);
    expect(train(resumed, resumedOpt, x, y, STEPS - CUT)).toEqual(fullLosses.slice(CUT));

    // Python resumes from Node's file, then saves its own checkpoint at PY_CUT and goes on.
    const pyCkpt = join(dir, 'py_ckpt.pt');
    const py = oracle<{ losses: number[]; keys: string[]; stateKeys: number[]; groupKeys: string[]; stateType: string; modelType: string }>('serialization/optimizer_resume', 'resume', ckpt, STEPS - CUT, PY_CUT - CUT, pyCkpt);
    expect(py.keys).toEqual(['state', 'param_groups']);
    expect(py.stateKeys).toEqual([0, 1, 2, 3]);
    expect(py.stateType).toBe('dict');
    expect(py.modelType).toBe('OrderedDict');
    expect(py.groupKeys).toContain('weight_decay');
    const want = fullLosses.slice(CUT);
    py.losses.forEach((l, i) => expect(l).toBeCloseTo(want[i]!, 6));

    // Node resumes from Python's checkpoint.
    const fromPy = torch.load(pyCkpt) as { model: Record<string, Tensor>; optimizer: Record<string, unknown> };
    const m2 = makeModel();
    m2.loadStateDict(fromPy.model);
    const opt2 = new optim.Adam(m2.parameters(), { lr: 0.5 });
    opt2.loadStateDict(fromPy.optimizer);
    const tail = train(m2, opt2, x, y, STEPS - PY_CUT);
    tail.forEach((l, i) => expect(l).toBeCloseTo(py.losses[PY_CUT - CUT + i]!, 6));
  });
});
