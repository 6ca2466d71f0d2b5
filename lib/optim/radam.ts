// torch.optim.RAdam, the single-tensor path of torch/optim/radam.py (PyTorch's default on CPU):
// the same operators in the same order, so the same numbers.
import { borrowGrad, type Tensor } from '../tensor.js';
import { Optimizer, booleanOption, nonNegative, type Params, type ParamGroup, type OptimizerArgs, type ParamsByName, optimizerArgs } from './optimizer.js';
import { betasFrom, checkBetas } from './betas.js';
import { pyPow } from '../scalar_math.js';

export interface RAdamOptions {
  /** Learning rate (default 1e-3). */
  lr?: number;
  /** Coefficients of the running averages of the gradient and its square (default [0.9, 0.999]). */
  betas?: readonly [number, number];
  /** Added to the denominator (default 1e-8). */
  eps?: number;
  /** Weight decay: an L2 penalty, or decoupled as in AdamW when decoupledWeightDecay (default 0). */
  weightDecay?: number;
  /** Apply weight decay to the parameter directly, as AdamW (RAdamW; default false). */
  decoupledWeightDecay?: boolean;
  /** Maximize the objective instead of minimizing (default false). */
  maximize?: boolean;
}

/** The options of an RAdam parameter group, all set. */
export interface RAdamGroupOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  decoupledWeightDecay: boolean;
  maximize: boolean;
}

const RADAM_KEYS = ['lr', 'betas', 'eps', 'weightDecay', 'decoupledWeightDecay', 'maximize'] as const;
/** Python's positional parameters after params, in order. */
const RADAM_POSITIONAL = ['lr', 'betas', 'eps', 'weightDecay', 'decoupledWeightDecay'] as const;

/**
 * RAdam (rectified Adam; Liu et al.), as torch.optim.RAdam. State per parameter: `step`, `expAvg`,
 * `expAvgSq`.
 * @example
 * const optimizer = new optim.RAdam(model.parameters(), { lr: 1e-3 });
 * optimizer.zeroGrad(); loss.backward(); optimizer.step();
 */
export class RAdam extends Optimizer<RAdamGroupOptions> {
  constructor(params: Params<RAdamGroupOptions>, ...args: OptimizerArgs<RAdamOptions, typeof RADAM_POSITIONAL>);
  constructor(options: ParamsByName<RAdamGroupOptions, RAdamOptions>);
  constructor(first: Params<RAdamGroupOptions> | ParamsByName<RAdamGroupOptions, RAdamOptions>, ...args: unknown[]) {
    const [params, options] = optimizerArgs<RAdamGroupOptions, RAdamOptions>('RAdam', first, args, RADAM_POSITIONAL, RADAM_KEYS);
    const d: RAdamGroupOptions = {
      lr: options.lr ?? 1e-3,
      betas: betasFrom('RAdam', options.betas, [0.9, 0.999]),
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 0,
      decoupledWeightDecay: options.decoupledWeightDecay ?? false,
      maximize: options.maximize ?? false,
    };
    validateRAdamGroup('RAdam', d);
    super(params, d);
  }

  protected override validateGroup(group: ParamGroup<RAdamGroupOptions>): void {
    validateRAdamGroup(this.optimizerName, group);
  }

  protected override stepGroup(group: ParamGroup<RAdamGroupOptions>): void {
    const { lr, eps, weightDecay, decoupledWeightDecay, maximize } = group;
    const [beta1, beta2] = group.betas;
    for (const param of group.params) {
      const g0 = borrowGrad(param);
      if (g0 === null) continue;
      const state = this.stateOf(param);
      if (state.expAvg === undefined) {
        this.checkReal(param);
        state.step = 0;
        state.expAvg = this.zeroState(param);
        state.expAvgSq = this.zeroState(param);
      }
      const expAvg = state.expAvg as Tensor;
      const expAvgSq = state.expAvgSq as Tensor;
      const temps: Tensor[] = [g0];
      let grad = g0;
      if (maximize) temps.push(grad = grad.neg());
      state.step = (state.step as number) + 1;
      const step = state.step;
      if (weightDecay !== 0) {
        if (decoupledWeightDecay) param.mul_(1 - lr * weightDecay);
        else temps.push(grad = grad.add(param, { alpha: weightDecay }));
      }
      expAvg.lerp_(grad, 1 - beta1);
      expAvgSq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
      const biasCorrection1 = 1 - pyPow(beta1, step);
      const biasCorrection2 = 1 - pyPow(beta2, step);
      const biasCorrectedExpAvg = expAvg.div(biasCorrection1);
      temps.push(biasCorrectedExpAvg);
      // The maximum length of the approximated SMA, and its length at this step.
      const rhoInf = 2 / (1 - beta2) - 1;
      const rhoT = rhoInf - 2 * step * (pyPow(beta2, step)) / biasCorrection2;
      const update = biasCorrectedExpAvg.mul(lr);
      temps.push(update);
      if (rhoT > 5.0) {
        const rect = pyPow((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT), 0.5);
        // Python's `number / tensor` is `tensor.reciprocal() * number`.
        const sqrt = expAvgSq.sqrt().add_(eps);
        const inv = sqrt.reciprocal_();
        const adaptiveLr = inv.mul(pyPow(biasCorrection2, 0.5));
        const scaled = update.mul(adaptiveLr);
        const rectified = scaled.mul(rect);
        temps.push(sqrt, adaptiveLr, scaled, rectified);
        param.add_(rectified, { alpha: -1.0 });
      } else {
        param.add_(update, { alpha: -1.0 });
      }
      for (const t of temps) t.dispose();
    }
  }
}

function validateRAdamGroup(cls: string, g: RAdamGroupOptions): void {
  nonNegative(cls, 'lr', g.lr, 'learning rate');
  nonNegative(cls, 'eps', g.eps, 'epsilon value');
  checkBetas(cls, g.betas);
  nonNegative(cls, 'weightDecay', g.weightDecay, 'weight_decay value');
  booleanOption(cls, 'decoupledWeightDecay', g.decoupledWeightDecay);
  booleanOption(cls, 'maximize', g.maximize);
}
