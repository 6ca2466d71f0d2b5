// torch.func: the functorch transforms, functionalCall and stackModuleState, as torch/func.
import { Tensor } from '../tensor.js';
import { stack } from '../generated/functions.js';
import { Module } from '../nn/modules/module.js';
import { argTypeError } from '../validate.js';

export { vmap, grad, gradAndValue, vjp, jvp, jacrev, jacfwd, hessian } from '../_functorch/index.js';
export type { InDims, VmapOptions, Argnums, GradTransformOptions, VjpFn, JacrevOptions, JacfwdOptions } from '../_functorch/index.js';
export { functionalCall } from '../nn/utils/stateless.js';
export type { NamedTensors, FunctionalCallOptions } from '../nn/utils/stateless.js';

function stackedLeaf(tensors: Tensor[], name: string): Tensor {
  const all = tensors.every((t) => t.requiresGrad);
  const none = tensors.every((t) => !t.requiresGrad);
  if (!all && !none) throw new Error(`Expected ${name} from each model to have the same .requires_grad`);
  const result = stack(tensors);
  return all ? result.detach().requiresGrad_() : result;
}

/**
 * Stacks the parameters and buffers of same-class models along a new leading dimension
 * (torch.func.stack_module_state), for ensembling with vmap and functionalCall: returns
 * `[params, buffers]`, objects keyed by dotted name. Stacked parameters are new leaves that
 * require grad.
 * @example
 * const [params, buffers] = torch.func.stackModuleState(models);
 * const base = models[0];
 * const run = (p: Record<string, Tensor>, b: Record<string, Tensor>, x: Tensor) => torch.func.functionalCall(base, [p, b], [x]);
 * const out = torch.func.vmap(run, { inDims: [0, 0, null] })(params, buffers, x);
 */
export function stackModuleState(models: readonly Module[]): [Record<string, Tensor>, Record<string, Tensor>] {
  if (!Array.isArray(models)) throw argTypeError('stackModuleState()', 'models', 'an array of nn.Modules', models);
  models.forEach((m, i) => {
    if (!(m instanceof Module)) throw argTypeError('stackModuleState()', `models[${i}]`, 'an nn.Module', m);
  });
  if (models.length === 0) throw new Error('stack_module_state: Expected at least one model, got 0.');
  if (!(models.every((m) => m.training) || models.every((m) => !m.training))) {
    throw new Error('stack_module_state: Expected all models to have the same training/eval mode.');
  }
  if (!models.every((m) => m.constructor === models[0].constructor)) {
    throw new Error('stack_module_state: Expected all models to be of the same class.');
  }
  const collect = (named: (m: Module) => [string, Tensor][]): Record<string, Tensor> => {
    const all = models.map((m) => new Map(named(m)));
    const out: Record<string, Tensor> = {};
    for (const k of all[0].keys()) out[k] = stackedLeaf(all.map((d) => d.get(k)!), k);
    return out;
  };
  return [collect((m) => m.namedParameters()), collect((m) => m.namedBuffers())];
}
