// Optimizer constructors take Python's arguments as Python does: the hyper-parameters after params
// positionally in Python's order, by name in an options object, or params itself by name.
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import * as optim from '../../lib/optim/index.js';
import { oracle } from '../helpers/python.js';

type Ctor = new (params: torch.Tensor[], ...args: unknown[]) => optim.Optimizer;

// Every positional parameter each optimizer takes, in Python's order, with non-default values.
const CASES: Record<string, [keyof typeof optim, unknown[]]> = {
  sgd: ['SGD', [0.1, 0.9, 0.1, 0.01, false]],
  adam: ['Adam', [0.01, [0.8, 0.9], 1e-6, 0.1, true]],
  adamw: ['AdamW', [0.01, [0.8, 0.9], 1e-6, 0.1, true]],
  adagrad: ['Adagrad', [0.1, 0.01, 0.1, 0.5, 1e-8]],
  rmsprop: ['RMSprop', [0.1, 0.9, 1e-6, 0.1, 0.5, true]],
  adadelta: ['Adadelta', [0.5, 0.8, 1e-5, 0.1]],
  adamax: ['Adamax', [0.01, [0.8, 0.9], 1e-6, 0.1]],
  nadam: ['NAdam', [0.01, [0.8, 0.9], 1e-6, 0.1, 0.01, true]],
  radam: ['RAdam', [0.01, [0.8, 0.9], 1e-6, 0.1, true]],
  asgd: ['ASGD', [0.1, 1e-3, 0.5, 100, 0.1]],
  rprop: ['Rprop', [0.1, [0.4, 1.1], [1e-5, 10]]],
  sparseAdam: ['SparseAdam', [0.01, [0.8, 0.9], 1e-6, true]],
  lbfgs: ['LBFGS', [0.5, 10, 12, 1e-5, 1e-7, 5, 'strong_wolfe']],
};

function groupOf(opt: optim.Optimizer): Record<string, unknown> {
  const { params: _params, ...group } = opt.paramGroups[0] as unknown as Record<string, unknown>;
  return group;
}

describe('optimizer constructor arguments', () => {
  it("positional hyper-parameters set the same group options as Python's", () => {
    const py = oracle<Record<string, Record<string, unknown>>>('optim/optimizer', 'positional_groups', CASES);
    expect(Object.keys(py)).toEqual(Object.keys(CASES));
    for (const [name, [cls, values]] of Object.entries(CASES)) {
      const opt = new (optim[cls] as unknown as Ctor)([torch.zeros(2).requiresGrad_()], ...values);
      const group = groupOf(opt);
      // Python's groups also hold the options we do not have (capturable, differentiable, fused, ...).
      const shared = Object.keys(group).filter((key) => key in py[name]!);
      for (const key of shared) expect([name, key, group[key]]).toEqual([name, key, py[name]![key]]);
      expect(shared.length).toBeGreaterThanOrEqual(values.length);
    }
  });

  it('positional, by-name and params-by-name forms are the same optimizer', () => {
    const w = torch.zeros(2).requiresGrad_();
    const a = groupOf(new optim.SGD([w], 0.1, 0.9));
    const b = groupOf(new optim.SGD([w], { lr: 0.1, momentum: 0.9 }));
    const c = groupOf(new optim.SGD({ params: [w], lr: 0.1, momentum: 0.9 }));
    const d = groupOf(new optim.SGD([w], 0.1, { momentum: 0.9 }));
    expect(a).toEqual(b);
    expect(c).toEqual(b);
    expect(d).toEqual(b);
    expect(groupOf(new optim.Adam({ params: [w], lr: 0.5 })).lr).toBe(0.5);
  });

  it('rejects too many positional values, a value given twice and unknown names', () => {
    const w = torch.zeros(2).requiresGrad_();
    expect(() => new (optim.SGD as unknown as Ctor)([w], 0.1, 0.9, 0, 0, false, true)).toThrow(new TypeError('SGD() takes at most 6 positional arguments (7 given)'));
    expect(() => new optim.SGD([w], 0.1, { lr: 0.2 })).toThrow(new TypeError("SGD(): got multiple values for argument 'lr'"));
    // @ts-expect-error unknown option
    expect(() => new optim.Adam({ params: [w], learningRate: 0.1 })).toThrow(/unknown option 'learningRate'/);
    // @ts-expect-error snake_case
    expect(() => new optim.AdamW([w], 0.1, { weight_decay: 0 })).toThrow(/did you mean weightDecay/);
  });
});
