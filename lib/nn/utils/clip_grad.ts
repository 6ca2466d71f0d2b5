// nn.utils.clipGradNorm_ / clipGradValue_, as torch/nn/utils/clip_grad.py (the foreach path).
import { Tensor } from '../../tensor.js';
import { ops } from '../../ops_namespace.js';
import { stack, cat } from '../../generated/functions.js';
import { tensor as makeTensor } from '../../creation.js';
import { linalg } from '../../generated/namespaces.js';
import { noGrad } from '../../autograd/grad_mode.js';
import { checkDense } from '../../arrays.js';
import { argTypeError, parseArgs, checkNumber, checkBool, type Args } from '../../validate.js';

/** Tensors whose gradients are clipped: one tensor or an iterable (e.g. `model.parameters()`). */
export type TensorOrTensors = Tensor | Iterable<Tensor>;

function toList(where: string, parameters: TensorOrTensors): Tensor[] {
  if (parameters instanceof Tensor) return [parameters];
  if (parameters === null || typeof parameters !== 'object' || typeof (parameters as Iterable<Tensor>)[Symbol.iterator] !== 'function') {
    throw argTypeError(where, 'parameters', 'a Tensor or an iterable of Tensors', parameters);
  }
  if (Array.isArray(parameters)) checkDense(`${where}: parameters`, parameters);
  const list = [...parameters];
  list.forEach((p, i) => { if (!(p instanceof Tensor)) throw argTypeError(where, `parameters[${i}]`, 'a Tensor', p); });
  return list;
}

function groupByDeviceAndDType(tensors: Tensor[]): Tensor[][] {
  const groups = new Map<string, Tensor[]>();
  for (const t of tensors) {
    const key = `${t.device}/${t.dtype}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, g = []);
    g.push(t);
  }
  return [...groups.values()];
}

/** Options of clipGradNorm_. */
export interface ClipGradNormOptions {
  /** The p of the p-norm (default 2; Infinity for the max norm). */
  normType?: number;
  /** Throw if the total norm is nan or infinite (default false). */
  errorIfNonfinite?: boolean;
}

/**
 * Scales the gradients in place so that their joint p-norm is at most `maxNorm`; returns the
 * total norm before clipping (a 0-dim tensor), as PyTorch computes it.
 * @example
 * loss.backward();
 * nn.utils.clipGradNorm_(model.parameters(), 1.0);
 * optimizer.step();
 */
export function clipGradNorm_(parameters: TensorOrTensors, maxNorm: number, ...args: Args<[normType: number, errorIfNonfinite: boolean], ClipGradNormOptions>): Tensor {
  const where = 'clipGradNorm_()';
  const o = parseArgs<Required<ClipGradNormOptions>>(where, args, ['normType', 'errorIfNonfinite'], { normType: 2.0, errorIfNonfinite: false });
  checkNumber(where, 'maxNorm', maxNorm);
  const normType = checkNumber(where, 'normType', o.normType);
  checkBool(where, 'errorIfNonfinite', o.errorIfNonfinite);
  const grads: Tensor[] = [];
  for (const p of toList(where, parameters)) {
    const g = p.grad;
    if (g !== null) grads.push(g);
  }
  return noGrad(() => {
    if (grads.length === 0) return makeTensor(0.0);
    const firstDevice = grads[0]!.device;
    const norms: Tensor[] = [];
    for (const group of groupByDeviceAndDType(grads)) norms.push(...(ops.aten._foreach_norm!(group, normType) as Tensor[]));
    const total = linalg.vectorNorm(stack(norms.map((n) => n.to(firstDevice))), { ord: normType });
    if (o.errorIfNonfinite && !Number.isFinite(total.item())) {
      throw new Error(`The total norm of order ${normType === Infinity ? 'inf' : normType.toFixed(1)} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`error_if_nonfinite=False\``);
    }
    // PyTorch: max_norm / (total_norm + 1e-6), i.e. reciprocal() * max_norm, clamped to 1.
    const coef = total.add(1e-6).reciprocal().mul(maxNorm).clamp({ max: 1.0 });
    for (const group of groupByDeviceAndDType(grads)) ops.aten._foreach_mul_!(group, coef.to(group[0]!.device));
    return total;
  });
}

/**
 * Clamps every gradient element to [-clipValue, clipValue], in place.
 * @example nn.utils.clipGradValue_(model.parameters(), 0.5)
 */
export function clipGradValue_(parameters: TensorOrTensors, clipValue: number): void {
  const where = 'clipGradValue_()';
  checkNumber(where, 'clipValue', clipValue);
  const grads: Tensor[] = [];
  for (const p of toList(where, parameters)) {
    const g = p.grad;
    if (g !== null) grads.push(g);
  }
  noGrad(() => {
    for (const group of groupByDeviceAndDType(grads)) {
      ops.aten._foreach_clamp_min_!(group, -clipValue);
      ops.aten._foreach_clamp_max_!(group, clipValue);
    }
  });
}

/**
 * The parameters flattened into one vector.
 * @example const v = nn.utils.parametersToVector(model.parameters());
 */
export function parametersToVector(parameters: Iterable<Tensor>): Tensor {
  const list = toList('parametersToVector()', parameters);
  return cat(list.map((p) => p.view(-1)));
}

/**
 * Copies the slices of a vector into the parameters' data (the inverse of parametersToVector).
 * @example nn.utils.vectorToParameters(v, model.parameters());
 */
export function vectorToParameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  if (!(vec instanceof Tensor)) throw argTypeError('vectorToParameters()', 'vec', 'a Tensor', vec);
  let pointer = 0;
  for (const p of toList('vectorToParameters()', parameters)) {
    const n = p.numel();
    p.data = vec.narrow(0, pointer, n).viewAs(p);
    pointer += n;
  }
}
