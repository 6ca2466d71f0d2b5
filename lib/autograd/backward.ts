// tensor.backward() and torch.autograd.grad().
import { native } from '../binding.js';
import { Tensor, type BackwardOptions } from '../tensor.js';
import { withAnomalyReport } from './anomaly_mode.js';
import { checkBool, describeValue, isPlainObject, parseArgs } from '../validate.js';

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

/** torch.autograd.backward's options: Python's keyword arguments after `tensors`. */
export interface AutogradBackwardOptions extends Omit<BackwardOptions, 'gradient'> {
  gradTensors?: Tensor | (Tensor | null)[] | null;
}

const AUTOGRAD_BACKWARD_ARGS = ['gradTensors', 'retainGraph', 'createGraph', 'inputs'] as const;

/**
 * Runs the autograd engine from `tensors` (torch.autograd.backward): Python's
 * `backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None)`, any
 * prefix of the arguments after `tensors` positionally, the rest in an options object.
 * @example torch.autograd.backward([y1, y2], [g1, g2], { retainGraph: true })
 * @example torch.autograd.backward(loss, { inputs: [w] })
 */
export function backward(tensors: Tensor | Tensor[], options?: AutogradBackwardOptions): void;
export function backward(tensors: Tensor | Tensor[], gradTensors?: Tensor | (Tensor | null)[] | null, options?: Omit<AutogradBackwardOptions, 'gradTensors'>): void;
export function backward(tensors: Tensor | Tensor[], ...args: unknown[]): void {
  const o = parseArgs<AutogradBackwardOptions>('autograd.backward()', args, AUTOGRAD_BACKWARD_ARGS, {});
  const outs = tensorArray(tensors, 'tensors');
  const grads = gradArray(o.gradTensors, outs.length, 'gradTensors');
  runBackward(outs, grads, o);
}

/** The engine run of Tensor.backward and autograd.backward, after their argument parsing. */
export function runBackward(outs: Tensor[], grads: (Tensor | null)[], options: BackwardOptions): void {
  const { retainGraph, createGraph } = options;
  if (retainGraph !== undefined && retainGraph !== null) checkBool('backward()', 'retainGraph', retainGraph);
  if (createGraph !== undefined) checkBool('backward()', 'createGraph', createGraph);
  const inputs = options.inputs === undefined || options.inputs === null ? undefined : tensorArray(options.inputs, 'inputs');
  try {
    native.backward(outs, grads, retainGraph ?? undefined, createGraph ?? false, inputs);
  } catch (e) {
    throw withAnomalyReport(e);
  }
}

const GRAD_OPTIONS = ['gradOutputs', 'retainGraph', 'createGraph', 'allowUnused'] as const;

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
  if (!isPlainObject(options as unknown)) throw new TypeError(`autograd.grad(): options must be an object (got ${describeValue(options)})`);
  for (const key of Object.keys(options)) {
    if (!(GRAD_OPTIONS as readonly string[]).includes(key)) {
      throw new TypeError(`autograd.grad(): unknown option '${key}' (expected one of ${GRAD_OPTIONS.join(', ')})`);
    }
  }
  if (options.retainGraph !== undefined && options.retainGraph !== null) checkBool('autograd.grad()', 'retainGraph', options.retainGraph);
  if (options.createGraph !== undefined) checkBool('autograd.grad()', 'createGraph', options.createGraph);
  if (options.allowUnused !== undefined) checkBool('autograd.grad()', 'allowUnused', options.allowUnused);
  const outs = tensorArray(outputs, 'outputs');
  const ins = tensorArray(inputs, 'inputs');
  const gradOutputs = gradArray(options.gradOutputs, outs.length, 'gradOutputs');
  try {
    return native.autogradGrad(outs, ins, gradOutputs,
      options.retainGraph, options.createGraph ?? false, options.allowUnused ?? false);
  } catch (e) {
    throw withAnomalyReport(e);
  }
}
