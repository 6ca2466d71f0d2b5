// torch.optim.Adagrad, the single-tensor path of torch/optim/adagrad.py (dense gradients).
import { fullLike } from '../generated/functions.js';
import { borrowGrad, type Tensor } from '../tensor.js';
import { Optimizer, booleanOption, nonNegative, type Params, type ParamGroup, type OptimizerArgs, type ParamsByName, optimizerArgs } from './optimizer.js';

export interface AdagradOptions {
  /** Learning rate (default 1e-2). */
  lr?: number;
  /** Learning-rate decay (default 0). */
  lrDecay?: number;
  /** L2 penalty (default 0). */
  weightDecay?: number;
  /** Starting value of the sum of squared gradients (default 0). */
  initialAccumulatorValue?: number;
  /** Added to the denominator (default 1e-10). */
  eps?: number;
  /** Maximize the objective instead of minimizing (default false). */
  maximize?: boolean;
}

/** The options of an Adagrad parameter group, all set. */
export interface AdagradGroupOptions {
  lr: number;
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
  maximize: boolean;
}

const ADAGRAD_KEYS = ['lr', 'lrDecay', 'weightDecay', 'initialAccumulatorValue', 'eps', 'maximize'] as const;
/** Python's positional parameters after params, in order. */
const ADAGRAD_POSITIONAL = ['lr', 'lrDecay', 'weightDecay', 'initialAccumulatorValue', 'eps'] as const;

/**
 * Adagrad, as torch.optim.Adagrad. Its state (`step`, `sum`) exists from construction, as in PyTorch.
 * @example const optimizer = new optim.Adagrad(model.parameters(), { lr: 0.01 });
 */
export class Adagrad extends Optimizer<AdagradGroupOptions> {
  constructor(params: Params<AdagradGroupOptions>, ...args: OptimizerArgs<AdagradOptions, typeof ADAGRAD_POSITIONAL>);
  constructor(options: ParamsByName<AdagradGroupOptions, AdagradOptions>);
  constructor(first: Params<AdagradGroupOptions> | ParamsByName<AdagradGroupOptions, AdagradOptions>, ...args: unknown[]) {
    const [params, options] = optimizerArgs<AdagradGroupOptions, AdagradOptions>('Adagrad', first, args, ADAGRAD_POSITIONAL, ADAGRAD_KEYS);
    const d: AdagradGroupOptions = {
      lr: options.lr ?? 1e-2,
      lrDecay: options.lrDecay ?? 0,
      weightDecay: options.weightDecay ?? 0,
      initialAccumulatorValue: options.initialAccumulatorValue ?? 0,
      eps: options.eps ?? 1e-10,
      maximize: options.maximize ?? false,
    };
    validateAdagradGroup('Adagrad', d);
    super(params, d);
    for (const group of this.paramGroups) for (const p of group.params) this.initState(p, group);
  }

  private initState(p: Tensor, group: ParamGroup<AdagradGroupOptions>): void {
    const state = this.stateOf(p);
    this.checkReal(p);
    state.step = 0;
    state.sum = this.keep(fullLike(p, group.initialAccumulatorValue, { memoryFormat: 'preserve_format' }));
  }

  protected override validateGroup(group: ParamGroup<AdagradGroupOptions>): void {
    validateAdagradGroup(this.optimizerName, group);
  }

  protected override stepGroup(group: ParamGroup<AdagradGroupOptions>): void {
    const { lr, lrDecay, weightDecay, eps, maximize } = group;
    for (const param of group.params) {
      const g0 = borrowGrad(param);
      if (g0 === null) continue;
      let state = this.stateOf(param);
      if (state.sum === undefined) { this.initState(param, group); state = this.stateOf(param); }
      state.step = (state.step as number) + 1;
      const step = state.step;
      const temps: Tensor[] = [g0];
      let grad = g0;
      if (maximize) temps.push(grad = grad.neg());
      if (weightDecay !== 0) temps.push(grad = grad.add(param, { alpha: weightDecay }));
      const clr = lr / (1 + (step - 1) * lrDecay);
      const sum = state.sum as Tensor;
      sum.addcmul_(grad, grad, { value: 1 });
      const std = sum.sqrt().add_(eps);
      temps.push(std);
      param.addcdiv_(grad, std, { value: -clr });
      for (const t of temps) t.dispose();
    }
  }
}

function validateAdagradGroup(cls: string, g: AdagradGroupOptions): void {
  nonNegative(cls, 'lr', g.lr, 'learning rate');
  nonNegative(cls, 'lrDecay', g.lrDecay, 'lr_decay value');
  nonNegative(cls, 'weightDecay', g.weightDecay, 'weight_decay value');
  nonNegative(cls, 'initialAccumulatorValue', g.initialAccumulatorValue, 'initial_accumulator_value value');
  nonNegative(cls, 'eps', g.eps, 'epsilon value');
  booleanOption(cls, 'maximize', g.maximize);
}
