// torch.optim.NAdam, the single-tensor path of torch/optim/nadam.py (PyTorch's default on CPU):
// the same operators in the same order, so the same numbers.
import { tensor } from '../creation.js';
import { borrowGrad, type Tensor } from '../tensor.js';
import { Optimizer, booleanOption, nonNegative, type Params, type ParamGroup, type OptimizerArgs, type ParamsByName, optimizerArgs } from './optimizer.js';
import { betasFrom, checkBetas } from './betas.js';
import { pyPow } from '../scalar_math.js';

export interface NAdamOptions {
  /** Learning rate (default 2e-3). */
  lr?: number;
  /** Coefficients of the running averages of the gradient and its square (default [0.9, 0.999]). */
  betas?: readonly [number, number];
  /** Added to the denominator (default 1e-8). */
  eps?: number;
  /** Weight decay: an L2 penalty, or decoupled as in AdamW when decoupledWeightDecay (default 0). */
  weightDecay?: number;
  /** Momentum decay ψ of the momentum schedule (default 4e-3). */
  momentumDecay?: number;
  /** Apply weight decay to the parameter directly, as AdamW (NAdamW; default false). */
  decoupledWeightDecay?: boolean;
  /** Maximize the objective instead of minimizing (default false). */
  maximize?: boolean;
}

/** The options of an NAdam parameter group, all set. */
export interface NAdamGroupOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  momentumDecay: number;
  decoupledWeightDecay: boolean;
  maximize: boolean;
}

const NADAM_KEYS = ['lr', 'betas', 'eps', 'weightDecay', 'momentumDecay', 'decoupledWeightDecay', 'maximize'] as const;
/** Python's positional parameters after params, in order. */
const NADAM_POSITIONAL = ['lr', 'betas', 'eps', 'weightDecay', 'momentumDecay', 'decoupledWeightDecay'] as const;

/**
 * NAdam (Adam with Nesterov momentum; Dozat), as torch.optim.NAdam. State per parameter: `step`,
 * `muProduct` (a 0-dim float32 tensor, as in PyTorch), `expAvg`, `expAvgSq`.
 * @example
 * const optimizer = new optim.NAdam(model.parameters(), { lr: 2e-3, momentumDecay: 4e-3 });
 * optimizer.zeroGrad(); loss.backward(); optimizer.step();
 */
export class NAdam extends Optimizer<NAdamGroupOptions> {
  constructor(params: Params<NAdamGroupOptions>, ...args: OptimizerArgs<NAdamOptions, typeof NADAM_POSITIONAL>);
  constructor(options: ParamsByName<NAdamGroupOptions, NAdamOptions>);
  constructor(first: Params<NAdamGroupOptions> | ParamsByName<NAdamGroupOptions, NAdamOptions>, ...args: unknown[]) {
    const [params, options] = optimizerArgs<NAdamGroupOptions, NAdamOptions>('NAdam', first, args, NADAM_POSITIONAL, NADAM_KEYS);
    const d: NAdamGroupOptions = {
      lr: options.lr ?? 2e-3,
      betas: betasFrom('NAdam', options.betas, [0.9, 0.999]),
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 0,
      momentumDecay: options.momentumDecay ?? 4e-3,
      decoupledWeightDecay: options.decoupledWeightDecay ?? false,
      maximize: options.maximize ?? false,
    };
    validateNAdamGroup('NAdam', d);
    super(params, d);
  }

  protected override validateGroup(group: ParamGroup<NAdamGroupOptions>): void {
    validateNAdamGroup(this.optimizerName, group);
  }

  protected override stepGroup(group: ParamGroup<NAdamGroupOptions>): void {
    const { lr, eps, weightDecay, momentumDecay, decoupledWeightDecay, maximize } = group;
    const [beta1, beta2] = group.betas;
    for (const param of group.params) {
      const g0 = borrowGrad(param);
      if (g0 === null) continue;
      const state = this.stateOf(param);
      if (state.expAvg === undefined) {
        this.checkReal(param);
        state.step = 0;
        // A float32 tensor as in PyTorch, so the running product rounds as there.
        state.muProduct = this.keep(tensor(1.0, { dtype: 'float32' }));
        state.expAvg = this.zeroState(param);
        state.expAvgSq = this.zeroState(param);
      }
      const expAvg = state.expAvg as Tensor;
      const expAvgSq = state.expAvgSq as Tensor;
      const muProduct = state.muProduct as Tensor;
      const temps: Tensor[] = [g0];
      let grad = g0;
      if (maximize) temps.push(grad = grad.neg());
      state.step = (state.step as number) + 1;
      const step = state.step;
      const biasCorrection2 = 1 - pyPow(beta2, step);
      if (weightDecay !== 0) {
        if (decoupledWeightDecay) param.mul_(1 - lr * weightDecay);
        else temps.push(grad = grad.add(param, { alpha: weightDecay }));
      }
      // The momentum cache mu_t and mu_{t+1}.
      const mu = beta1 * (1.0 - 0.5 * pyPow(0.96, step * momentumDecay));
      const muNext = beta1 * (1.0 - 0.5 * pyPow(0.96, (step + 1) * momentumDecay));
      muProduct.mul_(mu);
      expAvg.lerp_(grad, 1 - beta1);
      expAvgSq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });
      const denom = expAvgSq.div(biasCorrection2).sqrt_();
      temps.push(denom);
      const muProductValue = muProduct.item();
      const muProductNext = muProductValue * muNext;
      denom.add_(eps);
      param.addcdiv_(grad, denom, { value: -lr * (1.0 - mu) / (1.0 - muProductValue) });
      param.addcdiv_(expAvg, denom, { value: (-lr * muNext) / (1.0 - muProductNext) });
      for (const t of temps) t.dispose();
    }
  }
}

function validateNAdamGroup(cls: string, g: NAdamGroupOptions): void {
  nonNegative(cls, 'lr', g.lr, 'learning rate');
  nonNegative(cls, 'eps', g.eps, 'epsilon value');
  checkBetas(cls, g.betas);
  nonNegative(cls, 'weightDecay', g.weightDecay, 'weight_decay value');
  nonNegative(cls, 'momentumDecay', g.momentumDecay, 'momentum_decay value');
  booleanOption(cls, 'decoupledWeightDecay', g.decoupledWeightDecay);
  booleanOption(cls, 'maximize', g.maximize);
}
