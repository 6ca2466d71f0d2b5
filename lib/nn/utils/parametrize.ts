// nn.utils.parametrize, as torch/nn/utils/parametrize.py: a tensor of a module computed, on every
// access, from an `original` tensor by a chain of modules.
//
// PyTorch swaps the module's class for a `Parametrized<Class>` subclass holding a property; here
// the module gets an own (non-enumerable) accessor under the tensor's name, and prints as
// `Parametrized<Class>`. `module.parametrizations` is a ModuleDict of ParametrizationList, so
// `module.parametrizations.weight.original` and the state dict keys
// (`parametrizations.weight.original`) are PyTorch's.
import { Tensor } from '../../tensor.js';
import { Parameter } from '../parameter.js';
import { Module, removeMember } from '../modules/module.js';
import { ModuleList, ModuleDict } from '../modules/container.js';
import { noGrad } from '../../autograd/grad_mode.js';
import { pySize } from '../_utils.js';
import { argTypeError, checkBool, describeValue, isPlainObject, parseArgs, type Args } from '../../validate.js';

/** A parametrization: a module whose forward maps the original tensor(s) to the tensor, and may have `rightInverse`. */
export type Parametrization = Module & { rightInverse?: (value: Tensor) => Tensor | Tensor[] };

let cacheEnabled = 0;
let cache = new Map<Module, Map<string, Tensor>>();

/**
 * Runs `fn` with the parametrized tensors cached: each is computed once, on first access, and
 * reused until `fn` returns (or its promise settles). PyTorch's `with parametrize.cached():`.
 * @example const out = nn.utils.parametrize.cached(() => rnn(x)); // the weight is computed once, not per step
 */
export function cached<T>(fn: () => T): T {
  if (typeof fn !== 'function') throw argTypeError('cached()', 'fn', 'a function', fn);
  cacheEnabled++;
  const exit = () => {
    cacheEnabled--;
    if (cacheEnabled === 0) cache = new Map();
  };
  let result: T;
  try {
    result = fn();
  } catch (e) {
    exit();
    throw e;
  }
  if (result instanceof Promise) return result.finally(exit) as T;
  exit();
  return result;
}

function isNotImplemented(e: unknown): boolean {
  return e instanceof Error && e.name === 'NotImplementedError';
}

function hasRightInverse(m: Module): m is Module & { rightInverse: (v: Tensor) => Tensor | Tensor[] } {
  return typeof (m as { rightInverse?: unknown }).rightInverse === 'function';
}

/** PyTorch's `_maybe_set`: `dest.set_(src)`, so `dest` keeps its identity (optimizers holding it stay valid). */
function maybeSet(dest: Tensor, src: Tensor): void {
  noGrad(() => { dest.set_(src); });
}

function registerParameterOrBuffer(module: Module, name: string, x: Tensor): void {
  if (x instanceof Parameter) module.registerParameter(name, x);
  else module.registerBuffer(name, x);
}

/**
 * The chain of parametrizations of one tensor, holding `original` (or `original0`,
 * `original1`, ... when the first rightInverse returns several tensors). Its forward computes the
 * parametrized tensor.
 * @example m.parametrizations.weight.original
 */
export class ParametrizationList extends ModuleList {
  unsafe: boolean;
  /** Whether the originals are one tensor (`original`) rather than several. */
  isTensor: boolean;
  ntensors: number;
  declare original: Tensor;

  constructor(modules: Module[], original: Tensor, unsafe: boolean = false) {
    if (modules.length === 0) throw new RangeError('ParametrizationList requires one or more modules.');
    super(modules);
    this.unsafe = unsafe;
    const originalShape = original.shape;
    const originalDType = original.dtype;
    let nw: Tensor | Tensor[] = original;
    noGrad(() => {
      for (const module of [...modules].reverse()) {
        if (!hasRightInverse(module)) continue;
        try {
          nw = module.rightInverse(nw as Tensor);
        } catch (e) {
          if (!isNotImplemented(e)) throw e;
        }
      }
    });
    const n = nw as Tensor | Tensor[];
    if (!(n instanceof Tensor) && !Array.isArray(n)) {
      throw new TypeError(`'right_inverse' must return a Tensor or a Sequence of tensors (list, tuple...). Got ${describeValue(n, 'python')}`);
    }
    this.isTensor = n instanceof Tensor;
    this.ntensors = n instanceof Tensor ? 1 : n.length;
    if (n instanceof Tensor) {
      if (original.dtype !== n.dtype) {
        throw new TypeError(`When \`right_inverse\` outputs one tensor, it may not change the dtype.\noriginal.dtype: torch.${original.dtype}\nright_inverse(original).dtype: torch.${n.dtype}`);
      }
      if (String(original.device) !== String(n.device)) {
        throw new TypeError(`When \`right_inverse\` outputs one tensor, it may not change the device.\noriginal.device: ${original.device}\nright_inverse(original).device: ${n.device}`);
      }
      maybeSet(original, n);
      registerParameterOrBuffer(this, 'original', original);
    } else {
      n.forEach((t, i) => {
        if (!(t instanceof Tensor)) {
          throw new TypeError(`'right_inverse' must return a Tensor or a Sequence of tensors (list, tuple...). Got element ${i} of the sequence with type ${describeValue(t, 'python')}.`);
        }
        let oi: Tensor = t;
        if (original instanceof Parameter) oi = new Parameter(t, original.requiresGrad);
        oi.requiresGrad_(original.requiresGrad);
        registerParameterOrBuffer(this, `original${i}`, oi);
      });
    }
    if (!this.unsafe) {
      const z = (this as unknown as () => unknown)();
      if (!(z instanceof Tensor)) throw new TypeError(`A parametrization must return a tensor. Got ${describeValue(z, 'python')}.`);
      if (z.dtype !== originalDType) {
        throw new TypeError(`Registering a parametrization may not change the dtype of the tensor, unless \`unsafe\` flag is enabled.\nunparametrized dtype: torch.${originalDType}\nparametrized dtype: torch.${z.dtype}`);
      }
      if (!sameShape(z.shape, originalShape)) {
        throw new RangeError(`Registering a parametrization may not change the shape of the tensor, unless \`unsafe\` flag is enabled.\nunparametrized shape: ${pySize(originalShape)}\nparametrized shape: ${pySize(z.shape)}`);
      }
    }
  }

  /**
   * Sets the originals so that the chain gives `value` (each parametrization's rightInverse, last
   * to first); what assigning to the parametrized tensor does.
   * @example m.parametrizations.weight.rightInverse(torch.eye(3))
   */
  rightInverse(value: Tensor): void {
    noGrad(() => {
      let v: Tensor | Tensor[] = value;
      for (const module of [...this].reverse()) {
        if (!hasRightInverse(module)) throw new Error(`parametrization ${module._getName()} does not implement right_inverse.`);
        v = module.rightInverse(v as Tensor);
      }
      if (this.isTensor) {
        if (!(v instanceof Tensor)) throw new TypeError(`\`right_inverse\` should return a tensor. Got ${describeValue(v, 'python')}`);
        if (v.dtype !== this.original.dtype) throw new TypeError(`The tensor returned by \`right_inverse\` has dtype torch.${v.dtype} while \`original\` has dtype torch.${this.original.dtype}`);
        maybeSet(this.original, v);
      } else {
        if (!Array.isArray(v)) throw new TypeError(`'right_inverse' must return a sequence of tensors. Got ${describeValue(v, 'python')}.`);
        if (v.length !== this.ntensors) throw new RangeError(`'right_inverse' must return a sequence of tensors of length ${this.ntensors}. Got a sequence of length ${v.length}.`);
        v.forEach((t, i) => {
          const oi = (this as unknown as Record<string, Tensor>)[`original${i}`]!;
          if (!(t instanceof Tensor)) throw new TypeError(`'right_inverse' must return a sequence of tensors or reference-type opaques. Got element ${i} of type ${describeValue(t, 'python')}.`);
          if (oi.dtype !== t.dtype) throw new TypeError(`Tensor ${i} returned by \`right_inverse\` has dtype torch.${t.dtype} while \`original${i}\` has dtype torch.${oi.dtype}`);
          maybeSet(oi, t);
        });
      }
    });
  }

  /** The parametrized tensor. @example m.parametrizations.weight() */
  forward(): Tensor {
    const mods = [...this];
    const self = this as unknown as Record<string, Tensor>;
    let x: unknown = this.isTensor
      ? (mods[0] as (t: Tensor) => unknown)(this.original)
      : (mods[0] as (...t: Tensor[]) => unknown)(...Array.from({ length: this.ntensors }, (_, i) => self[`original${i}`]!));
    for (let i = 1; i < mods.length; i++) x = (mods[i] as (t: unknown) => unknown)(x);
    return x as Tensor;
  }
}

/** Python's keyword-only parameters: at most one trailing options object. */
function keywordOnly<T extends object>(where: string, args: readonly unknown[], names: readonly (keyof T & string)[], defaults: T): T {
  const n = args.length > 0 && args[args.length - 1] === undefined ? args.length - 1 : args.length;
  if (n > 1 || (n === 1 && !isPlainObject(args[0]))) throw new TypeError(`${where} takes its options (${names.join(', ')}) by keyword only`);
  return parseArgs<T>(where, n === 1 ? [args[0]] : [], names, defaults);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** A module with parametrizations: `module.parametrizations.<name>` is the tensor's ParametrizationList. */
export type ParametrizedModule<M extends Module = Module> = M & { parametrizations: ModuleDict & Record<string, ParametrizationList> };

function parametrizationsOf(module: Module): ModuleDict | null {
  const p = (module as unknown as { parametrizations?: unknown }).parametrizations;
  return p instanceof ModuleDict ? p : null;
}

function listOf(module: Module, name: string): ParametrizationList {
  return parametrizationsOf(module)!.get(name) as ParametrizationList;
}

/**
 * Whether the module has a parametrized tensor (any, or the one named `tensorName`).
 * @example nn.utils.parametrize.isParametrized(linear, 'weight')
 */
export function isParametrized(module: Module, tensorName?: string | null): boolean {
  const p = parametrizationsOf(module);
  if (p === null) return false;
  if (tensorName === undefined || tensorName === null) return p._ownModules().length > 0;
  return p.has(tensorName);
}

const PARAMETRIZED_NAME = Symbol('torch-node.parametrized-name');

function getParametrized(module: Module, name: string): Tensor {
  const list = listOf(module, name);
  if (cacheEnabled > 0) {
    let perModule = cache.get(module);
    if (perModule === undefined) cache.set(module, perModule = new Map());
    let t = perModule.get(name);
    if (t === undefined) { t = (list as unknown as () => Tensor)(); perModule.set(name, t); }
    return t;
  }
  return (list as unknown as () => Tensor)();
}

function injectProperty(module: Module, name: string): void {
  Object.defineProperty(module, name, {
    get(this: Module) { return getParametrized(this, name); },
    set(this: Module, value: Tensor) { listOf(this, name).rightInverse(value); },
    enumerable: false, configurable: true,
  });
}

function injectName(module: Module): void {
  // PyTorch's injected class is named Parametrized<Class>; only the printed name changes here.
  Object.defineProperty(module, '_getName', {
    value(this: Module) { return `Parametrized${this.constructor.name}`; },
    enumerable: false, configurable: true, writable: true,
  });
  Object.defineProperty(module, PARAMETRIZED_NAME, { value: true, enumerable: false, configurable: true });
}

/** Options of registerParametrization. */
export interface RegisterParametrizationOptions {
  /** Skip the checks that the parametrization keeps the dtype and shape (default false). */
  unsafe?: boolean;
}

/**
 * Parametrizes `module[tensorName]`: from now on reading it returns `parametrization(original)`,
 * where `original` (in `module.parametrizations[tensorName].original`) is the tensor as it was,
 * or `parametrization.rightInverse(tensor)` when the parametrization has one. Registering a
 * second one on the same tensor chains it. Assigning to the tensor calls the rightInverses.
 * @example
 * class Symmetric extends nn.Module { forward(X: Tensor) { return X.triu().add(X.triu(1).transpose(0, 1)); } }
 * const m = nn.utils.parametrize.registerParametrization(new nn.Linear(3, 3), 'weight', new Symmetric());
 * m.parametrizations.weight.original; // the unconstrained Parameter the optimizer updates
 */
export function registerParametrization<M extends Module>(module: M, tensorName: string, parametrization: Module,
  ...args: Args<[], RegisterParametrizationOptions>): ParametrizedModule<M> {
  const where = 'registerParametrization()';
  if (!(module instanceof Module)) throw argTypeError(where, 'module', 'an nn.Module', module);
  if (typeof tensorName !== 'string') throw argTypeError(where, 'tensorName', 'a string', tensorName);
  if (!(parametrization instanceof Module)) throw argTypeError(where, 'parametrization', 'an nn.Module', parametrization);
  const o = keywordOnly<{ unsafe: boolean }>(where, args, ['unsafe'], { unsafe: false });
  const unsafe = checkBool(where, 'unsafe', o.unsafe);
  parametrization.train(module.training);
  if (isParametrized(module, tensorName)) {
    if (!unsafe) {
      const y = (module as unknown as Record<string, Tensor>)[tensorName]!;
      const x = (parametrization as unknown as (t: Tensor) => unknown)(y);
      if (!(x instanceof Tensor)) throw new TypeError(`A parametrization must return a tensor. Got ${describeValue(x, 'python')}.`);
      if (x.dtype !== y.dtype) {
        throw new TypeError(`Registering a parametrization may not change the dtype of the tensor, unless the \`unsafe\` flag is enabled.\nmodule.${tensorName}.dtype: torch.${y.dtype}\nparametrization(module.${tensorName}).dtype: torch.${x.dtype}`);
      }
      if (!sameShape(x.shape, y.shape)) {
        throw new RangeError(`Registering a parametrization may not change the shape of the tensor, unless the \`unsafe\` flag is enabled.\nmodule.${tensorName}.shape: ${pySize(y.shape)}\nparametrization(module.${tensorName}).shape: ${pySize(x.shape)}`);
      }
      if (hasRightInverse(parametrization)) {
        let z: unknown;
        let implemented = true;
        try { z = parametrization.rightInverse(x); } catch (e) { if (!isNotImplemented(e)) throw e; implemented = false; }
        if (implemented) {
          if (!(z instanceof Tensor)) throw new TypeError(`parametrization.right_inverse must return a tensor. Got: ${describeValue(z, 'python')}`);
          if (z.dtype !== y.dtype) {
            throw new TypeError(`The tensor returned by parametrization.right_inverse must have the same dtype as module.${tensorName}, unless the \`unsafe\` flag is enabled.\nmodule.${tensorName}.dtype: torch.${y.dtype}\nreturned dtype: torch.${z.dtype}`);
          }
          if (!sameShape(z.shape, y.shape)) {
            throw new RangeError(`The tensor returned by parametrization.right_inverse must have the same shape as module.${tensorName}, unless the \`unsafe\` flag is enabled.\nmodule.${tensorName}.shape: ${pySize(y.shape)}\nreturned shape: ${pySize(z.shape)}`);
          }
        }
      }
    }
    const list = listOf(module, tensorName);
    list.append(parametrization);
    list.unsafe ||= unsafe;
  } else if (module._ownParameters().some(([n]) => n === tensorName) || module._ownBuffers().some(([n]) => n === tensorName)) {
    const original = (module as unknown as Record<string, Tensor>)[tensorName]!;
    const list = new ParametrizationList([parametrization], original, unsafe);
    removeMember(module, tensorName);
    if (!isParametrized(module)) {
      injectName(module);
      if (parametrizationsOf(module) === null) module.registerModule('parametrizations', new ModuleDict());
    }
    injectProperty(module, tensorName);
    parametrizationsOf(module)!.set(tensorName, list);
  } else {
    throw new Error(`Module '${String(module)}' does not have a parameter, a buffer, or a parametrized element with name '${tensorName}'`);
  }
  return module as ParametrizedModule<M>;
}

/** Options of removeParametrizations. */
export interface RemoveParametrizationsOptions {
  /** Keep the current parametrized value (default true) rather than the original. */
  leaveParametrized?: boolean;
}

/**
 * Removes the parametrizations of `module[tensorName]`, leaving a plain parameter (or buffer)
 * holding the parametrized value (or, with `leaveParametrized: false`, the original). The
 * original Parameter object is kept, so optimizers holding it stay valid.
 * @example nn.utils.parametrize.removeParametrizations(m, 'weight')
 */
export function removeParametrizations<M extends Module>(module: M, tensorName: string,
  ...args: Args<[leaveParametrized: boolean], RemoveParametrizationsOptions>): M {
  const where = 'removeParametrizations()';
  if (!(module instanceof Module)) throw argTypeError(where, 'module', 'an nn.Module', module);
  const o = parseArgs<Required<RemoveParametrizationsOptions>>(where, args, ['leaveParametrized'], { leaveParametrized: true });
  const leaveParametrized = checkBool(where, 'leaveParametrized', o.leaveParametrized);
  if (!isParametrized(module, tensorName)) throw new Error(`Module ${String(module)} does not have a parametrization on ${tensorName}`);
  const list = listOf(module, tensorName);
  let original: Tensor;
  if (list.isTensor) {
    original = list.original;
    if (leaveParametrized) {
      const t = noGrad(() => (module as unknown as Record<string, Tensor>)[tensorName]!);
      maybeSet(original, t);
    }
  } else {
    if (!leaveParametrized) {
      throw new Error('Cannot leave unparametrized (`leave_parametrized=False`) a tensor that is parametrized in terms of a sequence of tensors.');
    }
    const t = (module as unknown as Record<string, Tensor>)[tensorName]!;
    original = t.requiresGrad ? new Parameter(t) : t;
  }
  delete (module as unknown as Record<string, unknown>)[tensorName];
  parametrizationsOf(module)!.delete(tensorName);
  registerParameterOrBuffer(module, tensorName, original);
  if (!isParametrized(module)) {
    removeMember(module, 'parametrizations');
    delete (module as unknown as Record<string, unknown>)._getName;
    delete (module as unknown as Record<symbol, unknown>)[PARAMETRIZED_NAME];
  }
  return module;
}

/**
 * Gives `toModule` the parametrizations of `fromModule` (all, or those of `tensorName`), sharing
 * the original tensors: PyTorch's `transfer_parametrizations_and_params`. A tensor `toModule`
 * lacks is created first, as a Parameter holding `fromModule`'s parametrized value.
 * @example nn.utils.parametrize.transferParametrizationsAndParams(trained, fresh, 'weight')
 */
export function transferParametrizationsAndParams<M extends Module>(fromModule: Module, toModule: M, tensorName: string | null = null): M {
  const where = 'transferParametrizationsAndParams()';
  if (!(fromModule instanceof Module)) throw argTypeError(where, 'fromModule', 'an nn.Module', fromModule);
  if (!(toModule instanceof Module)) throw argTypeError(where, 'toModule', 'an nn.Module', toModule);
  if (!isParametrized(fromModule)) return toModule;
  const names = tensorName === null ? parametrizationsOf(fromModule)!._ownModules().map(([n]) => n) : [tensorName];
  const to = toModule as unknown as Record<string, unknown>;
  for (const name of names) {
    if (to[name] === undefined) {
      const value = noGrad(() => (fromModule as unknown as Record<string, Tensor>)[name]!.detach());
      toModule.registerParameter(name, new Parameter(value));
    }
    const fromList = listOf(fromModule, name);
    for (const fn of fromList) registerParametrization(toModule, name, fn);
    const toList = listOf(toModule, name) as unknown as Record<string, unknown>;
    const from = fromList as unknown as Record<string, unknown>;
    if (fromList.isTensor) toList.original = from.original;
    else for (let i = 0; from[`original${i}`] !== undefined; i++) toList[`original${i}`] = from[`original${i}`];
  }
  return toModule;
}

/**
 * The module's class as it was before parametrization (here the class never changes: the
 * module's own constructor).
 * @example nn.utils.parametrize.typeBeforeParametrizations(m) === nn.Linear
 */
export function typeBeforeParametrizations(module: Module): typeof Module {
  return module.constructor as typeof Module;
}
