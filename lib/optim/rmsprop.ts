// torch.optim.RMSprop, the single-tensor path of torch/optim/rmsprop.py.
import { borrowGrad, type Tensor } from '../tensor.js';
import { Optimizer, booleanOption, nonNegative, type Params, type ParamGroup, type OptimizerArgs, type ParamsByName, optimizerArgs } from './optimizer.js';

export interface RMSpropOptions {
  /** Learning rate (default 1e-2). */
  lr?: number;
  /** Smoothing constant (default 0.99). */
  alpha?: number;
  /** Added to the denominator (default 1e-8). */
  eps?: number;
  /** L2 penalty (default 0). */
  weightDecay?: number;
  /** Momentum factor (default 0). */
  momentum?: number;
  /** Normalize by an estimate of the gradient's variance (default false). */
  centered?: boolean;
  /** Maximize the objective instead of minimizing (default false). */
  maximize?: boolean;
}

/** The options of an RMSprop parameter group, all set. */
export interface RMSpropGroupOptions {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
  maximize: boolean;
}

const RMSPROP_KEYS = ['lr', 'alpha', 'eps', 'weightDecay', 'momentum', 'centered', 'maximize'] as const;
/** Python's positional parameters after params, in order. */
const RMSPROP_POSITIONAL = ['lr', 'alpha', 'eps', 'weightDecay', 'momentum', 'centered'] as const;

/**
 * RMSprop, as torch.optim.RMSprop.
 * @example const optimizer = new optim.RMSprop(model.parameters(), { lr: 0.01, momentum: 0.9 });
 */
export class RMSprop extends Optimizer<RMSpropGroupOptions> {
  constructor(params: Params<RMSpropGroupOptions>, ...args: OptimizerArgs<RMSpropOptions, typeof RMSPROP_POSITIONAL>);
  constructor(options: ParamsByName<RMSpropGroupOptions, RMSpropOptions>);
  constructor(first: Params<RMSpropGroupOptions> | ParamsByName<RMSpropGroupOptions, RMSpropOptions>, ...args: unknown[]) {
    const [params, options] = optimizerArgs<RMSpropGroupOptions, RMSpropOptions>('RMSprop', first, args, RMSPROP_POSITIONAL, RMSPROP_KEYS);
    const d: RMSpropGroupOptions = {
      lr: options.lr ?? 1e-2,
      alpha: options.alpha ?? 0.99,
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 0,
      momentum: options.momentum ?? 0,
      centered: options.centered ?? false,
      maximize: options.maximize ?? false,
    };
    validateRMSpropGroup('RMSprop', d);
    super(params, d);
  }

  protected override validateGroup(group: ParamGroup<RMSpropGroupOptions>): void {
    validateRMSpropGroup(this.optimizerName, group);
  }

  protected override stepGroup(group: ParamGroup<RMSpropGroupOptions>): void {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group;
    for (const param of group.params) {
      const g0 = borrowGrad(param);
      if (g0 === null) continue;
      const state = this.stateOf(param);
      if (state.squareAvg === undefined) {
        this.checkReal(param);
        state.step = 0;
        state.squareAvg = this.zeroState(param);
        if (momentum > 0) state.momentumBuffer = this.zeroState(param);
        if (centered) state.gradAvg = this.zeroState(param);
      }
      const temps: Tensor[] = [g0];
      let grad = g0;
      if (maximize) temps.push(grad = grad.neg());
      const squareAvg = state.squareAvg as Tensor;
      state.step = (state.step as number) + 1;
      if (weightDecay !== 0) temps.push(grad = grad.add(param, { alpha: weightDecay }));
      squareAvg.mul_(alpha).addcmul_(grad, grad, { value: 1 - alpha });
      let avg: Tensor;
      if (centered) {
        const gradAvg = state.gradAvg as Tensor;
        gradAvg.lerp_(grad, 1 - alpha);
        avg = squareAvg.addcmul(gradAvg, gradAvg, { value: -1 }).sqrt_();
      } else {
        avg = squareAvg.sqrt();
      }
      avg.add_(eps);
      temps.push(avg);
      if (momentum > 0) {
        const buf = state.momentumBuffer as Tensor;
        buf.mul_(momentum).addcdiv_(grad, avg);
        param.add_(buf, { alpha: -lr });
      } else {
        param.addcdiv_(grad, avg, { value: -lr });
      }
      for (const t of temps) t.dispose();
    }
  }
}

function validateRMSpropGroup(cls: string, g: RMSpropGroupOptions): void {
  nonNegative(cls, 'lr', g.lr, 'learning rate');
  nonNegative(cls, 'eps', g.eps, 'epsilon value');
  nonNegative(cls, 'momentum', g.momentum, 'momentum value');
  nonNegative(cls, 'weightDecay', g.weightDecay, 'weight_decay value');
  nonNegative(cls, 'alpha', g.alpha, 'alpha value');
  booleanOption(cls, 'centered', g.centered);
  booleanOption(cls, 'maximize', g.maximize);
}
