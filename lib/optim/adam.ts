// torch.optim.Adam, the single-tensor path of torch/optim/adam.py (PyTorch's default on CPU):
// the same operators in the same order, so the same numbers.
import * as torch from '../torch.js';
import type { Tensor } from '../tensor.js';
import { Optimizer, checkOptionKeys, booleanOption, nonNegative, numberOption, type Params, type ParamGroup } from './optimizer.js';

export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr?: number;
  /** Coefficients of the running averages of the gradient and its square (default [0.9, 0.999]). */
  betas?: readonly [number, number];
  /** Added to the denominator (default 1e-8). */
  eps?: number;
  /** L2 penalty (default 0; AdamW: 1e-2, decoupled). */
  weightDecay?: number;
  /** Use the AMSGrad variant (default false). */
  amsgrad?: boolean;
  /** Maximize the objective instead of minimizing (default false). */
  maximize?: boolean;
  /** Apply weight decay to the parameter directly, as AdamW (default false). */
  decoupledWeightDecay?: boolean;
}

/** The options of an Adam parameter group, all set. */
export interface AdamGroupOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
  decoupledWeightDecay: boolean;
}

const ADAM_KEYS = ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad', 'maximize', 'decoupledWeightDecay'] as const;

interface AdamState {
  step: number;
  expAvg: Tensor;
  expAvgSq: Tensor;
  maxExpAvgSq?: Tensor;
}

/**
 * Adam (Kingma & Ba), as torch.optim.Adam.
 * @example
 * const optimizer = new optim.Adam(model.parameters(), { lr: 0.003 });
 * optimizer.zeroGrad(); loss.backward(); optimizer.step();
 */
export class Adam extends Optimizer<AdamGroupOptions> {
  constructor(params: Params<AdamGroupOptions>, options: AdamOptions = {}) {
    super(params, Adam.defaultsFrom('Adam', options, {}));
  }

  /** @internal */
  protected static defaultsFrom(cls: string, options: AdamOptions, overrides: Partial<AdamGroupOptions>, keys: readonly string[] = ADAM_KEYS): AdamGroupOptions {
    checkOptionKeys(cls, options, keys);
    const d: AdamGroupOptions = {
      lr: options.lr ?? 1e-3,
      betas: options.betas === undefined ? [0.9, 0.999] : [options.betas[0], options.betas[1]],
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? overrides.weightDecay ?? 0,
      amsgrad: options.amsgrad ?? false,
      maximize: options.maximize ?? false,
      decoupledWeightDecay: overrides.decoupledWeightDecay ?? options.decoupledWeightDecay ?? false,
    };
    if (options.betas !== undefined && (!Array.isArray(options.betas) || options.betas.length !== 2)) {
      throw new TypeError(`${cls}: option betas must be an array of two numbers`);
    }
    validateAdamGroup(cls, d);
    return d;
  }

  protected validateGroup(group: ParamGroup<AdamGroupOptions>): void {
    validateAdamGroup(this.optimizerName, group);
  }

  protected stepGroup(group: ParamGroup<AdamGroupOptions>): void {
    const { lr, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay } = group;
    const [beta1, beta2] = group.betas;
    for (const param of group.params) {
      const g0 = param.grad;
      if (g0 === null) continue;
      const state = this.stateOf(param) as unknown as AdamState;
      if (state.expAvg === undefined) {
        if (param.isComplex()) throw new TypeError(`${this.optimizerName}: complex parameters are not supported`);
        state.step = 0;
        state.expAvg = this.keep(torch.zerosLike(param, { memoryFormat: 'preserve_format' }));
        state.expAvgSq = this.keep(torch.zerosLike(param, { memoryFormat: 'preserve_format' }));
        if (amsgrad) state.maxExpAvgSq = this.keep(torch.zerosLike(param, { memoryFormat: 'preserve_format' }));
      }
      let grad = maximize ? g0.neg() : g0;
      const { expAvg, expAvgSq } = state;
      state.step += 1;
      const step = state.step;

      if (weightDecay !== 0) {
        if (decoupledWeightDecay) {
          param.mul_(1 - lr * weightDecay);
        } else {
          const decayed = grad.add(param, { alpha: weightDecay });
          if (grad !== g0) grad.dispose();
          grad = decayed;
        }
      }

      expAvg.lerp_(grad, 1 - beta1);
      expAvgSq.mul_(beta2).addcmul_(grad, grad, { value: 1 - beta2 });

      const biasCorrection1 = 1 - beta1 ** step;
      const biasCorrection2 = 1 - beta2 ** step;
      const stepSize = lr / biasCorrection1;
      const biasCorrection2Sqrt = biasCorrection2 ** 0.5;

      let denom: Tensor;
      if (amsgrad) {
        let max = state.maxExpAvgSq;
        if (max === undefined) max = state.maxExpAvgSq = this.keep(torch.zerosLike(param, { memoryFormat: 'preserve_format' }));
        torch.maximum(max, expAvgSq, { out: max });
        denom = max.sqrt();
      } else {
        denom = expAvgSq.sqrt();
      }
      denom.div_(biasCorrection2Sqrt).add_(eps);
      param.addcdiv_(expAvg, denom, { value: -stepSize });

      denom.dispose();
      if (grad !== g0) grad.dispose();
      g0.dispose();
    }
  }
}

function validateAdamGroup(cls: string, g: AdamGroupOptions): void {
  nonNegative(cls, 'lr', g.lr, 'learning rate');
  nonNegative(cls, 'eps', g.eps, 'epsilon value');
  const betas = g.betas as unknown;
  if (!Array.isArray(betas) || betas.length !== 2) throw new TypeError(`${cls}: option betas must be an array of two numbers`);
  for (let i = 0; i < 2; i++) {
    const b = numberOption(cls, `betas[${i}]`, betas[i]);
    if (!(b >= 0 && b < 1)) throw new RangeError(`Invalid beta parameter at index ${i}: ${b} (${cls} option betas[${i}] must be in [0, 1))`);
  }
  nonNegative(cls, 'weightDecay', g.weightDecay, 'weight_decay value');
  booleanOption(cls, 'amsgrad', g.amsgrad);
  booleanOption(cls, 'maximize', g.maximize);
  booleanOption(cls, 'decoupledWeightDecay', g.decoupledWeightDecay);
}

/**
 * AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, as torch.optim.AdamW
 * (weightDecay defaults to 1e-2).
 * @example const optimizer = new optim.AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.01 });
 */
export class AdamW extends Adam {
  constructor(params: Params<AdamGroupOptions>, options: Omit<AdamOptions, 'decoupledWeightDecay'> = {}) {
    super(params, Adam.defaultsFrom('AdamW', options, { weightDecay: 1e-2, decoupledWeightDecay: true }, ADAM_KEYS.filter((k) => k !== 'decoupledWeightDecay')) as AdamOptions);
  }

  override loadStateDict(stateDict: Parameters<Adam['loadStateDict']>[0]): void {
    super.loadStateDict(stateDict);
    for (const g of this.paramGroups) g.decoupledWeightDecay = true;
  }
}
