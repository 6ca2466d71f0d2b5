// torch.optim.Adamax, the single-tensor path of torch/optim/adamax.py (PyTorch's default on CPU):
// the same operators in the same order, so the same numbers.
import { maximum } from '../generated/functions.js';
import { borrowGrad, type Tensor } from '../tensor.js';
import { Optimizer, booleanOption, nonNegative, type Params, type ParamGroup, type OptimizerArgs, type ParamsByName, optimizerArgs } from './optimizer.js';
import { betasFrom, checkBetas } from './betas.js';
import { pyPow } from '../scalar_math.js';

export interface AdamaxOptions {
  /** Learning rate (default 2e-3). */
  lr?: number;
  /** Coefficients of the running average of the gradient and of the infinity norm (default [0.9, 0.999]). */
  betas?: readonly [number, number];
  /** Added to the gradient's magnitude before taking the maximum (default 1e-8). */
  eps?: number;
  /** L2 penalty (default 0). */
  weightDecay?: number;
  /** Maximize the objective instead of minimizing (default false). */
  maximize?: boolean;
}

/** The options of an Adamax parameter group, all set. */
export interface AdamaxGroupOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  maximize: boolean;
}

const ADAMAX_KEYS = ['lr', 'betas', 'eps', 'weightDecay', 'maximize'] as const;
/** Python's positional parameters after params, in order. */
const ADAMAX_POSITIONAL = ['lr', 'betas', 'eps', 'weightDecay'] as const;

/**
 * Adamax (Adam with the infinity norm; Kingma & Ba), as torch.optim.Adamax. State per parameter:
 * `step`, `expAvg`, `expInf`.
 * @example
 * const optimizer = new optim.Adamax(model.parameters(), { lr: 2e-3 });
 * optimizer.zeroGrad(); loss.backward(); optimizer.step();
 */
export class Adamax extends Optimizer<AdamaxGroupOptions> {
  constructor(params: Params<AdamaxGroupOptions>, ...args: OptimizerArgs<AdamaxOptions, typeof ADAMAX_POSITIONAL>);
  constructor(options: ParamsByName<AdamaxGroupOptions, AdamaxOptions>);
  constructor(first: Params<AdamaxGroupOptions> | ParamsByName<AdamaxGroupOptions, AdamaxOptions>, ...args: unknown[]) {
    const [params, options] = optimizerArgs<AdamaxGroupOptions, AdamaxOptions>('Adamax', first, args, ADAMAX_POSITIONAL, ADAMAX_KEYS);
    const d: AdamaxGroupOptions = {
      lr: options.lr ?? 2e-3,
      betas: betasFrom('Adamax', options.betas, [0.9, 0.999]),
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 0,
      maximize: options.maximize ?? false,
    };
    validateAdamaxGroup('Adamax', d);
    super(params, d);
  }

  protected override validateGroup(group: ParamGroup<AdamaxGroupOptions>): void {
    validateAdamaxGroup(this.optimizerName, group);
  }

  protected override stepGroup(group: ParamGroup<AdamaxGroupOptions>): void {
    const { lr, eps, weightDecay, maximize } = group;
    const [beta1, beta2] = group.betas;
    for (const param of group.params) {
      const g0 = borrowGrad(param);
      if (g0 === null) continue;
      const state = this.stateOf(param);
      if (state.expAvg === undefined) {
        this.checkReal(param);
        state.step = 0;
        state.expAvg = this.zeroState(param);
        state.expInf = this.zeroState(param);
      }
      const expAvg = state.expAvg as Tensor;
      const expInf = state.expInf as Tensor;
      const temps: Tensor[] = [g0];
      let grad = g0;
      if (maximize) temps.push(grad = grad.neg());
      state.step = (state.step as number) + 1;
      const step = state.step;
      if (weightDecay !== 0) temps.push(grad = grad.add(param, { alpha: weightDecay }));
      expAvg.lerp_(grad, 1 - beta1);
      const norm = grad.abs().add_(eps);
      temps.push(norm);
      maximum(expInf.mul_(beta2), norm, { out: expInf });
      const biasCorrection = 1 - pyPow(beta1, step);
      const clr = lr / biasCorrection;
      param.addcdiv_(expAvg, expInf, { value: -clr });
      for (const t of temps) t.dispose();
    }
  }
}

function validateAdamaxGroup(cls: string, g: AdamaxGroupOptions): void {
  nonNegative(cls, 'lr', g.lr, 'learning rate');
  nonNegative(cls, 'eps', g.eps, 'epsilon value');
  checkBetas(cls, g.betas);
  nonNegative(cls, 'weightDecay', g.weightDecay, 'weight_decay value');
  booleanOption(cls, 'maximize', g.maximize);
}
