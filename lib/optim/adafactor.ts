// torch.optim.Adafactor, the single-tensor path of torch/optim/_adafactor.py (PyTorch's default on
// CPU): the same operators in the same order, so the same numbers.
import { zerosLike } from '../generated/functions.js';
import { linalg } from '../generated/namespaces.js';
import { finfo } from '../type_info.js';
import { borrowGrad, type Tensor } from '../tensor.js';
import { Optimizer, booleanOption, numberOption, type Params, type ParamGroup, type OptimizerArgs, type ParamsByName, optimizerArgs } from './optimizer.js';
import { pyPow } from '../scalar_math.js';
import { isSparseCoo } from './sparse_adam.js';
import { argTypeError } from '../validate.js';

export interface AdafactorOptions {
  /** Learning rate: the upper bound of the relative step size (default 1e-2). */
  lr?: number;
  /** Decay rate of the second moment estimates: beta2 = 1 - step ** beta2Decay (default -0.8). */
  beta2Decay?: number;
  /**
   * `[eps1, eps2]`: eps1 bounds the variance estimates from below (null, the default: the
   * parameter dtype's machine epsilon); eps2 bounds the relative step size (default 1e-3).
   */
  eps?: readonly [number | null, number];
  /** Clipping threshold of the update's root mean square (default 1). */
  d?: number;
  /** Decoupled weight decay coefficient (default 0). */
  weightDecay?: number;
  /** Maximize the objective instead of minimizing (default false). */
  maximize?: boolean;
}

/** The options of an Adafactor parameter group, all set. */
export interface AdafactorGroupOptions {
  lr: number;
  beta2Decay: number;
  eps: [number | null, number];
  d: number;
  weightDecay: number;
  maximize: boolean;
}

const ADAFACTOR_KEYS = ['lr', 'beta2Decay', 'eps', 'd', 'weightDecay', 'maximize'] as const;
/** Python's positional parameters after params, in order (foreach and maximize are keyword-only there). */
const ADAFACTOR_POSITIONAL = ['lr', 'beta2Decay', 'eps', 'd', 'weightDecay'] as const;

/**
 * Adafactor (Shazeer & Stern, as PyTorch implements it), as torch.optim.Adafactor: the second
 * moment of a parameter of two or more dimensions is kept factored, as row and column averages
 * over its last two dimensions. State per parameter: `step`, and `rowVar` and `colVar` (two or
 * more dimensions) or `variance` (one dimension or none).
 * @example
 * const optimizer = new optim.Adafactor(model.parameters(), { lr: 1e-2 });
 * optimizer.zeroGrad(); loss.backward(); optimizer.step();
 */
export class Adafactor extends Optimizer<AdafactorGroupOptions> {
  constructor(params: Params<AdafactorGroupOptions>, ...args: OptimizerArgs<AdafactorOptions, typeof ADAFACTOR_POSITIONAL>);
  constructor(options: ParamsByName<AdafactorGroupOptions, AdafactorOptions>);
  constructor(first: Params<AdafactorGroupOptions> | ParamsByName<AdafactorGroupOptions, AdafactorOptions>, ...args: unknown[]) {
    const [params, options] = optimizerArgs<AdafactorGroupOptions, AdafactorOptions>('Adafactor', first, args, ADAFACTOR_POSITIONAL, ADAFACTOR_KEYS);
    const eps = options.eps ?? [null, 1e-3];
    if (!Array.isArray(eps) || eps.length !== 2) throw argTypeError('Adafactor', 'option eps', 'an array [eps1 (a number or null), eps2]', eps);
    const d: AdafactorGroupOptions = {
      lr: options.lr ?? 1e-2,
      beta2Decay: options.beta2Decay ?? -0.8,
      eps: [eps[0], eps[1]],
      d: options.d ?? 1.0,
      weightDecay: options.weightDecay ?? 0,
      maximize: options.maximize ?? false,
    };
    validateAdafactorGroup('Adafactor', d);
    super(params, d);
  }

  protected override validateGroup(group: ParamGroup<AdafactorGroupOptions>): void {
    validateAdafactorGroup(this.optimizerName, group);
  }

  protected override stepGroup(group: ParamGroup<AdafactorGroupOptions>): void {
    const { lr, beta2Decay, d, weightDecay, maximize } = group;
    let [eps1, eps2] = group.eps;
    for (const param of group.params) {
      const g0 = borrowGrad(param);
      if (g0 === null) continue;
      if (param.isComplex()) throw new Error('Adafactor does not support complex parameters');
      if (isSparseCoo(g0)) throw new Error('Adafactor does not support sparse gradients');
      const state = this.stateOf(param);
      if (state.step === undefined) {
        state.step = 0;
        if (g0.dim() > 1) {
          const rowShape = [...g0.shape];
          rowShape[rowShape.length - 1] = 1;
          state.rowVar = this.keep(g0.newZeros(rowShape));
          const colShape = [...g0.shape];
          colShape[colShape.length - 2] = 1;
          state.colVar = this.keep(g0.newZeros(colShape));
        } else {
          state.variance = this.keep(zerosLike(g0, { memoryFormat: 'preserve_format' }));
        }
      }
      const temps: Tensor[] = [g0];
      const grad = maximize ? g0.neg() : g0;
      if (grad !== g0) temps.push(grad);
      // As PyTorch's loop: eps1 defaults to the first parameter's dtype's epsilon, then stays.
      if (eps1 === null) eps1 = finfo(param.dtype).eps;

      state.step = (state.step as number) + 1;
      const stepFloat = state.step;
      const oneMinusBeta2T = pyPow(stepFloat, beta2Decay);
      const rhoT = Math.min(lr, 1 / pyPow(stepFloat, 0.5));
      const paramNorm = param.norm(2);
      temps.push(paramNorm);
      const alpha = Math.max(eps2, paramNorm.item() / pyPow(param.numel(), 0.5)) * rhoT;

      if (weightDecay !== 0) param.mul_(1 - lr * weightDecay);

      let varEstimate: Tensor;
      if (grad.dim() > 1) {
        const rowVar = state.rowVar as Tensor;
        const colVar = state.colVar as Tensor;
        const rowMean = linalg.vectorNorm(grad, { ord: 2, dim: [-1], keepdim: true }).square_().div_(grad.size(-1));
        rowVar.lerp_(rowMean, oneMinusBeta2T);
        const colMean = linalg.vectorNorm(grad, { ord: 2, dim: [-2], keepdim: true }).square_().div_(grad.size(-2));
        colVar.lerp_(colMean, oneMinusBeta2T);
        temps.push(rowMean, colMean);
        varEstimate = rowVar.matmul(colVar);
        const rowVarMean = rowVar.mean({ dim: -2, keepdim: true }).clamp_({ min: eps1 });
        temps.push(rowVarMean);
        varEstimate.div_(rowVarMean);
      } else {
        const variance = state.variance as Tensor;
        const gradSquared = grad.mul(grad);
        temps.push(gradSquared);
        variance.lerp_(gradSquared, oneMinusBeta2T);
        varEstimate = variance.clone();
      }
      // eps1 squared, as the square root follows.
      const update = varEstimate.clamp_({ min: eps1 * eps1 }).rsqrt_();
      update.mul_(grad);
      const updateNorm = update.norm(2);
      temps.push(update, updateNorm);
      const denom = Math.max(1.0, updateNorm.item() / (pyPow(update.numel(), 0.5) * d));
      param.add_(update, { alpha: -alpha / denom });
      for (const t of temps) t.dispose();
    }
  }
}

function validateAdafactorGroup(cls: string, g: AdafactorGroupOptions): void {
  const check = (name: string, v: unknown, ok: (n: number) => boolean, message: (n: number) => string): void => {
    const n = numberOption(cls, name, v);
    if (!ok(n)) throw new RangeError(`${message(n)} (${cls} option ${name})`);
  };
  check('lr', g.lr, (n) => n >= 0, (n) => `Learning rate should be >= 0 but is: ${n}`);
  check('beta2Decay', g.beta2Decay, (n) => n <= 0, (n) => `beta2_decay should be <= 0 but is: ${n}`);
  if (g.eps[0] !== null) check('eps[0]', g.eps[0], (n) => n >= 0, (n) => `epsilon1 should be >= 0 but is: ${n}`);
  check('eps[1]', g.eps[1], (n) => n >= 0, (n) => `epsilon2 should be >= 0 but is: ${n}`);
  check('d', g.d, (n) => n >= 1, (n) => `Clipping threshold d should be >= 1 but is: ${n}`);
  check('weightDecay', g.weightDecay, (n) => n >= 0, (n) => `weight_decay should be >= 0 but is: ${n}`);
  booleanOption(cls, 'maximize', g.maximize);
}
