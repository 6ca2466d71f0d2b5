// torch.autograd.functional: jacobian, hessian, vjp, jvp, hvp, vhp of a function, as
// torch/autograd/functional.py. `vectorize` batches the rows of a Jacobian with torch.func's vmap
// (over the vjp in reverse mode, over the functorch jvp in forward mode) instead of a loop.
import { Tensor } from '../tensor.js';
import { stack, zerosLike } from '../generated/functions.js';
import { grad as autogradGrad } from './backward.js';
import { enableGrad, isGradEnabled, setGradEnabled } from './grad_mode.js';
import { describeValue, isPlainObject } from '../validate.js';
import { vmap } from '../_functorch/vmap.js';
import { jvpWithArgnums } from '../_functorch/eager_transforms.js';

/** A function of tensors returning a tensor or an array of them. */
export type TensorFunction = (...inputs: Tensor[]) => Tensor | readonly Tensor[];

function asTuple(value: unknown, argName: string, fnName: string): [boolean, Tensor[]] {
  const isTuple = Array.isArray(value);
  const list = isTuple ? (value as unknown[]) : [value];
  list.forEach((el, i) => {
    if (!(el instanceof Tensor)) {
      throw new TypeError(isTuple
        ? `The ${argName} given to ${fnName} must be either a Tensor or a tuple of Tensors but the value at index ${i} has type ${describeValue(el)}.`
        : `The ${argName} given to ${fnName} must be either a Tensor or a tuple of Tensors but the given ${argName} has type ${describeValue(el)}.`);
    }
  });
  return [isTuple, list as Tensor[]];
}

function tuplePostprocess<T>(res: T[][], unpack: [boolean, boolean]): unknown;
function tuplePostprocess<T>(res: T[], unpack: boolean): unknown;
function tuplePostprocess(res: unknown[], unpack: boolean | [boolean, boolean]): unknown {
  if (Array.isArray(unpack)) {
    let r: unknown[] = res;
    if (!unpack[1]) r = r.map((el) => (el as unknown[])[0]);
    return unpack[0] ? r : r[0];
  }
  return unpack ? res : res[0];
}

function gradPreprocess(inputs: Tensor[], createGraph: boolean, needGraph: boolean): Tensor[] {
  return inputs.map((inp) => (createGraph && inp.requiresGrad ? inp.viewAs(inp) : inp.detach().requiresGrad_(needGraph)));
}

function gradPostprocess(inputs: unknown[], createGraph: boolean): unknown[] {
  if (inputs[0] instanceof Tensor) return createGraph ? inputs : (inputs as Tensor[]).map((t) => t.detach());
  return inputs.map((inp) => gradPostprocess(inp as unknown[], createGraph));
}

function sizeRepr(t: Tensor): string {
  return `torch.Size([${t.shape.join(', ')}])`;
}

function validateV(v: Tensor[], other: Tensor[], isOtherTuple: boolean): void {
  if (other.length !== v.length) {
    if (isOtherTuple) throw new Error(`v is a tuple of invalid length: should be ${other.length} but got ${v.length}.`);
    throw new Error('The given v should contain a single Tensor.');
  }
  v.forEach((el, i) => {
    const a = el.shape;
    const b = other[i].shape;
    if (a.length !== b.length || a.some((s, k) => s !== b[k])) {
      throw new Error(`${isOtherTuple ? `Entry ${i} in ` : ''}v has invalid size: should be ${sizeRepr(other[i])} but got ${sizeRepr(el)}.`);
    }
  });
}

type RequiresGradCheck = 'outputs' | 'grad_inputs' | 'jacobian' | 'hessian';

function checkRequiresGrad(inputs: (Tensor | null)[], inputType: RequiresGradCheck, strict: boolean): void {
  if (!strict) return;
  inputs.forEach((inp, i) => {
    if (inp === null) throw new Error(`The output of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`);
    if (inp.requiresGrad) return;
    if (inputType === 'hessian') {
      throw new Error(`The hessian of the user-provided function with respect to input ${i} is independent of the input. This is not allowed in strict mode. You should ensure that your function is thrice differentiable and that the hessian depends on the inputs.`);
    } else if (inputType === 'jacobian') {
      throw new Error(`While computing the hessian, found that the jacobian of the user-provided function with respect to input ${i} is independent of the input. This is not allowed in strict mode. You should ensure that your function is twice differentiable and that the jacobian depends on the inputs (this would be violated by a linear function for example).`);
    } else if (inputType === 'grad_inputs') {
      throw new Error(`The gradient with respect to input ${i} is independent of the inputs of the user-provided function. This is not allowed in strict mode.`);
    }
    throw new Error(`Output ${i} of the user-provided function does not require gradients. The outputs must be computed in a differentiable manner from the input when running in strict mode.`);
  });
}

function gradOrNull(outputs: (Tensor | null)[], inputs: Tensor[], gradOutputs: (Tensor | null)[] | null, createGraph: boolean,
  retainGraph?: boolean): (Tensor | null)[] {
  const outs: Tensor[] = [];
  const gos: (Tensor | null)[] = [];
  outputs.forEach((o, i) => {
    if (o !== null && o.requiresGrad) { outs.push(o); gos.push(gradOutputs === null ? null : gradOutputs[i]); }
  });
  if (outs.length === 0) return inputs.map(() => null);
  return autogradGrad(outs, inputs, { gradOutputs: gos, allowUnused: true, createGraph, retainGraph: retainGraph ?? createGraph });
}

type Stage = 'back' | 'back_trick' | 'double_back' | 'double_back_trick';

function fillInZeros(grads: (Tensor | null)[], refs: Tensor[], strict: boolean, createGraph: boolean, stage: Stage): Tensor[] {
  return grads.map((g, i) => {
    if (g === null) {
      if (strict) {
        if (stage === 'back') throw new Error(`The output of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`);
        if (stage === 'back_trick') throw new Error(`The gradient with respect to the input is independent of entry ${i} in the grad_outputs when using the double backward trick to compute forward mode gradients. This is not allowed in strict mode.`);
        if (stage === 'double_back') throw new Error(`The jacobian of the user-provided function is independent of input ${i}. This is not allowed in strict mode.`);
        throw new Error(`The hessian of the user-provided function is independent of entry ${i} in the grad_jacobian. This is not allowed in strict mode as it prevents from using the double backward trick to replace forward mode AD.`);
      }
      return zerosLike(refs[i]);
    }
    if (strict && createGraph && !g.requiresGrad) {
      if (!stage.includes('double')) throw new Error(`The jacobian of the user-provided function is independent of input ${i}. This is not allowed in strict mode when create_graph=True.`);
      throw new Error(`The hessian of the user-provided function is independent of input ${i}. This is not allowed in strict mode when create_graph=True.`);
    }
    return g;
  });
}

function withGradEnabled<T>(enabled: boolean, fn: () => T): T {
  const prev = isGradEnabled();
  setGradEnabled(enabled);
  try {
    return fn();
  } finally {
    setGradEnabled(prev);
  }
}

function checkOptions(where: string, options: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (options === undefined) return {};
  if (!isPlainObject(options)) throw new TypeError(`${where}: options must be an object (got ${describeValue(options)})`);
  for (const k of Object.keys(options)) {
    if (!allowed.includes(k)) throw new TypeError(`${where}: unknown option '${k}' (expected one of ${allowed.join(', ')})`);
    const v = options[k];
    if (typeof v !== 'boolean' && (k === 'createGraph' || k === 'strict' || k === 'vectorize')) {
      throw new TypeError(`${where}: ${k} must be a boolean (got ${describeValue(v)})`);
    }
  }
  return options;
}

function checkFunction(where: string, fn: unknown): void {
  if (typeof fn !== 'function') throw new TypeError(`${where}: func must be a function (got ${describeValue(fn)})`);
}

/** Options of vjp, jvp, hvp and vhp. */
export interface ProductOptions {
  /** Build a graph of the result, for higher-order derivatives (default false). */
  createGraph?: boolean;
  /** Throw when an output does not depend on an input, instead of using zeros (default false). */
  strict?: boolean;
}

function prepareV(where: string, v: Tensor | readonly Tensor[] | null | undefined, createGraph: boolean, other: Tensor[], isOtherTuple: boolean,
  noneMessage: string): Tensor[] | null {
  if (v === undefined || v === null) {
    if (other.length !== 1 || other[0].numel() !== 1) throw new Error(noneMessage);
    return null;
  }
  const [, vs] = asTuple(v, 'v', where);
  const pre = gradPreprocess(vs, createGraph, false);
  validateV(pre, other, isOtherTuple);
  return pre;
}

/**
 * The vector-Jacobian product of func at inputs with v (torch.autograd.functional.vjp):
 * `[func(inputs), vᵀJ]`, each a tensor or an array as func's output and the inputs are.
 * @example
 * const [out, g] = torch.autograd.functional.vjp((x) => x.pow(2), torch.tensor([1, 2]), torch.ones(2));  // g = 2x
 */
export function vjp(func: TensorFunction, inputs: Tensor | readonly Tensor[], v?: Tensor | readonly Tensor[] | null, options?: ProductOptions): [unknown, unknown] {
  checkFunction('vjp()', func);
  const o = checkOptions('vjp()', options, ['createGraph', 'strict']);
  const createGraph = (o.createGraph ?? false) as boolean;
  const strict = (o.strict ?? false) as boolean;
  let isInputsTuple = false;
  let ins: Tensor[] = [];
  let isOutputsTuple = false;
  let outs: Tensor[] = [];
  let vs: Tensor[] | null = null;
  enableGrad(() => {
    [isInputsTuple, ins] = asTuple(inputs, 'inputs', 'vjp');
    ins = gradPreprocess(ins, createGraph, true);
    [isOutputsTuple, outs] = asTuple(func(...ins), 'outputs of the user-provided function', 'vjp');
    checkRequiresGrad(outs, 'outputs', strict);
    vs = prepareV('vjp', v, createGraph, outs, isOutputsTuple,
      'The vector v can only be None if the user-provided function returns a single Tensor with a single element.');
  });
  const res = withGradEnabled(createGraph ? true : isGradEnabled(), () =>
    fillInZeros(gradOrNull(outs, ins, vs, createGraph), ins, strict, createGraph, 'back'));
  return [tuplePostprocess(gradPostprocess(outs, createGraph), isOutputsTuple), tuplePostprocess(gradPostprocess(res, createGraph), isInputsTuple)];
}

/**
 * The Jacobian-vector product of func at inputs with v (torch.autograd.functional.jvp), by the
 * double-backward trick as PyTorch: `[func(inputs), Jv]`.
 * @example
 * const [out, jv] = torch.autograd.functional.jvp((x) => x.pow(2), torch.tensor([1, 2]), torch.ones(2));  // jv = 2x
 */
export function jvp(func: TensorFunction, inputs: Tensor | readonly Tensor[], v?: Tensor | readonly Tensor[] | null, options?: ProductOptions): [unknown, unknown] {
  checkFunction('jvp()', func);
  const o = checkOptions('jvp()', options, ['createGraph', 'strict']);
  const createGraph = (o.createGraph ?? false) as boolean;
  const strict = (o.strict ?? false) as boolean;
  let isOutputsTuple = false;
  let outs: Tensor[] = [];
  let vs: Tensor[] | null = null;
  let gradOutputs: Tensor[] = [];
  let gradInputs: (Tensor | null)[] = [];
  enableGrad(() => {
    let [isInputsTuple, ins] = asTuple(inputs, 'inputs', 'jvp');
    ins = gradPreprocess(ins, createGraph, true);
    vs = prepareV('jvp', v, createGraph, ins, isInputsTuple,
      'The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.');
    [isOutputsTuple, outs] = asTuple(func(...ins), 'outputs of the user-provided function', 'jvp');
    checkRequiresGrad(outs, 'outputs', strict);
    gradOutputs = outs.map((out) => zerosLike(out, { requiresGrad: true }));
    gradInputs = gradOrNull(outs, ins, gradOutputs, true);
    checkRequiresGrad(gradInputs, 'grad_inputs', strict);
  });
  const compute = () => fillInZeros(gradOrNull(gradInputs, gradOutputs, vs, createGraph), outs, strict, createGraph, 'back_trick');
  const res = createGraph ? enableGrad(compute) : compute();
  return [tuplePostprocess(gradPostprocess(outs, createGraph), isOutputsTuple), tuplePostprocess(gradPostprocess(res, createGraph), isOutputsTuple)];
}

/** The standard basis rows of the tensors' elements, one matrix per tensor. */
function standardBasis(tensors: Tensor[], numels: number[]): Tensor[] {
  const total = numels.reduce((a, b) => a + b, 0);
  let start = 0;
  return tensors.map((t, k) => {
    const chunk = t.newZeros([total, numels[k]]);
    chunk.diagonal(start).fill_(1);
    start -= numels[k];
    return chunk;
  });
}

/** Options of jacobian. */
export interface JacobianOptions extends ProductOptions {
  /** Compute the rows with vmap in one batched pass instead of one backward per row (default false). */
  vectorize?: boolean;
  /** 'reverse-mode' (default) or 'forward-mode' (needs vectorize). */
  strategy?: 'reverse-mode' | 'forward-mode';
}

function jacfwdFunctional(func: TensorFunction, inputs: Tensor | readonly Tensor[], strict: boolean, vectorize: boolean): unknown {
  if (strict) {
    throw new Error('torch.autograd.functional.jacobian: `strict=True` and `strategy="forward-mode"` are not supported together (yet). Please either set `strict=False` or `strategy="reverse-mode"`.');
  }
  const [isInputsTuple, ins] = asTuple(inputs, 'inputs', 'jacobian');
  if (!vectorize) {
    throw new Error('Computing Jacobian using forward-AD or forward-over-reverse Hessian isonly implemented for `vectorize=True`.');
  }
  const numels = ins.map((t) => t.numel());
  const tangents = standardBasis(ins, numels);
  let isOutputsTuple = false;
  let outShapes: number[][] = [];
  const push = (...ts: Tensor[]): Tensor[] => {
    const [primalsOut, tangentsOut] = jvpWithArgnums((...a: unknown[]) => {
      const [tuple, outs] = asTuple(func(...(a as Tensor[])), 'outputs', 'jacobian');
      isOutputsTuple = tuple;
      return outs;
    }, ins, ts.map((t, i) => t.viewAs(ins[i])), null, false) as [Tensor[], Tensor[]];
    outShapes = primalsOut.map((p) => p.shape);
    return tangentsOut;
  };
  const before = vmap(push)(...tangents);
  const jac = before.map((jacOut, i) => jacOut.split(numels, 0).map((j, k) =>
    j.permute([...Array.from({ length: j.dim() - 1 }, (_, d) => d + 1), 0]).reshape([...outShapes[i], ...ins[k].shape])));
  return tuplePostprocess(jac, [isOutputsTuple, isInputsTuple]);
}

/**
 * The Jacobian of func at inputs (torch.autograd.functional.jacobian): for one input and one
 * output a tensor shaped output.shape + input.shape; arrays (outputs, then inputs) otherwise.
 * @example
 * const J = torch.autograd.functional.jacobian((x) => x.sin(), torch.tensor([0, 1]), { vectorize: true });
 */
export function jacobian(func: TensorFunction, inputs: Tensor | readonly Tensor[], options?: JacobianOptions): unknown {
  checkFunction('jacobian()', func);
  const o = checkOptions('jacobian()', options, ['createGraph', 'strict', 'vectorize', 'strategy']);
  const createGraph = (o.createGraph ?? false) as boolean;
  const strict = (o.strict ?? false) as boolean;
  const vectorize = (o.vectorize ?? false) as boolean;
  const strategy = o.strategy ?? 'reverse-mode';
  if (strategy !== 'forward-mode' && strategy !== 'reverse-mode') {
    throw new Error('Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If your function has more outputs than inputs, "forward-mode" tends to be more performant. Otherwise, prefer to use "reverse-mode".');
  }
  if (strategy === 'forward-mode') {
    if (createGraph) {
      throw new Error('torch.autograd.functional.jacobian: `create_graph=True` and `strategy="forward-mode"` are not supported together (yet). Please either set `create_graph=False` or `strategy="reverse-mode"`.');
    }
    return jacfwdFunctional(func, inputs, strict, vectorize);
  }
  return enableGrad(() => {
    let [isInputsTuple, ins] = asTuple(inputs, 'inputs', 'jacobian');
    ins = gradPreprocess(ins, createGraph, true);
    const [isOutputsTuple, outs] = asTuple(func(...ins), 'outputs of the user-provided function', 'jacobian');
    checkRequiresGrad(outs, 'outputs', strict);
    if (vectorize) {
      if (strict) {
        throw new Error('torch.autograd.functional.jacobian: `strict=True` and `vectorized=True` are not supported together. Please either set `strict=False` or `vectorize=False`.');
      }
      const numels = outs.map((t) => t.numel());
      const gradOutputs = standardBasis(outs, numels);
      const flatOutputs = outs.map((t) => t.reshape(-1));
      // One vjp per basis row, batched by vmap (PyTorch: autograd.grad(is_grads_batched=True)).
      const rows = vmap((...gos: Tensor[]) => gradOrNull(flatOutputs, ins, gos, createGraph, true)
        .map((g, i) => g ?? zerosLike(ins[i])))(...gradOutputs);
      const perInput = rows.map((r, i) => r.split(numels, 0).map((j, k) => j.view([...outs[k].shape, ...ins[i].shape])));
      const perOutput = outs.map((_, k) => perInput.map((row) => row[k]));
      return tuplePostprocess(gradPostprocess(perOutput, createGraph) as Tensor[][], [isOutputsTuple, isInputsTuple]);
    }
    const jac: Tensor[][] = outs.map((out, i) => {
      const perInput: Tensor[][] = ins.map(() => []);
      const flat = out.reshape(-1);
      for (let j = 0; j < out.numel(); ++j) {
        const vj = gradOrNull([flat.select(0, j)], ins, null, createGraph, true);
        vj.forEach((g, k) => {
          if (g !== null) {
            if (strict && createGraph && !g.requiresGrad) {
              throw new Error(`The jacobian of the user-provided function is independent of input ${i}. This is not allowed in strict mode when create_graph=True.`);
            }
            perInput[k].push(g);
          } else {
            if (strict) throw new Error(`Output ${i} of the user-provided function is independent of input ${k}. This is not allowed in strict mode.`);
            perInput[k].push(zerosLike(ins[k]));
          }
        });
      }
      return perInput.map((list, k) => (list.length === 0 ? out.newZeros([...out.shape, ...ins[k].shape]) : stack(list, 0).view([...out.shape, ...ins[k].shape])));
    });
    return tuplePostprocess(gradPostprocess(jac, createGraph) as Tensor[][], [isOutputsTuple, isInputsTuple]);
  });
}

/** Options of hessian. */
export interface HessianOptions extends ProductOptions {
  vectorize?: boolean;
  /** The strategy of the outer Jacobian (default 'reverse-mode'). */
  outerJacobianStrategy?: 'reverse-mode' | 'forward-mode';
}

/**
 * The Hessian of a scalar function at inputs (torch.autograd.functional.hessian).
 * @example
 * const H = torch.autograd.functional.hessian((x) => x.pow(3).sum(), torch.tensor([1, 2]));  // diag(6x)
 */
export function hessian(func: TensorFunction, inputs: Tensor | readonly Tensor[], options?: HessianOptions): unknown {
  checkFunction('hessian()', func);
  const o = checkOptions('hessian()', options, ['createGraph', 'strict', 'vectorize', 'outerJacobianStrategy']);
  const createGraph = (o.createGraph ?? false) as boolean;
  const strict = (o.strict ?? false) as boolean;
  const vectorize = (o.vectorize ?? false) as boolean;
  const outer = o.outerJacobianStrategy ?? 'reverse-mode';
  const [isInputsTuple, ins] = asTuple(inputs, 'inputs', 'hessian');
  if (outer !== 'forward-mode' && outer !== 'reverse-mode') throw new Error('Expected strategy to be either "forward-mode" or "reverse-mode".');
  const single = (...inp: Tensor[]): Tensor => {
    const out = func(...inp);
    const [isTuple, tOut] = asTuple(out, 'outputs of the user-provided function', 'hessian');
    checkRequiresGrad(tOut, 'outputs', strict);
    if (isTuple || !(out instanceof Tensor)) throw new Error('The function given to hessian should return a single Tensor');
    if (out.numel() !== 1) throw new Error('The Tensor returned by the function given to hessian should contain a single element');
    return out.squeeze();
  };
  const jacFunc = (...inp: Tensor[]): Tensor[] => {
    const args = outer === 'forward-mode' ? inp.map((t) => t.requiresGrad_(true)) : inp;
    const jac = jacobian(single, args, { createGraph: true });
    const list = (Array.isArray(jac) ? jac : [jac]) as Tensor[];
    checkRequiresGrad(list, 'jacobian', strict);
    return list;
  };
  const res = jacobian(jacFunc, ins, { createGraph, strict, vectorize, strategy: outer }) as Tensor[][];
  return tuplePostprocess(res, [isInputsTuple, isInputsTuple]);
}

function scalarProduct(which: 'hvp' | 'vhp', func: TensorFunction, inputs: Tensor | readonly Tensor[], v: Tensor | readonly Tensor[] | null | undefined,
  options: ProductOptions | undefined): [unknown, unknown] {
  checkFunction(`${which}()`, func);
  const o = checkOptions(`${which}()`, options, ['createGraph', 'strict']);
  const createGraph = (o.createGraph ?? false) as boolean;
  const strict = (o.strict ?? false) as boolean;
  let isInputsTuple = false;
  let ins: Tensor[] = [];
  let isOutputsTuple = false;
  let outs: Tensor[] = [];
  let vs: Tensor[] | null = null;
  let jac: (Tensor | null)[] = [];
  let gradJac: Tensor[] = [];
  let doubleBack: (Tensor | null)[] = [];
  enableGrad(() => {
    [isInputsTuple, ins] = asTuple(inputs, 'inputs', which);
    ins = gradPreprocess(ins, createGraph, true);
    vs = prepareV(which, v, createGraph, ins, isInputsTuple,
      'The vector v can only be None if the input to the user-provided function is a single Tensor with a single element.');
    const out = func(...ins);
    [isOutputsTuple, outs] = asTuple(out, 'outputs of the user-provided function', which);
    checkRequiresGrad(outs, 'outputs', strict);
    if (isOutputsTuple || !(outs[0] instanceof Tensor)) throw new Error(`The function given to ${which} should return a single Tensor`);
    if (outs[0].numel() !== 1) throw new Error(`The Tensor returned by the function given to ${which} should contain a single element`);
    jac = gradOrNull(outs, ins, null, true);
    checkRequiresGrad(jac, 'jacobian', strict);
    if (which === 'hvp') {
      gradJac = ins.map((inp) => zerosLike(inp, { requiresGrad: true }));
      doubleBack = gradOrNull(jac, ins, gradJac, true);
      checkRequiresGrad(jac, 'hessian', strict);
    }
  });
  const res = withGradEnabled(createGraph ? true : isGradEnabled(), () => which === 'vhp'
    ? fillInZeros(gradOrNull(jac, ins, vs, createGraph), ins, strict, createGraph, 'double_back')
    : fillInZeros(gradOrNull(doubleBack, gradJac, vs, createGraph), ins, strict, createGraph, 'double_back_trick'));
  return [tuplePostprocess(gradPostprocess(outs, createGraph), isOutputsTuple), tuplePostprocess(gradPostprocess(res, createGraph), isInputsTuple)];
}

/**
 * The Hessian-vector product of a scalar function (torch.autograd.functional.hvp): `[func(inputs), Hv]`.
 * @example const [out, hv] = torch.autograd.functional.hvp((x) => x.pow(3).sum(), torch.tensor([1, 2]), torch.ones(2));
 */
export function hvp(func: TensorFunction, inputs: Tensor | readonly Tensor[], v?: Tensor | readonly Tensor[] | null, options?: ProductOptions): [unknown, unknown] {
  return scalarProduct('hvp', func, inputs, v, options);
}

/**
 * The vector-Hessian product of a scalar function (torch.autograd.functional.vhp): `[func(inputs), vᵀH]`.
 * @example const [out, vh] = torch.autograd.functional.vhp((x) => x.pow(3).sum(), torch.tensor([1, 2]), torch.ones(2));
 */
export function vhp(func: TensorFunction, inputs: Tensor | readonly Tensor[], v?: Tensor | readonly Tensor[] | null, options?: ProductOptions): [unknown, unknown] {
  return scalarProduct('vhp', func, inputs, v, options);
}
