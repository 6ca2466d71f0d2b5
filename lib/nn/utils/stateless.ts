// nn.utils.stateless.functionalCall, as torch/nn/utils/stateless.py: runs a module with some of
// its parameters and buffers replaced by given tensors, for that one call.
import { Tensor } from '../../tensor.js';
import { Module } from '../modules/module.js';
import { isPlainObject, describeValue, argTypeError, checkBool } from '../../validate.js';

/** Tensors by dotted name (`'fc1.weight'`): a Map or a plain object. */
export type NamedTensors = Map<string, Tensor> | Record<string, Tensor>;

/** Options of functionalCall. */
export interface FunctionalCallOptions {
  /**
   * Keyword arguments of the forward (PyTorch's `kwargs`), passed to it as a trailing options
   * object after `args`.
   */
  kwargs?: Record<string, unknown> | null;
  /**
   * Tensors the module shares under several names (tied weights) take the given value under
   * all of them (default true).
   */
  tieWeights?: boolean;
  /** Require exactly the module's parameter and buffer names (default false). */
  strict?: boolean;
}

function toMap(where: string, d: unknown): Map<string, Tensor> {
  let entries: [string, unknown][];
  if (d instanceof Map) entries = [...d.entries()] as [string, unknown][];
  else if (isPlainObject(d)) entries = Object.entries(d);
  else throw argTypeError(where, 'parametersAndBuffers', 'a Map or object of tensors, or an array of them', d);
  for (const [k, v] of entries) {
    if (typeof k !== 'string') throw new TypeError(`${where}: keys of parametersAndBuffers must be strings (got ${describeValue(k)})`);
    if (!(v instanceof Tensor)) throw new TypeError(`${where}: parametersAndBuffers['${k}'] must be a Tensor (got ${describeValue(v)})`);
  }
  return new Map(entries as [string, Tensor][]);
}

function namedTensors(module: Module): [string, Tensor][] {
  return [...module.namedParameters({ removeDuplicate: false }), ...module.namedBuffers({ removeDuplicate: false })];
}

/** PyTorch's _untie_named_tensors_map. */
function untie(module: Module, given: Map<string, Tensor>): Map<string, Tensor> {
  const byTensor = new Map<Tensor, Set<string>>();
  for (const [name, t] of namedTensors(module)) {
    let s = byTensor.get(t);
    if (s === undefined) byTensor.set(t, s = new Set());
    s.add(name);
  }
  const tiedNames = new Map<string, Set<string>>();
  for (const names of byTensor.values()) if (names.size > 1) for (const n of names) tiedNames.set(n, names);
  const givenTied = [...given.keys()].filter((k) => tiedNames.has(k));
  for (const name of givenTied) {
    const tied = tiedNames.get(name)!;
    const givenOfTied = [...tied].filter((n) => given.has(n));
    if (givenOfTied.length > 1 && new Set(givenOfTied.map((n) => given.get(n))).size !== 1) {
      throw new Error(`functional_call got multiple values for keys ${pyList([...tied].sort())}, which are tied. Consider using tie_weights=False`);
    }
  }
  const untied = new Map(given);
  for (const name of givenTied) for (const tiedName of tiedNames.get(name)!) untied.set(tiedName, given.get(name)!);
  return untied;
}

function pyList(names: string[]): string {
  return `[${names.map((n) => `'${n}'`).join(', ')}]`;
}

/** Replaces `module[path]` by `value`; returns a function putting the old member back. */
function swap(module: Module, path: string, value: Tensor): (() => Tensor | undefined) | null {
  const dot = path.lastIndexOf('.');
  let owner: Module;
  try {
    owner = dot < 0 ? module : module.getSubmodule(path.slice(0, dot));
  } catch {
    return null; // allow_missing: a name the module does not have is skipped
  }
  const name = path.slice(dot + 1);
  const target = owner as unknown as Record<string, unknown>;
  const desc = Object.getOwnPropertyDescriptor(target, name);
  if (desc === undefined || desc.value instanceof Module) return null;
  if ('value' in desc) {
    target[name] = value;
    return () => { const now = target[name] as Tensor; target[name] = desc.value; return now; };
  }
  // A parametrized tensor (an accessor): shadow it by a data property for the call.
  Object.defineProperty(target, name, { value, writable: true, enumerable: false, configurable: true });
  return () => { const now = target[name] as Tensor; Object.defineProperty(target, name, desc); return now; };
}

/**
 * Calls `module(...args)` with the parameters and buffers named in `parametersAndBuffers`
 * replaced by the given tensors for this call only (the module is left as it was). PyTorch's
 * `torch.func.functional_call` / `torch.nn.utils.stateless.functional_call`. Keyword arguments of
 * the forward go in `options.kwargs`. Several Maps/objects may be given in an array (a name in two
 * of them is an error).
 * @example
 * const params = new Map(model.namedParameters().map(([n, p]) => [n, p.detach().requiresGrad_()]));
 * const out = nn.utils.stateless.functionalCall(model, params, [x]);
 */
export function functionalCall(module: Module, parametersAndBuffers: NamedTensors | NamedTensors[], args: unknown = [],
  options: FunctionalCallOptions = {}): unknown {
  const where = 'functionalCall()';
  if (!(module instanceof Module)) throw argTypeError(where, 'module', 'an nn.Module', module);
  if (!isPlainObject(options)) throw argTypeError(where, 'options', 'an options object { kwargs, tieWeights, strict }', options);
  for (const k of Object.keys(options)) {
    if (!['kwargs', 'tieWeights', 'strict'].includes(k)) throw new TypeError(`${where}: unknown option '${k}' (expected one of kwargs, tieWeights, strict)`);
  }
  const tieWeights = checkBool(where, 'tieWeights', options.tieWeights ?? true);
  const strict = checkBool(where, 'strict', options.strict ?? false);
  const kwargs = options.kwargs ?? null;
  if (kwargs !== null && !isPlainObject(kwargs)) throw argTypeError(where, 'kwargs', 'an object', kwargs);
  let given: Map<string, Tensor>;
  if (Array.isArray(parametersAndBuffers)) {
    given = new Map();
    const repeated: string[] = [];
    for (const d of parametersAndBuffers) {
      for (const [k, v] of toMap(where, d)) {
        if (given.has(k) && !repeated.includes(k)) repeated.push(k);
        given.set(k, v);
      }
    }
    if (repeated.length > 0) throw new Error(`${pyList(repeated)} appeared in multiple dictionaries; behavior of functional call is ambiguous`);
  } else {
    given = toMap(where, parametersAndBuffers);
  }
  const untied = tieWeights ? untie(module, given) : given;
  if (strict) {
    const valid = new Set(namedTensors(module).map(([n]) => n));
    const missing = [...valid].filter((k) => !untied.has(k)).sort();
    const unexpected = [...untied.keys()].filter((k) => !valid.has(k)).sort();
    const errorMsgs: string[] = [];
    if (unexpected.length > 0) errorMsgs.push(`Unexpected key(s): ${unexpected.map((k) => `'${k}'`).join(', ')}.`);
    if (missing.length > 0) errorMsgs.push(`Missing key(s): ${missing.map((k) => `'${k}'`).join(', ')}.`);
    if (errorMsgs.length > 0) throw new Error(`Error(s) in reparametrizing for ${module._getName()}:\n\t${errorMsgs.join('\n\t')}`);
  }
  const callArgs = Array.isArray(args) ? [...args] : [args];
  if (kwargs !== null) callArgs.push(kwargs);
  const restores: [string, () => Tensor | undefined][] = [];
  try {
    for (const [name, t] of untied) {
      const restore = swap(module, name, t);
      if (restore !== null) restores.push([name, restore]);
    }
    return (module as (...a: unknown[]) => unknown)(...callArgs);
  } finally {
    // Put the module's own tensors back; a given tensor the forward replaced (not updated in
    // place) is written back to the caller's Map or object, as PyTorch does.
    for (const [name, restore] of restores.reverse()) {
      const now = restore();
      if (now instanceof Tensor && given.has(name) && now !== given.get(name) && !Array.isArray(parametersAndBuffers)) {
        if (parametersAndBuffers instanceof Map) parametersAndBuffers.set(name, now);
        else (parametersAndBuffers as Record<string, Tensor>)[name] = now;
      }
    }
  }
}
