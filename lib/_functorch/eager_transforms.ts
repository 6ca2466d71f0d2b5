// grad, vjp, jvp, jacrev, jacfwd, hessian over LibTorch's functorch grad and jvp levels, as
// torch/_functorch/eager_transforms.py: inputs are wrapped for the level (TensorWrapper), made
// differentiable, the function runs, autograd differentiates it (reverse mode) or dual tensors
// carry tangents through it (forward mode), and the results are unwrapped from the level.
import { native } from '../binding.js';
import { Tensor } from '../tensor.js';
import { cat, zerosLike } from '../generated/functions.js';
import { grad as autogradGrad } from '../autograd/backward.js';
import { enableGrad, isGradEnabled } from '../autograd/grad_mode.js';
import { _currentDualLevel, _withFwdGradEnabled, dualLevel, makeDual, unpackDual } from '../autograd/forward_ad.js';
import { describeValue, isPlainObject } from '../validate.js';
import { specEquals, specString, treeFlatten, treeMap, treeUnflatten } from './pytree.js';
import { vmap } from './vmap.js';

/** Which positional arguments to differentiate: one index, or several. */
export type Argnums = number | readonly number[];

function argnumsRepr(a: unknown): string {
  return Array.isArray(a) ? (a.length === 1 ? `(${a[0]},)` : `(${a.join(', ')})`) : String(a);
}

function wrapArgnum(argnum: unknown, numArgs: number): number {
  if (typeof argnum !== 'number' || !Number.isInteger(argnum)) throw new Error(`argnum must be int, got: ${describeValue(argnum)}`);
  if (argnum >= 0 && argnum < numArgs) return argnum;
  if (argnum < 0 && argnum >= -numArgs) return argnum + numArgs;
  throw new Error(`Got argnum=${argnum}, but only ${numArgs} positional inputs`);
}

/** The differentiated arguments (torch._functorch's _slice_argnums): args[i], or an array of them. */
export function sliceArgnums(args: readonly unknown[], argnums: Argnums, asTuple = true): unknown {
  if (typeof argnums !== 'number' && !Array.isArray(argnums)) {
    throw new Error(`argnums must be int or Tuple[int, ...], got: ${describeValue(argnums)}`);
  }
  if (typeof argnums === 'number') {
    const i = wrapArgnum(argnums, args.length);
    return asTuple ? [args[i]] : args[i];
  }
  const list = (argnums as readonly unknown[]).map((a) => wrapArgnum(a, args.length));
  if (list.length === 0) throw new Error('argnums must be non-empty');
  if (new Set(list).size !== list.length) throw new Error(`argnums elements must be unique, got ${argnumsRepr(argnums)}`);
  return list.map((i) => args[i]);
}

function wrapAll(tree: unknown, level: number): unknown {
  return treeMap(tree, (x) => x instanceof Tensor ? native.functorchWrapForGrad(x, level) : x);
}

function createDifferentiable(tree: unknown): void {
  const [leaves] = treeFlatten(tree);
  const prev = native.functorchGetInplaceRequiresGradAllowed();
  native.functorchSetInplaceRequiresGradAllowed(true);
  try {
    for (const x of leaves) {
      if (!(x instanceof Tensor)) throw new Error(`Thing passed to transform API must be Tensor, got ${describeValue(x)}`);
      x.requiresGrad_();
    }
  } finally {
    native.functorchSetInplaceRequiresGradAllowed(prev);
  }
}

function undoCreateDifferentiable(tree: unknown, level: number): unknown {
  return treeMap(tree, (x) => {
    if (x instanceof Tensor) return native.functorchUnwrapForGrad(x, level);
    throw new Error(`Expected tensors, got unsupported type ${describeValue(x)}`);
  });
}

/** torch._functorch's _autograd_grad: zeros for inputs an output does not reach. */
function autogradGradOrZeros(outputs: Tensor[], inputs: Tensor[], gradOutputs: (Tensor | null)[] | null,
  retainGraph: boolean, createGraph: boolean): Tensor[] {
  let diffOutputs: Tensor[];
  let diffGrads: (Tensor | null)[] | null = null;
  if (gradOutputs === null) {
    diffOutputs = outputs.filter((o) => o.requiresGrad);
  } else {
    diffOutputs = [];
    diffGrads = [];
    outputs.forEach((o, i) => { if (o.requiresGrad) { diffOutputs.push(o); diffGrads!.push(gradOutputs[i]); } });
  }
  if (diffOutputs.length === 0) return inputs.map((x) => zerosLike(x));
  const grads = autogradGrad(diffOutputs, inputs, { gradOutputs: diffGrads, retainGraph, createGraph, allowUnused: true });
  return grads.map((g, i) => g ?? zerosLike(inputs[i]));
}

/** Runs fn at a new grad level (pops it on every way out). */
function withGradLevel<T>(fn: (level: number) => T): T {
  const level = native.functorchGradIncrementNesting();
  try {
    return fn(level);
  } finally {
    native.functorchGradDecrementNesting();
  }
}

let jvpNesting = 0;

function withJvpLevel<T>(fn: (level: number) => T): T {
  const level = native.functorchJvpIncrementNesting();
  jvpNesting++;
  try {
    return fn(level);
  } finally {
    jvpNesting--;
    native.functorchJvpDecrementNesting();
  }
}

function checkFunction(where: string, fn: unknown): void {
  if (typeof fn !== 'function') throw new TypeError(`${where}: func must be a function (got ${describeValue(fn)})`);
}

function checkOptions(where: string, options: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (options === undefined) return {};
  if (!isPlainObject(options)) throw new TypeError(`${where}: options must be an object (got ${describeValue(options)})`);
  for (const k of Object.keys(options)) {
    if (!allowed.includes(k)) throw new TypeError(`${where}: unknown option '${k}' (expected one of ${allowed.join(', ')})`);
  }
  return options;
}

function splitAux(where: string, output: unknown, hasAux: boolean): [unknown, unknown] {
  if (!hasAux) return [output, undefined];
  if (!Array.isArray(output) || output.length !== 2) {
    throw new Error(`${where}: output of function f should be a tuple: (output, aux) if has_aux is True`);
  }
  return [output[0], output[1]];
}

/** Options of grad and gradAndValue. */
export interface GradTransformOptions {
  /** The positional argument(s) to differentiate (default 0). */
  argnums?: Argnums;
  /** f returns [output, aux]: aux is passed through, not differentiated. */
  hasAux?: boolean;
}

function gradAndValueImpl(fn: (...a: unknown[]) => unknown, argnums: Argnums, hasAux: boolean, args: unknown[]): [unknown, unknown] {
  return withGradLevel((level) => enableGrad(() => {
    const wrappedArgs = wrapAll(args, level) as unknown[];
    const diffArgs = sliceArgnums(wrappedArgs, argnums, false);
    createDifferentiable(diffArgs);
    const [output, aux] = splitAux('grad_and_value(f)(*args)', fn(...wrappedArgs), hasAux);
    if (!(output instanceof Tensor)) {
      throw new Error(`grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got type ${describeValue(output)}. Maybe you wanted to use the vjp or jacrev APIs instead?`);
    }
    if (output.dim() !== 0) {
      throw new Error(`grad_and_value(f)(*args): Expected f(*args) to return a scalar Tensor, got tensor with ${output.dim()} dims. Maybe you wanted to use the vjp or jacrev APIs instead?`);
    }
    const [flatDiff, spec] = treeFlatten(diffArgs);
    const flatGrads = autogradGradOrZeros([output], flatDiff as Tensor[], null, false, true);
    const gradInput = undoCreateDifferentiable(treeUnflatten(flatGrads, spec), level);
    const value = undoCreateDifferentiable(output, level);
    if (hasAux) return [gradInput, [value, undoCreateDifferentiable(aux, level)]];
    return [gradInput, value];
  }));
}

/**
 * The gradient of a scalar-valued function and its value (torch.func.grad_and_value): returns
 * `[grads, value]` (with hasAux, `[grads, [value, aux]]`). Composes with vmap and itself.
 * @example const [g, loss] = torch.func.gradAndValue((x: Tensor) => x.square().sum())(torch.tensor([1, 2]));
 */
export function gradAndValue<A extends unknown[]>(fn: (...args: A) => unknown, options?: GradTransformOptions): (...args: A) => [unknown, unknown] {
  checkFunction('gradAndValue()', fn);
  const o = checkOptions('gradAndValue()', options, ['argnums', 'hasAux']);
  const argnums = (o.argnums ?? 0) as Argnums;
  const hasAux = (o.hasAux ?? false) as boolean;
  return (...args: A) => gradAndValueImpl(fn as (...a: unknown[]) => unknown, argnums, hasAux, args);
}

/**
 * The gradient of a scalar-valued function with respect to its argument(s) (torch.func.grad):
 * a tensor (or a tree of them) shaped as the argument; with an array `argnums`, an array of
 * gradients; with hasAux, `[grads, aux]`. `vmap(grad(loss), ...)` gives per-sample gradients.
 * @example
 * const dsin = torch.func.grad((x: Tensor) => x.sin());
 * dsin(torch.tensor(0.5));   // cos(0.5)
 */
export function grad<A extends unknown[]>(fn: (...args: A) => unknown, options?: GradTransformOptions): (...args: A) => unknown {
  checkFunction('grad()', fn);
  const o = checkOptions('grad()', options, ['argnums', 'hasAux']);
  const argnums = (o.argnums ?? 0) as Argnums;
  const hasAux = (o.hasAux ?? false) as boolean;
  return (...args: A) => {
    const [g, value] = gradAndValueImpl(fn as (...a: unknown[]) => unknown, argnums, hasAux, args);
    return hasAux ? [g, (value as unknown[])[1]] : g;
  };
}

/** The function vjp returns: cotangents in (shaped as f's output), gradients out (shaped as the primals). */
export type VjpFn = (cotangents: unknown, options?: { retainGraph?: boolean; createGraph?: boolean }) => unknown[];

function assertNonEmptyTensorOutput(flat: unknown[], api: string): void {
  if (flat.length === 0 || flat.some((x) => !(x instanceof Tensor))) {
    throw new Error(`${api}: Expected f to be a function that has non-empty output (got output = ${flat.length === 0 ? '()' : describeValue(flat.find((x) => !(x instanceof Tensor)))}) that only contains Tensors.`);
  }
}

/** @internal vjp with the differentiated arguments picked by argnums (null: all). */
export function vjpWithArgnums(fn: (...a: unknown[]) => unknown, primals: unknown[], argnums: Argnums | null, hasAux: boolean): unknown[] {
  let primalsOut: unknown;
  let aux: unknown;
  let flatPrimalsOut: Tensor[] = [];
  let outSpec = treeFlatten(null)[1];
  let flatDiff: Tensor[] = [];
  let diffSpec = outSpec;
  withGradLevel((level) => enableGrad(() => {
    const wrapped = wrapAll(primals, level) as unknown[];
    const diffPrimals = argnums === null ? wrapped : sliceArgnums(wrapped, argnums, false);
    createDifferentiable(diffPrimals);
    let out: unknown;
    [out, aux] = splitAux('vjp(f, *primals)', fn(...wrapped), hasAux);
    if (hasAux) aux = undoCreateDifferentiable(aux, level);
    const [flatOut, spec] = treeFlatten(out);
    assertNonEmptyTensorOutput(flatOut, 'vjp(f, *primals)');
    flatPrimalsOut = flatOut as Tensor[];
    outSpec = spec;
    const [fd, ds] = treeFlatten(diffPrimals);
    flatDiff = fd as Tensor[];
    diffSpec = ds;
    primalsOut = undoCreateDifferentiable(out, level);
    for (const p of flatPrimalsOut) {
      if (!p.isFloatingPoint() && !p.isComplex()) {
        throw new Error(`vjp(f, ...): All outputs of f must be floating-point or complex Tensors, got Tensor with dtype torch.${p.dtype}`);
      }
    }
  }));
  const vjpFn: VjpFn = (cotangents, options = {}) => {
    const retainGraph = options.retainGraph ?? true;
    const createGraph = options.createGraph ?? isGradEnabled();
    const [flatCot, cotSpec] = treeFlatten(cotangents);
    if (!specEquals(outSpec, cotSpec)) {
      throw new Error(`Expected pytree structure of cotangents to be the same as pytree structure of outputs to the function. cotangents: ${specString(cotSpec)}, primal output: ${specString(outSpec)}`);
    }
    const result = autogradGradOrZeros(flatPrimalsOut, flatDiff, flatCot as (Tensor | null)[], retainGraph, createGraph);
    const tree = treeUnflatten(result, diffSpec);
    return (Array.isArray(tree) ? tree : [tree]) as unknown[];
  };
  return hasAux ? [primalsOut, vjpFn, aux] : [primalsOut, vjpFn];
}

/**
 * Vector-Jacobian product (torch.func.vjp): runs `fn(...primals)` and returns
 * `[output, vjpFn]` (with hasAux `[output, vjpFn, aux]`); `vjpFn(cotangents)` gives one gradient
 * per primal.
 * @example
 * const [out, vjpFn] = torch.func.vjp((x: Tensor) => x.sin(), torch.tensor([0.0, 1.0]));
 * const [g] = vjpFn(torch.ones(2));   // cos(x)
 */
export function vjp(fn: (...args: never[]) => unknown, ...primalsAndOptions: unknown[]): [unknown, VjpFn] | [unknown, VjpFn, unknown] {
  checkFunction('vjp()', fn);
  let primals = primalsAndOptions;
  let hasAux = false;
  const last = primals[primals.length - 1];
  if (primals.length > 0 && isPlainObject(last) && Object.keys(last).every((k) => k === 'hasAux') && Object.keys(last).length > 0) {
    hasAux = Boolean((last as { hasAux?: boolean }).hasAux);
    primals = primals.slice(0, -1);
  }
  return vjpWithArgnums(fn as (...a: unknown[]) => unknown, primals, null, hasAux) as [unknown, VjpFn] | [unknown, VjpFn, unknown];
}

/** @internal jvp with the differentiated arguments picked by argnums (null: all). */
export function jvpWithArgnums(fn: (...a: unknown[]) => unknown, primals: unknown, tangents: unknown, argnums: Argnums | null,
  hasAux: boolean, strict = false): unknown[] {
  const where = 'jvp(f, primals, tangents)';
  if (!Array.isArray(primals)) throw new Error(`${where}: Expected primals to be a tuple. E.g. it should be valid to call f(*primals).`);
  const diffArgs = argnums === null ? primals : sliceArgnums(primals, argnums);
  const [flatPrimals, primalsSpec] = treeFlatten(diffArgs);
  const [flatTangents, tangentsSpec] = treeFlatten(tangents);
  if (!specEquals(primalsSpec, tangentsSpec)) {
    throw new Error(`${where}: Expected primals and tangents to have the same python structure. For example, if primals is a tuple of 3 tensors, tangents also must be. Got primals with structure ${specString(primalsSpec)} and tangents with structure ${specString(tangentsSpec)}`);
  }
  for (const [list, what] of [[flatPrimals, 'primals'], [flatTangents, 'tangents']] as const) {
    if (list.length === 0) throw new Error(`${where}: Expected ${what} to be a non-empty tuple (got ${what} = ())`);
    const bad = list.find((x) => !(x instanceof Tensor));
    if (bad !== undefined) throw new Error(`${where}: Expected ${what} to only contain Tensors (got ${describeValue(bad)})`);
  }
  return withJvpLevel((level) => _withFwdGradEnabled(true, () => {
    const body = (): unknown[] => {
      const flatDuals = flatPrimals.map((p, i) => makeDual(p as Tensor, flatTangents[i] as Tensor));
      let duals = treeUnflatten(flatDuals, primalsSpec) as unknown[];
      if (argnums !== null) {
        const wrapped = (wrapAll(primals, level) as unknown[]).slice();
        const idx = typeof argnums === 'number' ? [wrapArgnum(argnums, wrapped.length)] : argnums.map((a) => wrapArgnum(a, wrapped.length));
        idx.forEach((i, k) => { wrapped[i] = duals[k]; });
        duals = wrapped;
      }
      let [result, aux] = splitAux(where, fn(...duals), hasAux);
      if (hasAux) aux = undoCreateDifferentiable(aux, level);
      const [flatResult, spec] = treeFlatten(result);
      assertNonEmptyTensorOutput(flatResult, where);
      const primalsOut: unknown[] = [];
      const tangentsOut: unknown[] = [];
      for (const dual of flatResult) {
        const { primal, tangent } = unpackDual(dual as Tensor);
        let t = tangent;
        if (t === null) {
          if (strict) throw new Error('jvp(f, primals, tangents, strict=True): The output of f is independent of the inputs. This is not allowed with strict=True.');
          t = zerosLike(primal);
        }
        primalsOut.push(native.functorchUnwrapForGrad(primal, level));
        tangentsOut.push(native.functorchUnwrapForGrad(t, level));
      }
      const p = treeUnflatten(primalsOut, spec);
      const t = treeUnflatten(tangentsOut, spec);
      return hasAux ? [p, t, aux] : [p, t];
    };
    // The outermost jvp enters a forward-AD level; nested ones share it (the functorch levels
    // tell their tangents apart).
    return jvpNesting === 1 && _currentDualLevel() < 0 ? dualLevel(body) : body();
  }));
}

/**
 * Jacobian-vector product (torch.func.jvp): `[fn(...primals), J·tangents]` by forward-mode AD
 * (with hasAux, `[output, jvpOut, aux]`). primals and tangents are arrays of the same structure.
 * @example
 * const [y, dy] = torch.func.jvp((x: Tensor) => x.sin(), [torch.tensor([0.0])], [torch.tensor([1.0])]);
 */
export function jvp(fn: (...args: never[]) => unknown, primals: unknown[], tangents: unknown[],
  options?: { hasAux?: boolean; strict?: boolean }): unknown[] {
  checkFunction('jvp()', fn);
  const o = checkOptions('jvp()', options, ['hasAux', 'strict']);
  return jvpWithArgnums(fn as (...a: unknown[]) => unknown, primals, tangents, null, Boolean(o.hasAux ?? false), Boolean(o.strict ?? false));
}

function chunkSizes(total: number, chunk: number): number[] {
  const out: number[] = new Array(Math.floor(total / chunk)).fill(chunk);
  if (total % chunk !== 0) out.push(total % chunk);
  return out;
}

/** The standard basis of the tensors' elements, in chunks (torch._functorch's _chunked_standard_basis_for_). */
function* chunkedStandardBasis(tensors: Tensor[], numels: number[], chunkSize: number | null): Generator<Tensor[]> {
  const total = numels.reduce((a, b) => a + b, 0);
  let size = chunkSize;
  let chunks: number[];
  if (size !== null && size < total) chunks = chunkSizes(total, size);
  else { size = total; chunks = [total]; }
  const starts: number[] = [];
  let acc = 0;
  for (const n of numels) { starts.push(-acc); acc += n; }
  for (let c = 0; c < chunks.length; ++c) {
    const rows = chunks[c];
    yield tensors.map((t, k) => {
      const chunk = t.newZeros([rows, numels[k]]);
      chunk.diagonal(starts[k] + c * size!).fill_(1);
      return chunk.view([rows, ...t.shape]);
    });
  }
}

/** Options of jacrev. */
export interface JacrevOptions {
  argnums?: Argnums;
  hasAux?: boolean;
  /** Rows of the Jacobian computed per vmapped vjp (default: all at once; 1: a plain loop). */
  chunkSize?: number | null;
}

/**
 * The Jacobian by reverse-mode AD (torch.func.jacrev): vmap over vjp with the standard basis.
 * For one argnum, a tensor shaped output.shape + input.shape (trees of them for tree outputs).
 * @example
 * const J = torch.func.jacrev((x: Tensor) => x.sin())(torch.tensor([0.0, 1.0]));  // diag(cos(x))
 */
export function jacrev<A extends unknown[]>(fn: (...args: A) => unknown, options?: JacrevOptions): (...args: A) => unknown {
  checkFunction('jacrev()', fn);
  const o = checkOptions('jacrev()', options, ['argnums', 'hasAux', 'chunkSize']);
  const argnums = (o.argnums ?? 0) as Argnums;
  const hasAux = Boolean(o.hasAux ?? false);
  const chunkSize = (o.chunkSize ?? null) as number | null;
  if (chunkSize !== null && !(Number.isInteger(chunkSize) && chunkSize > 0)) {
    throw new Error('jacrev: `chunk_size` should be greater than 0.');
  }
  return (...args: A) => {
    const vjpOut = vjpWithArgnums(fn as (...a: unknown[]) => unknown, args, argnums, hasAux);
    const [output, vjpFn] = vjpOut as [unknown, VjpFn];
    const [flatOutput, outputSpec] = treeFlatten(output) as [Tensor[], ReturnType<typeof treeFlatten>[1]];
    const numels = flatOutput.map((t) => t.numel());
    const primalsSlice = sliceArgnums(args, argnums);
    const [flatPrimals, primalsSpec] = treeFlatten(primalsSlice) as [Tensor[], ReturnType<typeof treeFlatten>[1]];
    const chunked: Tensor[][] = [];
    for (let basisChunk of chunkedStandardBasis(flatOutput, numels, chunkSize)) {
      if (chunkSize === 1) basisChunk = basisChunk.map((t) => t.squeeze(0));
      const basis = treeUnflatten(basisChunk, outputSpec);
      const result = chunkSize === 1 ? vjpFn(basis) : vmap((b: unknown) => vjpFn(b))(basis);
      let flat = treeFlatten(result)[0] as Tensor[];
      if (chunkSize === 1) flat = flat.map((t) => t.unsqueeze(0));
      chunked.push(flat);
    }
    const perInput = chunked.length === 1 ? chunked[0] : flatPrimals.map((_, i) => catRows(chunked.map((c) => c[i])));
    const split = perInput.map((r) => r.split(numels, 0));
    const perOutput = flatOutput.map((out, j) => treeUnflatten(
      flatPrimals.map((primal, i) => split[i][j].view([...out.shape, ...primal.shape])), primalsSpec));
    const picked = typeof argnums === 'number' ? perOutput.map((x) => (x as unknown[])[0]) : perOutput;
    const jac = treeUnflatten(picked, outputSpec);
    return hasAux ? [jac, vjpOut[2]] : jac;
  };
}

function catRows(ts: Tensor[]): Tensor {
  return ts.length === 1 ? ts[0] : cat(ts, 0);
}

/** Options of jacfwd. */
export interface JacfwdOptions {
  argnums?: Argnums;
  hasAux?: boolean;
  /** vmap's randomness mode for the batched jvp. */
  randomness?: 'error' | 'different' | 'same';
}

function safeUnflatten(t: Tensor, dim: number, shape: number[]): Tensor {
  return shape.length === 0 ? t.squeeze(dim) : t.unflatten(dim, shape);
}

/**
 * The Jacobian by forward-mode AD (torch.func.jacfwd): vmap over jvp with the standard basis
 * of the inputs. Same layout as jacrev.
 * @example
 * const J = torch.func.jacfwd((x: Tensor) => x.sin())(torch.tensor([0.0, 1.0]));
 */
export function jacfwd<A extends unknown[]>(fn: (...args: A) => unknown, options?: JacfwdOptions): (...args: A) => unknown {
  checkFunction('jacfwd()', fn);
  const o = checkOptions('jacfwd()', options, ['argnums', 'hasAux', 'randomness']);
  const argnums = (o.argnums ?? 0) as Argnums;
  const hasAux = Boolean(o.hasAux ?? false);
  const randomness = (o.randomness ?? 'error') as 'error' | 'different' | 'same';
  return (...args: A) => {
    const primals = sliceArgnums(args, argnums);
    const [flatPrimals, primalsSpec] = treeFlatten(primals) as [Tensor[], ReturnType<typeof treeFlatten>[1]];
    const numels = flatPrimals.map((p) => p.numel());
    const flatBasis = chunkedStandardBasis(flatPrimals, numels, null).next().value as Tensor[];
    const basis = treeUnflatten(flatBasis, primalsSpec);
    const pushJvp = (b: unknown): unknown => {
      const out = jvpWithArgnums(fn as (...a: unknown[]) => unknown, args, b, argnums, hasAux);
      return hasAux ? [out[1], out[2]] : out[1];
    };
    let results = vmap(pushJvp, { randomness })(basis);
    let aux: unknown;
    if (hasAux) {
      [results, aux] = results as [unknown, unknown];
      aux = treeMap(aux, (v) => (v as Tensor).select(0, 0));
    }
    const [jacOuts, spec] = treeFlatten(results) as [Tensor[], ReturnType<typeof treeFlatten>[1]];
    const jacOutsIns = jacOuts.map((jacOut) => {
      const parts = jacOut.movedim(0, -1).split(numels, -1);
      return treeUnflatten(flatPrimals.map((p, i) => safeUnflatten(parts[i], -1, [...p.shape])), primalsSpec);
    });
    const picked = typeof argnums === 'number' ? jacOutsIns.map((x) => (x as unknown[])[0]) : jacOutsIns;
    const jac = treeUnflatten(picked, spec);
    return hasAux ? [jac, aux] : jac;
  };
}

/**
 * The Hessian (torch.func.hessian): jacfwd of jacrev.
 * @example const H = torch.func.hessian((x: Tensor) => x.pow(3).sum())(torch.tensor([1.0, 2.0]));  // diag(6x)
 */
export function hessian<A extends unknown[]>(fn: (...args: A) => unknown, options?: { argnums?: Argnums }): (...args: A) => unknown {
  checkFunction('hessian()', fn);
  const o = checkOptions('hessian()', options, ['argnums']);
  const argnums = (o.argnums ?? 0) as Argnums;
  return jacfwd(jacrev(fn, { argnums }), { argnums });
}
