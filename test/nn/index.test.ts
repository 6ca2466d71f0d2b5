import { expect, it } from 'vitest';
import * as torch from '../../lib/index.js';
import { nn } from '../../lib/index.js';
import { oracle } from '../helpers/python.js';

// The public entry: `import { nn } from 'torch-node'`, with nn.functional and its alias F.
it('exports nn, nn.functional and nn.F from the package entry', () => {
  expect(nn.functional).toBe(nn.F);
  expect(torch.nn.Linear).toBe(nn.Linear);
  const m = new nn.Sequential(new nn.Linear(3, 2), new nn.LogSoftmax({ dim: 1 }));
  expect(m(torch.randn(4, 3)).shape).toEqual([4, 2]);
});

// torch.nn against PyTorch's own public names (listed live by python3): every module class,
// functional, init function and nn.utils name exists here under its camelCase name, except the
// ones below, each with the reason. The lists are checked both ways: a name listed here that
// exists (or that Python no longer has) fails the test, so the list stays exact.
const NOT_PORTED: Record<'modules' | 'functional' | 'init' | 'utils', Record<string, string>> = {
  modules: {},
  functional: {
    // Python's machinery for __torch_function__ overrides and TorchScript, not functions of tensors.
    Optional: 'typing.Optional re-exported by the module',
    boolean_dispatch: 'TorchScript helper',
    handle_torch_function: '__torch_function__ protocol (no Python subclasses here)',
    has_torch_function: '__torch_function__ protocol',
    has_torch_function_unary: '__torch_function__ protocol',
    has_torch_function_variadic: '__torch_function__ protocol',
    assert_int_or_pair: 'internal argument check',
    // Float8 matrix products: CUDA kernels for Hopper GPUs with their scaling-recipe enums; LibTorch's
    // CPU build has no kernel for them.
    scaled_mm: 'needs CUDA float8 kernels',
    scaled_grouped_mm: 'needs CUDA float8 kernels',
  },
  init: {},
  utils: {},
};

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

it('has every public name of torch.nn, nn.functional, nn.init and nn.utils but the listed ones', () => {
  const py = oracle<Record<keyof typeof NOT_PORTED, string[]>>('nn/index', 'public_names');
  const ours: Record<keyof typeof NOT_PORTED, object> = { modules: nn, functional: nn.functional, init: nn.init, utils: nn.utils };
  for (const kind of Object.keys(NOT_PORTED) as (keyof typeof NOT_PORTED)[]) {
    const has = (n: string): boolean => n in ours[kind] || camel(n) in ours[kind];
    const missing = py[kind].filter((n) => !has(n) && !(n in NOT_PORTED[kind]));
    expect([kind, missing]).toEqual([kind, []]);
    const stale = Object.keys(NOT_PORTED[kind]).filter((n) => has(n) || !py[kind].includes(n));
    expect([kind, stale]).toEqual([kind, []]);
  }
});
