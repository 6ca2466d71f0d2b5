// torch.autograd.gradcheck and gradgradcheck: a port of the slow (full Jacobian) mode of
// torch/autograd/gradcheck.py, with its defaults, checks and messages.
import { formatSize } from '../size.js';
import { native } from '../binding.js';
import { Tensor } from '../tensor.js';
import { type DType } from '../dtype.js';
import { dtypeInfo } from '../generated/dtypes.js';
import { describeValue } from '../validate.js';
import { runInScope } from '../scope.js';
import { formatTensor } from '../printing.js';
import { allclose, promoteTypes, zeros, rand } from '../generated/functions.js';
import { grad } from './backward.js';

/**
 * Raised by gradcheck and gradgradcheck when a check fails (PyTorch's GradcheckError).
 * @example
 * try { torch.autograd.gradcheck((t: Tensor) => MyFunction.apply(t), [x]); }
 * catch (e) { if (e instanceof torch.autograd.GradcheckError) console.error(e.message); }
 */
export class GradcheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GradcheckError';
  }
}

export interface GradcheckOptions {
  /** Perturbation for finite differences (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance (default 1e-3). */
  rtol?: number;
  /** Throw a GradcheckError on failure (default true); false returns false instead. */
  raiseException?: boolean;
  /** Tolerance for non-determinism: two backward runs must agree within it (default 0). */
  nondetTol?: number;
  /** Check that backward handles undefined output gradients (default true). */
  checkUndefinedGrad?: boolean;
  /** Check that gradients have the dtype of their inputs (default false). */
  checkGradDtypes?: boolean;
}

export interface GradgradcheckOptions extends GradcheckOptions {
  /** Gradients of the outputs to differentiate through (default: random in [-1, 1]). */
  gradOutputs?: Tensor | Tensor[];
}

/** A function of tensors (and other values) returning a tensor or an array of tensors. */
export type GradcheckFunction = (...inputs: never[]) => Tensor | readonly Tensor[];

const FAILED_NONDET_MSG = `

NOTE: If your op relies on non-deterministic operations i.e., it is listed here:
https://pytorch.org/docs/stable/generated/torch.use_deterministic_algorithms.html
this failure might be expected.

If you are adding a new operator, please file an issue and then use one of the
workarounds. The workaround depends on how your test invokes gradcheck/gradgradcheck.
If the test
- manually invokes gradcheck/gradgradcheck, then call gradcheck/gradgradcheck
  with \`nondet_tol=<tol>\` as a keyword argument.
- is OpInfo-based (e.g., in test_ops_gradients.py), then modify the OpInfo for the test
  to have \`gradcheck_nondet_tol=<tol>\`.
- is a Module test (e.g., in common_nn.py), then modify the corresponding
  module_test entry to have \`gradcheck_nondet_tol=<tol>\`
`;

function asTuple(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [x];
}

function call(fn: GradcheckFunction, inputs: unknown[]): Tensor[] {
  const out = asTuple((fn as unknown as (...a: unknown[]) => unknown)(...inputs));
  out.forEach((o, i) => {
    if (!(o instanceof Tensor)) throw new TypeError(`gradcheck: the function must return a Tensor or an array of Tensors (output ${i} is ${describeValue(o)})`);
  });
  return out as Tensor[];
}

function differentiable(outputs: Tensor[]): Tensor[] {
  return outputs.filter((o) => o.requiresGrad);
}

function diffInputs(inputs: unknown[]): Tensor[] {
  return inputs.filter((x): x is Tensor => x instanceof Tensor && x.requiresGrad);
}

const isFloatOrComplex = (d: DType): boolean => dtypeInfo[d].kind === 'float' || dtypeInfo[d].kind === 'complex';

function tidy<T>(fn: () => T): T {
  return runInScope(fn, (v): v is Tensor => v instanceof Tensor);
}

function sizesEqual(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}


function checkInputs(inputs: unknown[]): void {
  let any = false;
  inputs.forEach((inp, idx) => {
    if (!(inp instanceof Tensor) || !inp.requiresGrad) return;
    if (inp.dtype !== 'float64' && inp.dtype !== 'complex128') {
      process.emitWarning(`Input #${idx} requires gradient and is not a double precision floating point or complex. ` +
        'This check will likely fail if all the inputs are not of double precision floating point or complex. ');
    }
    const stride = inp.stride();
    const size = inp.shape;
    if (!size.every((sz, i) => stride[i]! > 0 || sz <= 1)) {
      throw new Error(`The ${idx}th input has a dimension with stride 0. gradcheck only supports inputs that are non-overlapping ` +
        'to be able to compute the numerical gradients correctly. You should call .contiguous on the input before passing it to gradcheck.');
    }
    any = true;
  });
  if (!any) {
    throw new TypeError('gradcheck expects at least one input tensor to require gradient, but none of them have requires_grad=True.');
  }
}

/** The multi-index of element `d` (row-major) of a tensor of this shape. */
function multiIndex(shape: number[], d: number): number[] {
  const idx = new Array<number>(shape.length);
  let rest = d;
  for (let k = shape.length - 1; k >= 0; k--) { idx[k] = rest % shape[k]!; rest = Math.floor(rest / shape[k]!); }
  return idx;
}

/** Python's str() of a tuple of ints. */
function pyTuple(idx: number[]): string {
  return idx.length === 1 ? `(${idx[0]},)` : `(${idx.join(', ')})`;
}

/** Numerical Jacobians of every output (float ones) with respect to input `inputIdx`: [numelIn, numelOut]. */
function numericalJacobianWrtInput(fn: GradcheckFunction, inputs: unknown[], inputIdx: number, outputs: Tensor[], eps: number): Tensor[] {
  const input = inputs[inputIdx] as Tensor;
  const numel = input.numel();
  const jacobians = outputs.filter((o) => isFloatOrComplex(o.dtype)).map((o) => o.newZeros([numel, o.numel()]));
  const shape = input.shape;
  const data = native.variableData(input);  // x.data: perturbed without bumping x's version
  try {
    for (let d = 0; d < numel; d++) {
      tidy(() => {
        const idx = multiIndex(shape, d);
        let entry = data;
        for (const i of idx) entry = entry.select(0, i);
        const orig = entry.clone();
        entry.copy_(orig.sub(eps));
        const outa = call(fn, inputs).map((a) => a.clone());
        entry.copy_(orig.add(eps));
        const outb = call(fn, inputs).map((b) => b.clone());
        entry.copy_(orig);
        let k = 0;
        outa.forEach((a, i) => {
          const b = outb[i]!;
          if (!sizesEqual(a.shape, b.shape)) {
            throw new Error(`Expected \`func\` to return outputs with the same shape when inputs are perturbed on index ${pyTuple(idx)} by ${eps}, but got: shapes ${formatSize(a.shape)} and ${formatSize(b.shape)}.`);
          }
          if (a.dtype !== b.dtype) {
            throw new Error(`Expected \`func\` to return outputs with the same dtype when inputs are perturbed on index ${pyTuple(idx)} by ${eps}, but got: dtypes torch.${a.dtype} and torch.${b.dtype}.`);
          }
          if (!isFloatOrComplex(a.dtype)) return;
          const col = b.sub(a).div(2 * eps).detach().reshape(-1);
          jacobians[k++]!.select(0, d).copy_(col);
        });
      });
    }
  } finally {
    data.dispose();
  }
  return jacobians;
}

/** For each input requiring grad: the numerical Jacobians with respect to it, one per output. */
function numericalJacobian(fn: GradcheckFunction, inputs: unknown[], outputs: Tensor[], eps: number): Tensor[][] {
  const result: Tensor[][] = [];
  inputs.forEach((x, i) => {
    if (x instanceof Tensor && x.requiresGrad) result.push(numericalJacobianWrtInput(fn, inputs, i, outputs, eps));
  });
  return result;
}

function analyticalRows(vjp: (g: Tensor) => (Tensor | null)[], sample: Tensor): (Tensor | null)[][] {
  const base = zeros(sample.shape, { dtype: sample.dtype, device: sample.device });
  const flat = base.view(-1);
  const rows: (Tensor | null)[][] = [];
  const n = flat.numel();
  for (let j = 0; j < n; j++) {
    flat.zero_();
    flat.select(0, j).fill_(1.0);
    const gradInputs = vjp(base);
    gradInputs.forEach((dx, i) => {
      if (j === 0) rows.push([]);
      rows[i]!.push(dx === null ? null : dx.clone());
    });
  }
  return rows;
}

function stackAndCheck(rows: (Tensor | null)[][], inputs: unknown[], numelOutputs: number): { jacobians: Tensor[]; sizesOk: boolean; typesOk: boolean } {
  const diff = diffInputs(inputs);
  const jacobians = diff.filter((t) => isFloatOrComplex(t.dtype)).map((t) => t.newZeros([t.numel(), numelOutputs]));
  let sizesOk = true;
  let typesOk = true;
  rows.forEach((list, i) => {
    const inp = diff[i]!;
    const jac = jacobians[i]!;
    list.forEach((t, j) => {
      if (t !== null && !sizesEqual(t.shape, inp.shape)) sizesOk = false;
      else if (t !== null && t.dtype !== inp.dtype) typesOk = false;
      const col = jac.select(1, j);
      if (t === null) col.zero_();
      else {
        if (col.numel() !== t.numel()) throw new Error(`Expected out_jacobian column to have ${t.numel()} elements, but got ${col.numel()}`);
        col.copy_(t.reshape(-1));
      }
    });
  });
  return { jacobians, sizesOk, typesOk };
}

function jacobiansEqual(j1: Tensor[], j2: Tensor[], atol: number): boolean {
  for (let i = 0; i < j1.length && i < j2.length; i++) {
    const a = j1[i]!;
    if (a.numel() !== 0 && (a.sub(j2[i]!).abs().max().item() as number) > atol) return false;
  }
  return true;
}

function analyticalJacobian(inputs: unknown[], output: Tensor, nondetTol: number, checkGradDtypes: boolean): Tensor[] {
  const diff = diffInputs(inputs);
  const vjp = (g: Tensor): (Tensor | null)[] => grad(output, diff, { gradOutputs: [g], retainGraph: true, allowUnused: true });
  const rows1 = analyticalRows(vjp, output.clone());
  const rows2 = analyticalRows(vjp, output.clone());
  const numel = output.numel();
  const first = stackAndCheck(rows1, inputs, numel);
  const second = stackAndCheck(rows2, inputs, numel);
  const reentrant = jacobiansEqual(first.jacobians, second.jacobians, nondetTol);
  if (!first.typesOk && checkGradDtypes) throw new GradcheckError('Gradient has dtype mismatch');
  if (!first.sizesOk) throw new GradcheckError('Analytical gradient has incorrect size');
  if (!reentrant) {
    throw new GradcheckError('Backward is not reentrant, i.e., running backward with same input and grad_output multiple times gives different values, ' +
      `although analytical gradient matches numerical gradient.The tolerance for nondeterminism was ${pyFloat(nondetTol)}.` + FAILED_NONDET_MSG);
  }
  return first.jacobians;
}

/** Python's str() of a float. */
function pyFloat(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return x.toFixed(1);
  const s = String(x);
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

function allcloseWithPromotion(a: Tensor, b: Tensor, rtol: number, atol: number): boolean {
  const t = promoteTypes(a.dtype, b.dtype);
  return allclose(a.to(t), b.to(t), rtol, atol);
}

function notAllcloseMessage(analytical: Tensor, numerical: Tensor, outputIdx: number, inputIdx: number): string {
  return `Jacobian mismatch for output ${outputIdx} with respect to input ${inputIdx},\n` +
    `numerical:${formatTensor(numerical)}\nanalytical:${formatTensor(analytical)}\n`;
}

function slowGradcheck(fn: GradcheckFunction, funcOut: Tensor[], inputs: unknown[], outputs: Tensor[], eps: number, rtol: number, atol: number,
  checkGradDtypes: boolean, nondetTol: number): void {
  if (outputs.length === 0) {
    for (const perInput of numericalJacobian(fn, inputs, funcOut, eps)) {
      for (const j of perInput) {
        if ((j.ne(0).sum().item() as number) > 0) throw new GradcheckError('Numerical gradient for function expected to be zero');
      }
    }
    return;
  }
  const perInput = numericalJacobian(fn, inputs, funcOut, eps);
  // Transpose to per output, keeping the outputs that require grad.
  const numerical: Tensor[][] = [];
  funcOut.forEach((o, i) => {
    if (o.requiresGrad) numerical.push(perInput.map((js) => js[i]!));
  });
  outputs.forEach((o, i) => {
    const analytical = analyticalJacobian(inputs, o, nondetTol, checkGradDtypes);
    analytical.forEach((a, j) => {
      const n = numerical[i]![j]!;
      if (!allcloseWithPromotion(a, n.to(a.device), rtol, atol)) throw new GradcheckError(notAllcloseMessage(a, n, i, j));
    });
  });
}

function testBackwardMulByGradOutput(outputs: Tensor[], inputs: unknown[]): void {
  const diff = diffInputs(inputs);
  if (diff.length === 0) throw new GradcheckError('no Tensors requiring grad found in input');
  const grads = grad(outputs, diff, { gradOutputs: outputs.map((o) => zeros(o.shape, { dtype: o.dtype, device: o.device })), allowUnused: true });
  grads.forEach((gi, i) => {
    if (gi === null) return;
    const di = diff[i]!;
    if (!(gi.eq(0).all().item() as unknown as boolean)) throw new GradcheckError('backward not multiplied by grad_output');
    if (gi.dtype !== di.dtype) throw new GradcheckError('grad is incorrect type');
    if (gi.device !== di.device) throw new GradcheckError('grad is incorrect device');
    if (!sizesEqual(gi.shape, di.shape)) throw new GradcheckError('grad is incorrect size');
  });
}

function testUndefinedBackwardMode(fn: GradcheckFunction, outputs: Tensor[], inputs: unknown[]): void {
  const diff = diffInputs(inputs);
  if (diff.length === 0) throw new GradcheckError('no Tensors requiring grad found in input');
  const warn = (): void => {
    process.emitWarning('Backwards compatibility: New undefined gradient support checking feature is enabled by default, but it may break ' +
      'existing callers of this function. If this is true for you, you can call this function with "check_undefined_grad=False" to disable the feature');
  };
  const checkSupport = (toCheck: Tensor[]): void => {
    let gradsInput: (Tensor | null)[];
    try {
      gradsInput = grad(toCheck, diff, { gradOutputs: toCheck.map((o) => zeros(o.shape, { dtype: o.dtype, device: o.device })), allowUnused: true });
    } catch (e) {
      warn();
      const err = new GradcheckError('Expected backward function to handle undefined output grads. Please look at "Notes about undefined output gradients" in "tools/autograd/derivatives.yaml"');
      (err as Error & { cause?: unknown }).cause = e;
      throw err;
    }
    for (const gi of gradsInput) {
      if (gi !== null && !(gi.eq(0).all().item() as unknown as boolean)) {
        warn();
        throw new GradcheckError('Expected all input grads to be undefined or zero when all output grads are undefined or zero. ' +
          'Please look at "Notes about undefined output gradients" in "tools/autograd/derivatives.yaml"');
      }
    }
  };
  const undef = (o: Tensor): Tensor => native.undefinedGrad(o);
  const toCheck: Tensor[][] = [differentiable(call(fn, inputs)).map(undef)];
  if (toCheck[0]!.length > 1) {
    for (let k = 0; k < outputs.length; k++) {
      toCheck.push(differentiable(call(fn, inputs)).map((o, idx) => (idx === k ? undef(o) : o)));
    }
  }
  toCheck.forEach(checkSupport);
}

function gradcheckHelper(fn: GradcheckFunction, inputs: unknown[], eps: number, atol: number, rtol: number, nondetTol: number,
  checkUndefinedGrad: boolean, checkGradDtypes: boolean): boolean {
  checkInputs(inputs);
  const funcOut = call(fn, inputs);
  const outputs = differentiable(funcOut);
  if (funcOut.some((o) => o.dtype === 'complex64' || o.dtype === 'complex128')) {
    throw new TypeError('torch-node: gradcheck does not support complex outputs yet');
  }
  slowGradcheck(fn, funcOut, inputs, outputs, eps, rtol, atol, checkGradDtypes, nondetTol);
  testBackwardMulByGradOutput(outputs, inputs);
  if (checkUndefinedGrad) testUndefinedBackwardMode(fn, outputs, inputs);
  return true;
}

function checkOptions(options: GradcheckOptions, name: string): Required<Omit<GradcheckOptions, never>> {
  if (options === null || typeof options !== 'object') throw new TypeError(`${name}(fn, inputs, options): options must be an object`);
  const num = (key: keyof GradcheckOptions, dflt: number): number => {
    const v = options[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new TypeError(`${name}(): options.${key} must be a non-negative number (got ${describeValue(v)})`);
    return v;
  };
  const bool = (key: keyof GradcheckOptions, dflt: boolean): boolean => {
    const v = options[key];
    if (v === undefined) return dflt;
    if (typeof v !== 'boolean') throw new TypeError(`${name}(): options.${key} must be a boolean (got ${describeValue(v)})`);
    return v;
  };
  return {
    eps: num('eps', 1e-6), atol: num('atol', 1e-5), rtol: num('rtol', 1e-3), nondetTol: num('nondetTol', 0.0),
    raiseException: bool('raiseException', true), checkUndefinedGrad: bool('checkUndefinedGrad', true),
    checkGradDtypes: bool('checkGradDtypes', false),
  };
}

/**
 * Checks the gradients computed by backward against finite differences (PyTorch's slow mode: full
 * numerical and analytical Jacobians compared with allclose). Inputs should be float64 tensors
 * with requiresGrad. On failure throws a GradcheckError showing both Jacobians (or returns false
 * with `raiseException: false`).
 * @example
 * const x = torch.randn(3, { dtype: 'float64', requiresGrad: true });
 * torch.autograd.gradcheck((t: Tensor) => MyFunction.apply(t), [x]); // true
 */
export function gradcheck(fn: GradcheckFunction, inputs: Tensor | readonly unknown[], options: GradcheckOptions = {}): boolean {
  if (typeof fn !== 'function') throw new TypeError(`gradcheck(fn, inputs): fn must be a function (got ${describeValue(fn)})`);
  const o = checkOptions(options, 'gradcheck');
  const tupled = asTuple(inputs);
  try {
    return gradcheckHelper(fn, tupled, o.eps, o.atol, o.rtol, o.nondetTol, o.checkUndefinedGrad, o.checkGradDtypes);
  } catch (e) {
    if (!o.raiseException && e instanceof GradcheckError) return false;
    throw e;
  }
}

/**
 * Checks second derivatives: gradcheck of the function (inputs, gradOutputs) => gradients of fn,
 * computed with createGraph. gradOutputs default to random values in [-1, 1).
 * @example torch.autograd.gradgradcheck((t: Tensor) => t.pow(3), [x]); // true
 */
export function gradgradcheck(fn: GradcheckFunction, inputs: Tensor | readonly unknown[], options: GradgradcheckOptions = {}): boolean {
  if (typeof fn !== 'function') throw new TypeError(`gradgradcheck(fn, inputs): fn must be a function (got ${describeValue(fn)})`);
  const o = checkOptions(options, 'gradgradcheck');
  const tupled = asTuple(inputs);
  let gradOutputs: Tensor[];
  if (options.gradOutputs === undefined) {
    gradOutputs = differentiable(call(fn, tupled)).map((x) => {
      const dtype: DType = isFloatOrComplex(x.dtype) ? x.dtype : 'float64';
      return rand(x.shape, { dtype, device: x.device }).mul(2).sub(1).detach().requiresGrad_(true);
    });
  } else {
    gradOutputs = asTuple(options.gradOutputs).map((g, i) => {
      if (!(g instanceof Tensor)) throw new TypeError(`gradgradcheck(): options.gradOutputs[${i}] must be a Tensor (got ${describeValue(g)})`);
      return g;
    });
  }
  const numOutputs = gradOutputs.length;
  const diffInputIdx = new Set<number>();
  tupled.forEach((x, i) => { if (x instanceof Tensor && x.requiresGrad) diffInputIdx.add(i); });
  const diffGradIdx = new Set<number>();
  gradOutputs.forEach((x, i) => { if (x.requiresGrad) diffGradIdx.add(i); });
  const newFunc = (...args: unknown[]): Tensor[] => {
    const inputArgs = args.slice(0, args.length - numOutputs).map((x, i) => (diffInputIdx.has(i) ? (x as Tensor).requiresGrad_() : x));
    const outputs = differentiable(call(fn, inputArgs));
    const gradOuts = (args.slice(args.length - numOutputs) as Tensor[]).map((x, i) => (diffGradIdx.has(i) ? x.requiresGrad_() : x));
    const diffArgs = inputArgs.filter((_, i) => diffInputIdx.has(i)) as Tensor[];
    const gradInputs = grad(outputs, diffArgs, { gradOutputs: gradOuts, createGraph: true, allowUnused: true });
    return gradInputs.filter((g): g is Tensor => g !== null);
  };
  return gradcheck(newFunc as GradcheckFunction, [...tupled, ...gradOutputs], {
    eps: o.eps, atol: o.atol, rtol: o.rtol, raiseException: o.raiseException, nondetTol: o.nondetTol,
    checkUndefinedGrad: o.checkUndefinedGrad, checkGradDtypes: o.checkGradDtypes,
  });
}
