// torch.optim.Adadelta, the single-tensor path of torch/optim/adadelta.py (PyTorch's default on
// CPU): the same operators in the same order, so the same numbers.
import { borrowGrad, type Tensor } from '../tensor.js';
import { Optimizer, booleanOption, nonNegative, numberOption, type Params, type ParamGroup, type OptimizerArgs, type ParamsByName, optimizerArgs } from './optimizer.js';

export interface AdadeltaOptions {
  /** Coefficient scaling the delta before it is applied to the parameters (default 1.0). */
  lr?: number;
  /** Coefficient of the running averages of the squared gradient and squared delta (default 0.9). */
  rho?: number;
  /** Added inside the square roots for numerical stability (default 1e-6). */
  eps?: number;
  /** L2 penalty (default 0). */
  weightDecay?: number;
  /** Maximize the objective instead of minimizing (default false). */
  maximize?: boolean;
}

/** The options of an Adadelta parameter group, all set. */
export interface AdadeltaGroupOptions {
  lr: number;
  rho: number;
  eps: number;
  weightDecay: number;
  maximize: boolean;
}

const ADADELTA_KEYS = ['lr', 'rho', 'eps', 'weightDecay', 'maximize'] as const;
/** Python's positional parameters after params, in order. */
const ADADELTA_POSITIONAL = ['lr', 'rho', 'eps', 'weightDecay'] as const;

/**
 * Adadelta (Zeiler), as torch.optim.Adadelta. State per parameter: `step`, `squareAvg`, `accDelta`.
 * @example
 * const optimizer = new optim.Adadelta(model.parameters(), { lr: 1.0, rho: 0.9 });
 * optimizer.zeroGrad(); loss.backward(); optimizer.step();
 */
export class Adadelta extends Optimizer<AdadeltaGroupOptions> {
  constructor(params: Params<AdadeltaGroupOptions>, ...args: OptimizerArgs<AdadeltaOptions, typeof ADADELTA_POSITIONAL>);
  constructor(options: ParamsByName<AdadeltaGroupOptions, AdadeltaOptions>);
  constructor(first: Params<AdadeltaGroupOptions> | ParamsByName<AdadeltaGroupOptions, AdadeltaOptions>, ...args: unknown[]) {
    const [params, options] = optimizerArgs<AdadeltaGroupOptions, AdadeltaOptions>('Adadelta', first, args, ADADELTA_POSITIONAL, ADADELTA_KEYS);
    const d: AdadeltaGroupOptions = {
      lr: options.lr ?? 1.0,
      rho: options.rho ?? 0.9,
      eps: options.eps ?? 1e-6,
      weightDecay: options.weightDecay ?? 0,
      maximize: options.maximize ?? false,
    };
    validateAdadeltaGroup('Adadelta', d);
    super(params, d);
  }

  protected override validateGroup(group: ParamGroup<AdadeltaGroupOptions>): void {
    validateAdadeltaGroup(this.optimizerName, group);
  }

  protected override stepGroup(group: ParamGroup<AdadeltaGroupOptions>): void {
    const { lr, rho, eps, weightDecay, maximize } = group;
    for (const param of group.params) {
      const g0 = borrowGrad(param);
      if (g0 === null) continue;
      const state = this.stateOf(param);
      if (state.squareAvg === undefined) {
        this.checkReal(param);
        state.step = 0;
        state.squareAvg = this.zeroState(param);
        state.accDelta = this.zeroState(param);
      }
      const squareAvg = state.squareAvg as Tensor;
      const accDelta = state.accDelta as Tensor;
      state.step = (state.step as number) + 1;
      const temps: Tensor[] = [g0];
      let grad = g0;
      if (maximize) temps.push(grad = grad.neg());
      if (weightDecay !== 0) temps.push(grad = grad.add(param, { alpha: weightDecay }));
      squareAvg.mul_(rho).addcmul_(grad, grad, { value: 1 - rho });
      const std = squareAvg.add(eps).sqrt_();
      const delta = accDelta.add(eps).sqrt_();
      temps.push(std, delta);
      delta.div_(std).mul_(grad);
      accDelta.mul_(rho).addcmul_(delta, delta, { value: 1 - rho });
      param.add_(delta, { alpha: -lr });
      for (const t of temps) t.dispose();
    }
  }
}

function validateAdadeltaGroup(cls: string, g: AdadeltaGroupOptions): void {
  nonNegative(cls, 'lr', g.lr, 'learning rate');
  const rho = numberOption(cls, 'rho', g.rho);
  if (!(rho >= 0 && rho <= 1)) throw new RangeError(`Invalid rho value: ${rho} (${cls} option rho must be in [0, 1])`);
  nonNegative(cls, 'eps', g.eps, 'epsilon value');
  nonNegative(cls, 'weightDecay', g.weightDecay, 'weight_decay value');
  booleanOption(cls, 'maximize', g.maximize);
}
