// torch.optim.SparseAdam, as torch/optim/sparse_adam.py and torch.optim._functional.sparse_adam:
// the same operators in the same order, so the same numbers.
import { sparseCooTensor } from '../generated/functions.js';
import { callOp, opFamily } from '../dispatch.js';
import { borrowGrad, type Tensor } from '../tensor.js';
import { Optimizer, booleanOption, numberOption, type Params, type ParamGroup, type OptimizerArgs, type ParamsByName, optimizerArgs } from './optimizer.js';
import { betasFrom, checkBetas } from './betas.js';
import { pyPow } from '../scalar_math.js';

export interface SparseAdamOptions {
  /** Learning rate (default 1e-3). */
  lr?: number;
  /** Coefficients of the running averages of the gradient and its square (default [0.9, 0.999]). */
  betas?: readonly [number, number];
  /** Added to the denominator (default 1e-8). */
  eps?: number;
  /** Maximize the objective instead of minimizing (default false). */
  maximize?: boolean;
}

/** The options of a SparseAdam parameter group, all set. */
export interface SparseAdamGroupOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  maximize: boolean;
}

const SPARSE_ADAM_KEYS = ['lr', 'betas', 'eps', 'maximize'] as const;
/** Python's positional parameters after params, in order. */
const SPARSE_ADAM_POSITIONAL = ['lr', 'betas', 'eps', 'maximize'] as const;
const fIndices = opFamily('_indices');
const fValues = opFamily('_values');

/** Whether t is a sparse COO tensor: `is_coalesced` is defined for that layout alone. */
export function isSparseCoo(t: Tensor): boolean {
  try {
    t.isCoalesced();
    return true;
  } catch {
    return false;
  }
}

/**
 * SparseAdam, as torch.optim.SparseAdam: a lazy Adam for sparse gradients (as from
 * `nn.Embedding` with `sparse: true`), which updates the moments and the parameter only at the
 * gradient's indices. Parameters are dense; gradients must be sparse COO tensors. State per
 * parameter: `step`, `expAvg`, `expAvgSq`.
 * @example
 * const emb = new nn.Embedding(1000, 16, { sparse: true });
 * const optimizer = new optim.SparseAdam(emb.parameters(), { lr: 1e-3 });
 * optimizer.zeroGrad(); emb.forward(ids).sum().backward(); optimizer.step();
 */
export class SparseAdam extends Optimizer<SparseAdamGroupOptions> {
  /** PyTorch's SparseAdam counts steps in a plain int, in its state dict too. */
  protected override readonly tensorStep = false;
  constructor(params: Params<SparseAdamGroupOptions>, ...args: OptimizerArgs<SparseAdamOptions, typeof SPARSE_ADAM_POSITIONAL>);
  constructor(options: ParamsByName<SparseAdamGroupOptions, SparseAdamOptions>);
  constructor(first: Params<SparseAdamGroupOptions> | ParamsByName<SparseAdamGroupOptions, SparseAdamOptions>, ...args: unknown[]) {
    const [params, options] = optimizerArgs<SparseAdamGroupOptions, SparseAdamOptions>('SparseAdam', first, args, SPARSE_ADAM_POSITIONAL, SPARSE_ADAM_KEYS);
    const d: SparseAdamGroupOptions = {
      lr: options.lr ?? 1e-3,
      betas: betasFrom('SparseAdam', options.betas, [0.9, 0.999]),
      eps: options.eps ?? 1e-8,
      maximize: options.maximize ?? false,
    };
    validateSparseAdamGroup('SparseAdam', d);
    super(params, d);
    const sparse: string[] = [];
    const complex: string[] = [];
    this.paramGroups.forEach((g, i) => g.params.forEach((p, j) => {
      if (isSparseCoo(p)) sparse.push(`[${i}, ${j}]`);
      if (p.isComplex()) complex.push(`[${i}, ${j}]`);
    }));
    if (sparse.length !== 0) throw new TypeError(`Sparse params at indices [${sparse.join(', ')}]: SparseAdam requires dense parameter tensors`);
    if (complex.length !== 0) throw new TypeError(`Complex params at indices [${complex.join(', ')}]: SparseAdam does not support complex parameters`);
  }

  protected override validateGroup(group: ParamGroup<SparseAdamGroupOptions>): void {
    validateSparseAdamGroup(this.optimizerName, group);
  }

  protected override stepGroup(group: ParamGroup<SparseAdamGroupOptions>): void {
    const { lr, eps, maximize } = group;
    const [beta1, beta2] = group.betas;
    // As PyTorch: every step count is advanced (and dense gradients refused) before any update.
    const work: [Tensor, Tensor][] = [];
    for (const param of group.params) {
      const g0 = borrowGrad(param);
      if (g0 === null) continue;
      if (!isSparseCoo(g0)) throw new TypeError('SparseAdam does not support dense gradients, please consider Adam instead');
      const state = this.stateOf(param);
      if (state.expAvg === undefined) {
        state.step = 0;
        state.expAvg = this.zeroState(param);
        state.expAvgSq = this.zeroState(param);
      }
      state.step = (state.step as number) + 1;
      work.push([param, g0]);
    }
    for (const [param, g0] of work) {
      const state = this.stateOf(param);
      const expAvg = state.expAvg as Tensor;
      const expAvgSq = state.expAvgSq as Tensor;
      const step = state.step as number;
      const temps: Tensor[] = [];
      let grad = g0;
      if (maximize) temps.push(grad = grad.neg());
      // The update is not linear in the gradient, so its indices must be unique.
      temps.push(grad = grad.coalesce());
      const indices = callOp(fIndices, [], grad) as Tensor;
      const values = callOp(fValues, [], grad) as Tensor;
      temps.push(indices, values);
      if (values.numel() === 0) {
        disposeTemps(temps, g0);
        continue;
      }
      const size = grad.shape;
      const makeSparse = (v: Tensor): Tensor => {
        const s = sparseCooTensor(indices, v, size);
        temps.push(s);
        return s;
      };
      const masked = (t: Tensor): Tensor => {
        const m = t.sparseMask(grad);
        const v = callOp(fValues, [], m) as Tensor;
        temps.push(m, v);
        return v;
      };
      // old <- b * old + (1 - b) * new, as old += (1 - b) * (new - old), at the gradient's indices.
      const oldExpAvgValues = masked(expAvg);
      const expAvgUpdate = values.sub(oldExpAvgValues).mul_(1 - beta1);
      temps.push(expAvgUpdate);
      expAvg.add_(makeSparse(expAvgUpdate));
      const oldExpAvgSqValues = masked(expAvgSq);
      const sq = values.pow(2);
      const expAvgSqUpdate = sq.sub_(oldExpAvgSqValues).mul_(1 - beta2);
      temps.push(sq);
      expAvgSq.add_(makeSparse(expAvgSqUpdate));
      // Dense additions again, as PyTorch (no second sparseMask).
      const numer = expAvgUpdate.add_(oldExpAvgValues);
      expAvgSqUpdate.add_(oldExpAvgSqValues);
      const denom = expAvgSqUpdate.sqrt_().add_(eps);
      const biasCorrection1 = 1 - pyPow(beta1, step);
      const biasCorrection2 = 1 - pyPow(beta2, step);
      const stepSize = lr * Math.sqrt(biasCorrection2) / biasCorrection1;
      const update = numer.div_(denom).mul(-stepSize);
      temps.push(update);
      param.add_(makeSparse(update));
      disposeTemps(temps, g0);
    }
  }
}

// The gradient's object is the step's own (borrowGrad); coalesce() of a coalesced gradient is that
// same object, and disposing twice is harmless.
function disposeTemps(temps: Tensor[], grad: Tensor): void {
  for (const t of temps) t.dispose();
  grad.dispose();
}

function validateSparseAdamGroup(cls: string, g: SparseAdamGroupOptions): void {
  const lr = numberOption(cls, 'lr', g.lr);
  if (!(lr > 0)) throw new RangeError(`Invalid learning rate: ${lr} (${cls} option lr must be > 0)`);
  const eps = numberOption(cls, 'eps', g.eps);
  if (!(eps > 0)) throw new RangeError(`Invalid epsilon value: ${eps} (${cls} option eps must be > 0)`);
  checkBetas(cls, g.betas);
  booleanOption(cls, 'maximize', g.maximize);
}
