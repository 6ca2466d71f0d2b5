// tensor.backward() and torch.autograd.grad().
import { native } from '../binding.js';
import { Tensor, type BackwardOptions } from '../tensor.js';
import { describeValue } from '../validate.js';

/** A fresh array of the tensors, each element read once: what native code gets is what was checked. */
function tensorArray(value: unknown, argName: string): Tensor[] {
  const list = value instanceof Tensor ? [value] : value;
  if (!Array.isArray(list)) throw new TypeError(`${argName} must be a Tensor or an array of Tensors (got ${describeValue(value)})`);
  return list.map((t: unknown, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`${argName}[${i}] must be a Tensor (got ${describeValue(t)})`);
    return t;
  });
}

function gradArray(value: unknown, count: number, argName: string): (Tensor | null)[] {
  if (value === undefined || value === null) return new Array(count).fill(null);
  const list = value instanceof Tensor ? [value] : value;
  if (!Array.isArray(list)) throw new TypeError(`${argName} must be a Tensor, null or an array of them (got ${describeValue(value)})`);
  if (list.length !== count) throw new RangeError(`${argName} has ${list.length} entries but there are ${count} outputs`);
  return list.map((g, i) => {
    if (g === null || g === undefined) return null;
    if (!(g instanceof Tensor)) throw new TypeError(`${argName}[${i}] must be a Tensor or null (got ${describeValue(g)})`);
    return g;
  });
}

/** Runs the autograd engine from `tensors` (torch.autograd.backward). */
export function backward(tensors: Tensor | Tensor[], gradTensors?: Tensor | (Tensor | null)[] | null, options: BackwardOptions = {}): void {
  const outs = tensorArray(tensors, 'tensors');
  const grads = gradArray(gradTensors, outs.length, 'gradTensors');
  runBackward(outs, grads, options);
}

export function runBackward(outs: Tensor[], grads: (Tensor | null)[], options: BackwardOptions): void {
  const inputs = options.inputs === undefined ? undefined : tensorArray(options.inputs, 'inputs');
  native.backward(outs, grads, options.retainGraph, options.createGraph ?? false, inputs);
}

export interface GradOptions {
  gradOutputs?: Tensor | (Tensor | null)[] | null;
  retainGraph?: boolean;
  createGraph?: boolean;
  allowUnused?: boolean;
}

/**
 * Gradients of outputs with respect to inputs, without touching `.grad`.
 * @example const [dx] = torch.autograd.grad(y, [x], { createGraph: true });
 */
export function grad(outputs: Tensor | Tensor[], inputs: Tensor | Tensor[], options: GradOptions = {}): (Tensor | null)[] {
  const outs = tensorArray(outputs, 'outputs');
  const ins = tensorArray(inputs, 'inputs');
  const gradOutputs = gradArray(options.gradOutputs, outs.length, 'gradOutputs');
  const result = native.autogradGrad(outs, ins, gradOutputs,
    options.retainGraph, options.createGraph ?? false, options.allowUnused ?? false);
  return result;
}
