// torch.optim.LBFGS with its strong Wolfe line search, as torch/optim/lbfgs.py: the same operators in the same order (0-dim
// tensors where PyTorch keeps 0-dim tensors, doubles where it has Python floats), so the same
// numbers.
import { cat } from '../generated/functions.js';
import { enableGrad } from '../autograd/grad_mode.js';
import { Tensor, borrowGrad } from '../tensor.js';
import { argTypeError } from '../validate.js';
import {
  Optimizer, nonNegative, numberOption, type Closure, type OptimizerStateDict, type ParamState,
  type Params, type ParamGroup, type StateValue, type OptimizerArgs, type ParamsByName, optimizerArgs } from './optimizer.js';
import { pyPow } from '../scalar_math.js';

export interface LBFGSOptions {
  /** Learning rate (default 1). */
  lr?: number;
  /** Maximal number of iterations per step() (default 20). */
  maxIter?: number;
  /** Maximal number of closure evaluations per step() (default `floor(maxIter * 5 / 4)`). */
  maxEval?: number | null;
  /** Termination tolerance on first-order optimality (default 1e-7). */
  toleranceGrad?: number;
  /** Termination tolerance on function value and parameter changes (default 1e-9). */
  toleranceChange?: number;
  /** Number of updates kept for the inverse-Hessian approximation (default 100). */
  historySize?: number;
  /** Line search: null (a fixed step of lr; the default) or 'strong_wolfe' (a line search for the strong Wolfe conditions). */
  lineSearchFn?: 'strong_wolfe' | null;
}

/** The options of the LBFGS parameter group, all set. */
export interface LBFGSGroupOptions {
  lr: number;
  maxIter: number;
  maxEval: number;
  toleranceGrad: number;
  toleranceChange: number;
  historySize: number;
  lineSearchFn: 'strong_wolfe' | null;
}

const LBFGS_KEYS = ['lr', 'maxIter', 'maxEval', 'toleranceGrad', 'toleranceChange', 'historySize', 'lineSearchFn'] as const;
/** Python's positional parameters after params, in order. */
const LBFGS_POSITIONAL = ['lr', 'maxIter', 'maxEval', 'toleranceGrad', 'toleranceChange', 'historySize', 'lineSearchFn'] as const;
// State entries holding lists of tensors (PyTorch keeps Python lists there).
const LIST_KEYS = ['oldDirs', 'oldStps', 'ro', 'al'] as const;

type Scalarish = Tensor | number;
const isTrue = (t: Tensor): boolean => {
  const v = t.item() as unknown;
  t.dispose();
  return v === true || v === 1;
};
// A Python number or 0-dim tensor used as an `alpha`: the tensor's value.
const scalarOf = (v: Scalarish): number => (v instanceof Tensor ? (v.item() as number) : v);

/**
 * L-BFGS, as torch.optim.LBFGS (after minFunc): step(closure) runs up to `maxIter` iterations,
 * re-evaluating the model through the closure, and returns the closure's first result. It keeps
 * one parameter group and global state (held under the first parameter, as PyTorch): `funcEvals`,
 * `nIter`, the direction `d`, the step `t`, the history `oldDirs`, `oldStps`, `ro`, `al`, `hDiag`,
 * `prevFlatGrad`, `prevLoss`. Complex parameters are not supported.
 * @example
 * const optimizer = new optim.LBFGS(model.parameters(), { lr: 1, historySize: 10, lineSearchFn: 'strong_wolfe' });
 * const loss = optimizer.step(() => {
 *   optimizer.zeroGrad();
 *   const l = lossFn(model.forward(x), y);
 *   l.backward();
 *   return l;
 * });
 */
export class LBFGS extends Optimizer<LBFGSGroupOptions> {
  private closure: Closure<unknown> | null = null;
  private origLoss: unknown = undefined;

  constructor(params: Params<LBFGSGroupOptions>, ...args: OptimizerArgs<LBFGSOptions, typeof LBFGS_POSITIONAL>);
  constructor(options: ParamsByName<LBFGSGroupOptions, LBFGSOptions>);
  constructor(first: Params<LBFGSGroupOptions> | ParamsByName<LBFGSGroupOptions, LBFGSOptions>, ...args: unknown[]) {
    const [params, options] = optimizerArgs<LBFGSGroupOptions, LBFGSOptions>('LBFGS', first, args, LBFGS_POSITIONAL, LBFGS_KEYS);
    const maxIter = options.maxIter ?? 20;
    const d: LBFGSGroupOptions = {
      lr: options.lr ?? 1,
      maxIter,
      maxEval: options.maxEval ?? Math.floor((maxIter * 5) / 4),
      toleranceGrad: options.toleranceGrad ?? 1e-7,
      toleranceChange: options.toleranceChange ?? 1e-9,
      historySize: options.historySize ?? 100,
      lineSearchFn: options.lineSearchFn ?? null,
    };
    validateLBFGSGroup('LBFGS', d);
    super(params, d);
    if (this.paramGroups.length !== 1) throw new RangeError("LBFGS doesn't support per-parameter options (parameter groups)");
    for (const p of this.paramGroups[0]!.params) this.checkReal(p);
  }

  protected override validateGroup(group: ParamGroup<LBFGSGroupOptions>): void {
    validateLBFGSGroup(this.optimizerName, group);
  }

  /**
   * Performs up to `maxIter` L-BFGS iterations. The closure (required) clears the gradients,
   * computes the loss, calls backward() and returns the loss; step returns its first result.
   * @example const loss = optimizer.step(() => { optimizer.zeroGrad(); const l = f(); l.backward(); return l; });
   */
  override step(): undefined;
  override step<L>(closure: Closure<L>): L;
  override step<L>(closure?: Closure<L>): L | undefined {
    if (typeof closure !== 'function') {
      throw argTypeError('LBFGS.step(closure)', 'closure', 'a function that reevaluates the model and returns the loss', closure);
    }
    if (this.paramGroups.length !== 1) throw new RangeError(`Expected exactly one param_group, but got ${this.paramGroups.length}`);
    // The base step runs stepGroup, which calls the closure itself (the step hooks wrap this step).
    this.closure = closure;
    this.origLoss = undefined;
    try {
      super.step();
      return this.origLoss as L;
    } finally {
      this.closure = null;
      this.origLoss = undefined;
    }
  }

  private gatherFlatGrad(params: readonly Tensor[]): Tensor {
    const views: Tensor[] = [];
    const made: Tensor[] = [];
    for (const p of params) {
      const g = borrowGrad(p);
      const view = g === null ? p.newZeros([p.numel()]) : g.view(-1);
      views.push(view);
      made.push(view);
      if (g !== null) made.push(g);
    }
    const flat = cat(views, 0);
    for (const t of made) t.dispose();
    return flat;
  }

  private addGrad(params: readonly Tensor[], stepSize: Scalarish, update: Tensor): void {
    const alpha = scalarOf(stepSize);
    let offset = 0;
    for (const p of params) {
      const numel = p.numel();
      const slice = update.narrow(0, offset, numel);
      const view = slice.view(p.shape);
      p.add_(view, { alpha });
      view.dispose();
      slice.dispose();
      offset += numel;
    }
  }

  protected override stepGroup(group: ParamGroup<LBFGSGroupOptions>): void {
    const closure = this.closure;
    if (closure === null) throw new Error('LBFGS: step() needs a closure');
    const params = group.params;
    const { lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearchFn } = group;
    const evaluate = (): number => {
      const l = enableGrad(closure);
      return Number(l instanceof Tensor ? l.item() : l);
    };
    const state = this.stateOf(params[0]!);
    state.funcEvals ??= 0;
    state.nIter ??= 0;

    const origLoss = enableGrad(closure);
    this.origLoss = origLoss;
    let loss = Number(origLoss instanceof Tensor ? origLoss.item() : origLoss);
    let currentEvals = 1;
    state.funcEvals = (state.funcEvals as number) + 1;
    let flatGrad = this.gatherFlatGrad(params);
    let optCond = isTrue(flatGrad.abs().max().le(toleranceGrad));
    if (optCond) return;

    let d = (state.d ?? null) as Tensor | null;
    let t = (state.t ?? null) as Scalarish | null;
    let oldDirs = (state.oldDirs ?? null) as unknown as Tensor[] | null;
    let oldStps = (state.oldStps ?? null) as unknown as Tensor[] | null;
    let ro = (state.ro ?? null) as unknown as Tensor[] | null;
    let hDiag = (state.hDiag ?? null) as Scalarish | null;
    let prevFlatGrad = (state.prevFlatGrad ?? null) as Tensor | null;
    let prevLoss = (state.prevLoss ?? null) as number | null;

    let nIter = 0;
    while (nIter < maxIter) {
      nIter++;
      state.nIter = (state.nIter as number) + 1;

      // The descent direction.
      if (state.nIter === 1) {
        d = flatGrad.neg();
        oldDirs = [];
        oldStps = [];
        ro = [];
        hDiag = 1;
      } else {
        const y = flatGrad.sub(prevFlatGrad!);
        const s = d!.mul(t!);
        const ys = y.dot(s);
        if (isTrue(ys.gt(1e-10))) {
          // Update the memory, dropping the oldest pair when full.
          if (oldDirs!.length === historySize) {
            oldDirs!.shift();
            oldStps!.shift();
            ro!.shift();
          }
          oldDirs!.push(y);
          oldStps!.push(s);
          ro!.push(ys.reciprocal());
          const yy = y.dot(y);
          hDiag = ys.div(yy);
          yy.dispose();
        }
        const numOld = oldDirs!.length;
        if (state.al === undefined) state.al = new Array<Tensor | null>(historySize).fill(null) as unknown as StateValue;
        const al = state.al as unknown as (Tensor | null)[];
        // The two-loop recursion: the inverse-Hessian approximation times the gradient.
        const q = flatGrad.neg();
        for (let i = numOld - 1; i >= 0; i--) {
          const dot = oldStps![i]!.dot(q);
          al[i] = dot.mul(ro![i]!);
          dot.dispose();
          q.add_(oldDirs![i]!, { alpha: -scalarOf(al[i]!) });
        }
        const r = q.mul(hDiag!);
        q.dispose();
        for (let i = 0; i < numOld; i++) {
          const dot = oldDirs![i]!.dot(r);
          const be = dot.mul(ro![i]!);
          const coef = al[i]!.sub(be);
          r.add_(oldStps![i]!, { alpha: scalarOf(coef) });
          dot.dispose();
          be.dispose();
          coef.dispose();
        }
        d = r;
      }
      if (prevFlatGrad === null) prevFlatGrad = this.keep(flatGrad.clone({ memoryFormat: 'contiguous_format' }));
      else prevFlatGrad.copy_(flatGrad);
      prevLoss = loss;

      // The step length: at first, at most lr over the gradient's 1-norm.
      if (state.nIter === 1) {
        const sum = flatGrad.abs().sum();
        const inv = sum.reciprocal();
        sum.dispose();
        // Python's min(1.0, x) keeps 1.0 unless x < 1.0.
        const first: Scalarish = isTrue(inv.lt(1.0)) ? inv : 1.0;
        t = first instanceof Tensor ? first.mul(lr) : first * lr;
        if (first instanceof Tensor) first.dispose();
      } else {
        t = lr;
      }
      const gtd = flatGrad.dot(d!);
      if (isTrue(gtd.gt(-toleranceChange))) break;

      let lsFuncEvals = 0;
      if (lineSearchFn === 'strong_wolfe') {
        const xInit = params.map((p) => p.clone({ memoryFormat: 'contiguous_format' }));
        const obj = (x: Tensor[], step: Scalarish, dir: Tensor): [number, Tensor] => {
          this.addGrad(params, step, dir);
          const f = evaluate();
          const g = this.gatherFlatGrad(params);
          params.forEach((p, i) => p.copy_(x[i]!));
          return [f, g];
        };
        [loss, flatGrad, t, lsFuncEvals] = strongWolfe(obj, xInit, t, d!, loss, flatGrad, gtd, maxEval - currentEvals);
        for (const x of xInit) x.dispose();
        this.addGrad(params, t, d!);
        optCond = isTrue(flatGrad.abs().max().le(toleranceGrad));
      } else {
        // A fixed step; the function is evaluated again unless this is the last iteration (in
        // a stochastic setting, that evaluation would be of no use).
        this.addGrad(params, t, d!);
        if (nIter !== maxIter) {
          loss = evaluate();
          flatGrad = this.gatherFlatGrad(params);
          optCond = isTrue(flatGrad.abs().max().le(toleranceGrad));
          lsFuncEvals = 1;
        }
      }
      currentEvals += lsFuncEvals;
      state.funcEvals = (state.funcEvals as number) + lsFuncEvals;

      if (nIter === maxIter) break;
      if (currentEvals >= maxEval) break;
      if (optCond) break;
      // Lack of progress.
      const moved = d!.mul(t);
      const small = isTrue(moved.abs().max().le(toleranceChange));
      moved.dispose();
      if (small) break;
      if (Math.abs(loss - prevLoss) < toleranceChange) break;
    }

    const keepAll = (v: Scalarish | null): StateValue => (v instanceof Tensor ? this.keep(v) : v);
    state.d = keepAll(d);
    state.t = keepAll(t);
    for (const list of [oldDirs, oldStps, ro]) if (list !== null) for (const x of list) this.keep(x);
    if (state.al !== undefined) for (const x of state.al as unknown as (Tensor | null)[]) if (x !== null) this.keep(x);
    state.oldDirs = oldDirs as unknown as StateValue;
    state.oldStps = oldStps as unknown as StateValue;
    state.ro = ro as unknown as StateValue;
    state.hDiag = keepAll(hDiag);
    state.prevFlatGrad = prevFlatGrad;
    state.prevLoss = prevLoss;
  }

  /**
   * Installs a state loaded by loadStateDict() from stateDict() or PyTorch's LBFGS state dict
   * (`H_diag` becomes `hDiag`); the history lists are copied, their tensors cast to the first
   * parameter's dtype and device.
   * @example optimizer.loadStateDict(saved);
   */
  protected override setState(state: Map<Tensor, ParamState>, paramGroups: ParamGroup<LBFGSGroupOptions>[]): void {
    super.setState(state, paramGroups);
    for (const [p, s] of this.state) {
      const fixed: ParamState = {};
      for (const [k, v] of Object.entries(s)) fixed[k === 'HDiag' ? 'hDiag' : k] = v;
      for (const k of LIST_KEYS) {
        const list = fixed[k] as unknown;
        if (!Array.isArray(list)) continue;
        fixed[k] = list.map((x: unknown) => {
          if (!(x instanceof Tensor)) return x;
          const cast = x.to({ dtype: p.dtype, device: p.device });
          return this.keep(cast === x ? x.detach().clone() : cast);
        }) as unknown as StateValue;
      }
      this.state.set(p, fixed);
    }
  }
}

function validateLBFGSGroup(cls: string, g: LBFGSGroupOptions): void {
  nonNegative(cls, 'lr', g.lr, 'learning rate');
  for (const k of ['maxIter', 'maxEval', 'historySize'] as const) {
    const v = numberOption(cls, k, g[k]);
    if (!Number.isInteger(v)) throw argTypeError(cls, `option ${k}`, 'an integer', v);
  }
  numberOption(cls, 'toleranceGrad', g.toleranceGrad);
  numberOption(cls, 'toleranceChange', g.toleranceChange);
  if (g.lineSearchFn !== null && g.lineSearchFn !== 'strong_wolfe') {
    throw new RangeError(`only 'strong_wolfe' is supported (${cls} option lineSearchFn must be null or 'strong_wolfe')`);
  }
}

// ---- the strong Wolfe line search, as torch/optim/lbfgs.py ------------------------------------
// PyTorch mixes Python floats and 0-dim tensors here; each operation below does what Python's
// operator does for the operand types it gets (a tensor operand makes a tensor operator, with the
// float as its scalar; `float / tensor` is `tensor.reciprocal() * float`), so the same numbers.

const add = (a: Scalarish, b: Scalarish): Scalarish =>
  (a instanceof Tensor ? a.add(b) : b instanceof Tensor ? b.add(a) : a + b);
const sub = (a: Scalarish, b: Scalarish): Scalarish =>
  (a instanceof Tensor ? a.sub(b) : b instanceof Tensor ? b.neg().add(a) : a - b);
const mul = (a: Scalarish, b: Scalarish): Scalarish =>
  (a instanceof Tensor ? a.mul(b) : b instanceof Tensor ? b.mul(a) : a * b);
const div = (a: Scalarish, b: Scalarish): Scalarish =>
  (a instanceof Tensor ? a.div(b) : b instanceof Tensor ? b.reciprocal().mul(a) : a / b);
const absOf = (a: Scalarish): Scalarish => (a instanceof Tensor ? a.abs() : Math.abs(a));
const gt = (a: Scalarish, b: Scalarish): boolean =>
  (a instanceof Tensor ? isTrue(a.gt(b)) : b instanceof Tensor ? isTrue(b.lt(a)) : a > b);
const lt = (a: Scalarish, b: Scalarish): boolean => gt(b, a);
const ge = (a: Scalarish, b: Scalarish): boolean =>
  (a instanceof Tensor ? isTrue(a.ge(b)) : b instanceof Tensor ? isTrue(b.le(a)) : a >= b);
const le = (a: Scalarish, b: Scalarish): boolean => ge(b, a);
// Python's min and max: the first argument unless another is strictly smaller (larger).
const pyMin = (...xs: Scalarish[]): Scalarish => xs.reduce((m, x) => (lt(x, m) ? x : m));
const pyMax = (...xs: Scalarish[]): Scalarish => xs.reduce((m, x) => (gt(x, m) ? x : m));

function cubicInterpolate(
  x1: Scalarish, f1: Scalarish, g1: Scalarish, x2: Scalarish, f2: Scalarish, g2: Scalarish,
  bounds: [Scalarish, Scalarish] | null = null,
): Scalarish {
  // The minimizer of the cubic interpolating (x1, f1, g1) and (x2, f2, g2), within the bounds.
  const [xminBound, xmaxBound] = bounds ?? (le(x1, x2) ? [x1, x2] : [x2, x1]);
  const d1 = sub(add(g1, g2), div(mul(3, sub(f1, f2)), sub(x1, x2)));
  const d2Square = sub(d1 instanceof Tensor ? d1.pow(2) : pyPow(d1, 2), mul(g1, g2));
  if (ge(d2Square, 0)) {
    const d2 = d2Square instanceof Tensor ? d2Square.sqrt() : Math.sqrt(d2Square);
    const minPos = le(x1, x2)
      ? sub(x2, mul(sub(x2, x1), div(sub(add(g2, d2), d1), add(sub(g2, g1), mul(2, d2)))))
      : sub(x1, mul(sub(x1, x2), div(sub(add(g1, d2), d1), add(sub(g1, g2), mul(2, d2)))));
    return pyMin(pyMax(minPos, xminBound), xmaxBound);
  }
  return div(add(xminBound, xmaxBound), 2.0);
}

type ObjFunc = (x: Tensor[], t: Scalarish, d: Tensor) => [number, Tensor];

function strongWolfe(
  objFunc: ObjFunc, x: Tensor[], t0: Scalarish, d: Tensor, f: number, g0: Tensor, gtd: Tensor, maxLs = 25,
  c1 = 1e-4, c2 = 0.9, toleranceChange = 1e-9,
): [number, Tensor, Scalarish, number] {
  let t = t0;
  const dNorm = d.abs().max();
  const g = g0.clone({ memoryFormat: 'contiguous_format' });
  let [fNew, gNew] = objFunc(x, t, d);
  let lsFuncEvals = 1;
  let gtdNew: Scalarish = gNew.dot(d);

  // Bracket an interval containing a point satisfying the Wolfe criteria.
  let tPrev: Scalarish = 0;
  let fPrev = f;
  let gPrev = g;
  let gtdPrev: Scalarish = gtd;
  let done = false;
  let lsIter = 0;
  let bracket: Scalarish[] = [];
  let bracketF: number[] = [];
  let bracketG: Tensor[] = [];
  let bracketGtd: Scalarish[] = [];
  const sufficient = (fn: number, step: Scalarish): boolean => gt(fn, add(f, mul(mul(c1, step), gtd)));
  while (lsIter < maxLs) {
    if (sufficient(fNew, t) || (lsIter > 1 && fNew >= fPrev)) {
      bracket = [tPrev, t];
      bracketF = [fPrev, fNew];
      bracketG = [gPrev, gNew.clone({ memoryFormat: 'contiguous_format' })];
      bracketGtd = [gtdPrev, gtdNew];
      break;
    }
    if (le(absOf(gtdNew), mul(-c2, gtd))) {
      bracket = [t];
      bracketF = [fNew];
      bracketG = [gNew];
      done = true;
      break;
    }
    if (ge(gtdNew, 0)) {
      bracket = [tPrev, t];
      bracketF = [fPrev, fNew];
      bracketG = [gPrev, gNew.clone({ memoryFormat: 'contiguous_format' })];
      bracketGtd = [gtdPrev, gtdNew];
      break;
    }
    // Interpolate.
    const minStep = add(t, mul(0.01, sub(t, tPrev)));
    const maxStep = mul(t, 10);
    const tmp = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
    tPrev = tmp;
    fPrev = fNew;
    gPrev = gNew.clone({ memoryFormat: 'contiguous_format' });
    gtdPrev = gtdNew;
    [fNew, gNew] = objFunc(x, t, d);
    lsFuncEvals++;
    gtdNew = gNew.dot(d);
    lsIter++;
  }
  // Reached the maximal number of iterations.
  if (lsIter === maxLs) {
    bracket = [0, t];
    bracketF = [f, fNew];
    bracketG = [g, gNew];
  }

  // Zoom until a point satisfying the criteria is found, or the bracket is small enough.
  let insufProgress = false;
  let [lowPos, highPos] = bracketF[0]! <= bracketF[bracketF.length - 1]! ? [0, 1] : [1, 0];
  while (!done && lsIter < maxLs) {
    if (lt(mul(absOf(sub(bracket[1]!, bracket[0]!)), dNorm), toleranceChange)) break;
    t = cubicInterpolate(bracket[0]!, bracketF[0]!, bracketGtd[0]!, bracket[1]!, bracketF[1]!, bracketGtd[1]!);
    // Safeguard against a step too close to the bracket's ends.
    const eps = mul(0.1, sub(pyMax(...bracket), pyMin(...bracket)));
    if (lt(pyMin(sub(pyMax(...bracket), t), sub(t, pyMin(...bracket))), eps)) {
      if (insufProgress || ge(t, pyMax(...bracket)) || le(t, pyMin(...bracket))) {
        t = lt(absOf(sub(t, pyMax(...bracket))), absOf(sub(t, pyMin(...bracket))))
          ? sub(pyMax(...bracket), eps)
          : add(pyMin(...bracket), eps);
        insufProgress = false;
      } else {
        insufProgress = true;
      }
    } else {
      insufProgress = false;
    }
    [fNew, gNew] = objFunc(x, t, d);
    lsFuncEvals++;
    gtdNew = gNew.dot(d);
    lsIter++;
    if (sufficient(fNew, t) || fNew >= bracketF[lowPos]!) {
      bracket[highPos] = t;
      bracketF[highPos] = fNew;
      bracketG[highPos] = gNew.clone({ memoryFormat: 'contiguous_format' });
      bracketGtd[highPos] = gtdNew;
      [lowPos, highPos] = bracketF[0]! <= bracketF[1]! ? [0, 1] : [1, 0];
    } else {
      if (le(absOf(gtdNew), mul(-c2, gtd))) {
        done = true;
      } else if (ge(mul(gtdNew, sub(bracket[highPos]!, bracket[lowPos]!)), 0)) {
        bracket[highPos] = bracket[lowPos]!;
        bracketF[highPos] = bracketF[lowPos]!;
        bracketG[highPos] = bracketG[lowPos]!;
        bracketGtd[highPos] = bracketGtd[lowPos]!;
      }
      bracket[lowPos] = t;
      bracketF[lowPos] = fNew;
      bracketG[lowPos] = gNew.clone({ memoryFormat: 'contiguous_format' });
      bracketGtd[lowPos] = gtdNew;
    }
  }
  return [bracketF[lowPos]!, bracketG[lowPos]!, bracket[lowPos]!, lsFuncEvals];
}
