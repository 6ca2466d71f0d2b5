// nn.utils.weightNorm / removeWeightNorm: the older, forward-pre-hook form of weight
// normalization, as torch/nn/utils/weight_norm.py (deprecated there in favour of
// parametrizations.weightNorm).
import { Tensor } from '../../tensor.js';
import { Parameter } from '../parameter.js';
import { Module, removeMember } from '../modules/module.js';
import { ops } from '../../ops_namespace.js';
import { normExceptDim } from '../../generated/functions.js';
import { RemovableHandle } from '../../utils/hooks.js';
import { argTypeError, checkInt, parseArgs, type Args } from '../../validate.js';

/** @internal hooks of the older weightNorm and spectralNorm on a module, by kind and tensor name. */
export const legacyHooks = new WeakMap<Module, Map<string, { handle: RemovableHandle; restore: () => void }>>();

/** PyTorch's WeightNorm hook object. */
export class WeightNorm {
  constructor(readonly name: string, readonly dim: number) {}

  /** g * v / ||v||. */
  computeWeight(module: Module): Tensor {
    const self = module as unknown as Record<string, Tensor>;
    return ops.aten._weight_norm!(self[this.name + '_v']!, self[this.name + '_g']!, this.dim) as Tensor;
  }
}

let weightNormWarned = false;

/**
 * Weight normalization through a forward pre-hook: replaces `module[name]` by the parameters
 * `<name>_g` (magnitude) and `<name>_v` (direction) and recomputes the weight before every
 * forward. Deprecated in PyTorch in favour of `nn.utils.parametrizations.weightNorm` (warns once).
 * @example const m = nn.utils.weightNorm(new nn.Linear(20, 40), 'weight'); m.weight_g.shape // [40, 1]
 */
export function weightNorm<M extends Module>(module: M, ...args: Args<[name: string, dim: number | null], { name?: string; dim?: number | null }>): M {
  const where = 'weightNorm()';
  if (!(module instanceof Module)) throw argTypeError(where, 'module', 'an nn.Module', module);
  const o = parseArgs<{ name: string; dim: number | null }>(where, args, ['name', 'dim'], { name: 'weight', dim: 0 });
  const name = o.name;
  if (!weightNormWarned) {
    weightNormWarned = true;
    process.emitWarning('`torch.nn.utils.weight_norm` is deprecated in favor of `torch.nn.utils.parametrizations.weight_norm`.', 'FutureWarning');
  }
  let hooks = legacyHooks.get(module);
  if (hooks === undefined) legacyHooks.set(module, hooks = new Map());
  if (hooks.has('weight_norm:' + name)) throw new Error(`Cannot register two weight_norm hooks on the same parameter ${name}`);
  const dim = o.dim === null ? -1 : checkInt(where, 'dim', o.dim);
  const fn = new WeightNorm(name, dim);
  const weight = (module as unknown as Record<string, unknown>)[name];
  if (!(weight instanceof Parameter)) throw new Error(`Module '${module._getName()}' has no parameter named '${name}'`);
  removeMember(module, name);
  module.registerParameter(name + '_g', new Parameter(normExceptDim(weight, 2, dim).detach()));
  module.registerParameter(name + '_v', new Parameter(weight.detach()));
  const self = module as unknown as Record<string, unknown>;
  self[name] = fn.computeWeight(module);
  const handle = module.registerForwardPreHook((m) => { self[name] = fn.computeWeight(m); });
  hooks.set('weight_norm:' + name, {
    handle,
    restore: () => {
      const w = fn.computeWeight(module);
      delete self[name];
      removeMember(module, name + '_g');
      removeMember(module, name + '_v');
      module.registerParameter(name, new Parameter(w.detach()));
    },
  });
  return module;
}

/**
 * Removes the older weightNorm's hook, leaving `module[name]` a plain Parameter with the
 * current normalized weight.
 * @example nn.utils.removeWeightNorm(m)
 */
export function removeWeightNorm<M extends Module>(module: M, name: string = 'weight'): M {
  // Checked first: the not-found message prints both (String() of an arbitrary object may throw or run for minutes).
  if (!(module instanceof Module)) throw argTypeError('removeWeightNorm()', 'module', 'an nn.Module', module);
  if (typeof name !== 'string') throw argTypeError('removeWeightNorm()', 'name', 'a string', name);
  const entry = legacyHooks.get(module)?.get('weight_norm:' + name);
  if (entry === undefined) throw new Error(`weight_norm of '${name}' not found in ${String(module)}`);
  entry.restore();
  entry.handle.remove();
  legacyHooks.get(module)!.delete('weight_norm:' + name);
  return module;
}
