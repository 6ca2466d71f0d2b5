// nn.utils gradient clipping, as torch/nn/utils/clip_grad.py: clipGradNorm_ (getTotalNorm then
// clipGradsWithNorm_), clipGradValue_, each through the foreach kernels per device and dtype
// (or one tensor at a time with `foreach: false`).
import { Tensor, borrowGrad } from '../../tensor.js';
import { ops } from '../../ops_namespace.js';
import { stack } from '../../generated/functions.js';
import { tensor as makeTensor } from '../../creation.js';
import { linalg } from '../../generated/namespaces.js';
import { noGrad } from '../../autograd/grad_mode.js';
import { checkDense } from '../../arrays.js';
import { argTypeError, parseArgs, checkNumber, checkBool, type Args } from '../../validate.js';

/** Tensors whose gradients are clipped: one tensor or an iterable (e.g. `model.parameters()`). */
export type TensorOrTensors = Tensor | Iterable<Tensor>;

/** @internal one tensor or an iterable of tensors, as a checked list. */
export function toList(where: string, parameters: TensorOrTensors, name = 'parameters'): Tensor[] {
  if (parameters instanceof Tensor) return [parameters];
  if (parameters === null || typeof parameters !== 'object' || typeof (parameters as Iterable<Tensor>)[Symbol.iterator] !== 'function') {
    throw argTypeError(where, name, 'a Tensor or an iterable of Tensors', parameters);
  }
  if (Array.isArray(parameters)) checkDense(`${where}: ${name}`, parameters);
  const list = [...parameters];
  list.forEach((p, i) => { if (!(p instanceof Tensor)) throw argTypeError(where, `${name}[${i}]`, 'a Tensor', p); });
  return list;
}

function groupByDeviceAndDType(tensors: Tensor[]): [string, Tensor[]][] {
  const groups = new Map<string, [string, Tensor[]]>();
  for (const t of tensors) {
    const key = `${t.device}/${t.dtype}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, g = [String(t.device), []]);
    g[1].push(t);
  }
  return [...groups.values()];
}

// PyTorch's _device_has_foreach_support: the foreach kernels exist on CPU and CUDA here.
function deviceHasForeach(device: string): boolean {
  const type = device.split(':')[0]!;
  return type === 'cpu' || type === 'cuda';
}

function useForeach(foreach: boolean | null, device: string): boolean {
  if (foreach === null ? deviceHasForeach(device) : foreach && deviceHasForeach(device)) return true;
  if (foreach) throw new Error(`foreach=True was passed, but can't use the foreach API on ${device.split(':')[0]} tensors`);
  return false;
}

function checkForeach(where: string, v: unknown): boolean | null {
  if (v === null || v === undefined) return null;
  return checkBool(where, 'foreach', v);
}

/** Python's float repr for messages: 2.0, inf. */
function pyFloat(v: number): string {
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return Number.isInteger(v) ? v.toFixed(1) : String(v);
}

/** Options of getTotalNorm and clipGradNorm_. */
export interface TotalNormOptions {
  /** The p of the p-norm (default 2; Infinity for the max norm). */
  normType?: number;
  /** Throw if the total norm is nan or infinite (default false). */
  errorIfNonfinite?: boolean;
  /** Use the foreach kernels (null, the default: wherever the device has them). */
  foreach?: boolean | null;
}
/** Options of clipGradNorm_. */
export type ClipGradNormOptions = TotalNormOptions;

/**
 * The p-norm of the norms of `tensors` (all of them viewed as one vector), as a 0-dim tensor:
 * PyTorch's `torch.nn.utils.get_total_norm`.
 * @example const total = nn.utils.getTotalNorm(model.parameters().map((p) => p.grad!), 2);
 */
export function getTotalNorm(tensors: TensorOrTensors, ...args: Args<[normType: number, errorIfNonfinite: boolean, foreach: boolean | null], TotalNormOptions>): Tensor {
  const where = 'getTotalNorm()';
  const o = parseArgs<Required<TotalNormOptions>>(where, args, ['normType', 'errorIfNonfinite', 'foreach'], { normType: 2.0, errorIfNonfinite: false, foreach: null });
  const list = toList(where, tensors, 'tensors');
  return totalNorm(where, list, checkNumber(where, 'normType', o.normType), checkBool(where, 'errorIfNonfinite', o.errorIfNonfinite), checkForeach(where, o.foreach));
}

function totalNorm(where: string, tensors: Tensor[], normType: number, errorIfNonfinite: boolean, foreach: boolean | null): Tensor {
  return noGrad(() => {
    if (tensors.length === 0) return makeTensor(0.0);
    const firstDevice = tensors[0]!.device;
    const norms: Tensor[] = [];
    for (const [device, group] of groupByDeviceAndDType(tensors)) {
      if (useForeach(foreach, device)) norms.push(...(ops.aten._foreach_norm!(group, normType) as Tensor[]));
      else for (const g of group) norms.push(linalg.vectorNorm(g, normType));
    }
    const total = linalg.vectorNorm(stack(norms.map((n) => n.to(firstDevice))), normType);
    if (errorIfNonfinite && !Number.isFinite(total.item())) {
      throw new Error(`The total norm of order ${pyFloat(normType)} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`error_if_nonfinite=False\``);
    }
    return total;
  });
}

/**
 * Scales the gradients of `parameters` in place by min(1, maxNorm / (totalNorm + 1e-6)), with a
 * total norm computed beforehand (e.g. by getTotalNorm): PyTorch's `clip_grads_with_norm_`.
 * @example
 * const total = nn.utils.getTotalNorm(grads);
 * nn.utils.clipGradsWithNorm_(model.parameters(), 1.0, total);
 */
export function clipGradsWithNorm_(parameters: TensorOrTensors, maxNorm: number, totalNorm: Tensor, ...args: Args<[foreach: boolean | null], { foreach?: boolean | null }>): void {
  const where = 'clipGradsWithNorm_()';
  const o = parseArgs<{ foreach: boolean | null }>(where, args, ['foreach'], { foreach: null });
  checkNumber(where, 'maxNorm', maxNorm);
  if (!(totalNorm instanceof Tensor)) throw argTypeError(where, 'totalNorm', 'a Tensor', totalNorm);
  clipWithNorm(toList(where, parameters), maxNorm, totalNorm, checkForeach(where, o.foreach));
}

// The parameters' gradients as objects of their own, which the caller disposes when done: the
// gradients themselves stay with the parameters, and objects that outlived the call would keep
// them alive after zeroGrad() until a collection (lib/tensor.ts borrowGrad).
function borrowGrads(parameters: Tensor[]): Tensor[] {
  const grads: Tensor[] = [];
  for (const p of parameters) { const g = borrowGrad(p); if (g !== null) grads.push(g); }
  return grads;
}

function disposeAll(tensors: Tensor[]): void {
  for (const t of tensors) t.dispose();
}

function clipWithNorm(parameters: Tensor[], maxNorm: number, total: Tensor, foreach: boolean | null): void {
  const grads = borrowGrads(parameters);
  if (grads.length === 0) return;
  try {
    scaleGrads(grads, maxNorm, total, foreach);
  } finally {
    disposeAll(grads);
  }
}

function scaleGrads(grads: Tensor[], maxNorm: number, total: Tensor, foreach: boolean | null): void {
  noGrad(() => {
    // max_norm / (total_norm + 1e-6), clamped to 1.
    const coef = total.add(1e-6).reciprocal().mul(maxNorm).clamp({ max: 1.0 });
    for (const [device, group] of groupByDeviceAndDType(grads)) {
      const c = coef.to(device);
      if (useForeach(foreach, device)) ops.aten._foreach_mul_!(group, c);
      else for (const g of group) g.mul_(c);
    }
  });
}

/**
 * Scales the gradients in place so that their joint p-norm is at most `maxNorm`; returns the
 * total norm before clipping (a 0-dim tensor), as PyTorch computes it.
 * @example
 * loss.backward();
 * nn.utils.clipGradNorm_(model.parameters(), 1.0);
 * optimizer.step();
 */
export function clipGradNorm_(parameters: TensorOrTensors, maxNorm: number, ...args: Args<[normType: number, errorIfNonfinite: boolean, foreach: boolean | null], ClipGradNormOptions>): Tensor {
  const where = 'clipGradNorm_()';
  const o = parseArgs<Required<ClipGradNormOptions>>(where, args, ['normType', 'errorIfNonfinite', 'foreach'], { normType: 2.0, errorIfNonfinite: false, foreach: null });
  checkNumber(where, 'maxNorm', maxNorm);
  const normType = checkNumber(where, 'normType', o.normType);
  const errorIfNonfinite = checkBool(where, 'errorIfNonfinite', o.errorIfNonfinite);
  const foreach = checkForeach(where, o.foreach);
  const isGenerator = parameters !== null && typeof parameters === 'object' && !Array.isArray(parameters)
    && !(parameters instanceof Tensor) && typeof (parameters as Generator).next === 'function';
  const list = toList(where, parameters);
  if (isGenerator && list.length === 0) process.emitWarning('`parameters` is an empty generator, no gradient clipping will occur.');
  const grads = borrowGrads(list);
  try {
    const total = totalNorm(where, grads, normType, errorIfNonfinite, foreach);
    if (grads.length > 0) scaleGrads(grads, maxNorm, total, foreach);
    return total;
  } finally {
    disposeAll(grads);
  }
}

let clipGradNormWarned = false;
/**
 * Deprecated alias of clipGradNorm_ (warns once), as `torch.nn.utils.clip_grad_norm`.
 * @example nn.utils.clipGradNorm(model.parameters(), 1.0)
 */
export function clipGradNorm(parameters: TensorOrTensors, maxNorm: number, ...args: Args<[normType: number, errorIfNonfinite: boolean, foreach: boolean | null], ClipGradNormOptions>): Tensor {
  if (!clipGradNormWarned) {
    clipGradNormWarned = true;
    process.emitWarning('`torch.nn.utils.clip_grad_norm` is now deprecated in favor of `torch.nn.utils.clip_grad_norm_`.', 'FutureWarning');
  }
  return clipGradNorm_(parameters, maxNorm, ...args);
}

/**
 * Clamps every gradient element to [-clipValue, clipValue], in place.
 * @example nn.utils.clipGradValue_(model.parameters(), 0.5)
 */
export function clipGradValue_(parameters: TensorOrTensors, clipValue: number, ...args: Args<[foreach: boolean | null], { foreach?: boolean | null }>): void {
  const where = 'clipGradValue_()';
  const o = parseArgs<{ foreach: boolean | null }>(where, args, ['foreach'], { foreach: null });
  checkNumber(where, 'clipValue', clipValue);
  const foreach = checkForeach(where, o.foreach);
  const grads = borrowGrads(toList(where, parameters));
  try {
    clampGrads(grads, clipValue, foreach);
  } finally {
    disposeAll(grads);
  }
}

function clampGrads(grads: Tensor[], clipValue: number, foreach: boolean | null): void {
  noGrad(() => {
    for (const [device, group] of groupByDeviceAndDType(grads)) {
      if (useForeach(foreach, device)) {
        ops.aten._foreach_clamp_min_!(group, -clipValue);
        ops.aten._foreach_clamp_max_!(group, clipValue);
      } else {
        for (const g of group) g.clamp_({ min: -clipValue, max: clipValue });
      }
    }
  });
}

