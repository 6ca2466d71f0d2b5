// torch.optim.ASGD, the single-tensor path of torch/optim/asgd.py (PyTorch's default on CPU):
// the same operators in the same order, so the same numbers.
import { tensor } from '../creation.js';
import { borrowGrad, type Tensor } from '../tensor.js';
import { Optimizer, booleanOption, nonNegative, numberOption, type Params, type ParamGroup, type OptimizerArgs, type ParamsByName, optimizerArgs } from './optimizer.js';
import { pyPow } from '../scalar_math.js';

export interface ASGDOptions {
  /** Learning rate (default 1e-2). */
  lr?: number;
  /** Decay term (default 1e-4). */
  lambd?: number;
  /** Power of the learning-rate decay (default 0.75). */
  alpha?: number;
  /** The step at which averaging starts (default 1e6). */
  t0?: number;
  /** L2 penalty (default 0). */
  weightDecay?: number;
  /** Maximize the objective instead of minimizing (default false). */
  maximize?: boolean;
}

/** The options of an ASGD parameter group, all set. */
export interface ASGDGroupOptions {
  lr: number;
  lambd: number;
  alpha: number;
  t0: number;
  weightDecay: number;
  maximize: boolean;
}

const ASGD_KEYS = ['lr', 'lambd', 'alpha', 't0', 'weightDecay', 'maximize'] as const;
/** Python's positional parameters after params, in order. */
const ASGD_POSITIONAL = ['lr', 'lambd', 'alpha', 't0', 'weightDecay'] as const;

/**
 * Averaged stochastic gradient descent (Polyak & Juditsky), as torch.optim.ASGD. State per
 * parameter: `step`, `eta` (the current learning rate) and `mu` (the averaging coefficient) as
 * 0-dim float32 tensors as in PyTorch, and `ax`, the running average of the parameter.
 * @example
 * const optimizer = new optim.ASGD(model.parameters(), { lr: 0.01, t0: 100 });
 * optimizer.zeroGrad(); loss.backward(); optimizer.step();
 * const averaged = optimizer.state.get(param)!.ax; // the averaged parameter
 */
export class ASGD extends Optimizer<ASGDGroupOptions> {
  constructor(params: Params<ASGDGroupOptions>, ...args: OptimizerArgs<ASGDOptions, typeof ASGD_POSITIONAL>);
  constructor(options: ParamsByName<ASGDGroupOptions, ASGDOptions>);
  constructor(first: Params<ASGDGroupOptions> | ParamsByName<ASGDGroupOptions, ASGDOptions>, ...args: unknown[]) {
    const [params, options] = optimizerArgs<ASGDGroupOptions, ASGDOptions>('ASGD', first, args, ASGD_POSITIONAL, ASGD_KEYS);
    const d: ASGDGroupOptions = {
      lr: options.lr ?? 1e-2,
      lambd: options.lambd ?? 1e-4,
      alpha: options.alpha ?? 0.75,
      t0: options.t0 ?? 1e6,
      weightDecay: options.weightDecay ?? 0,
      maximize: options.maximize ?? false,
    };
    validateASGDGroup('ASGD', d);
    super(params, d);
  }

  protected override validateGroup(group: ParamGroup<ASGDGroupOptions>): void {
    validateASGDGroup(this.optimizerName, group);
  }

  protected override stepGroup(group: ParamGroup<ASGDGroupOptions>): void {
    const { lr, lambd, alpha, t0, weightDecay, maximize } = group;
    for (const param of group.params) {
      const g0 = borrowGrad(param);
      if (g0 === null) continue;
      const state = this.stateOf(param);
      if (state.ax === undefined) {
        this.checkReal(param);
        state.step = 0;
        state.eta = this.keep(tensor(lr, { dtype: 'float32', device: param.device }));
        state.mu = this.keep(tensor(1, { dtype: 'float32', device: param.device }));
        state.ax = this.zeroState(param);
      }
      const eta = state.eta as Tensor;
      const mu = state.mu as Tensor;
      const ax = state.ax as Tensor;
      const temps: Tensor[] = [g0];
      let grad = g0;
      if (maximize) temps.push(grad = grad.neg());
      state.step = (state.step as number) + 1;
      // The step is a float32 tensor in PyTorch; counts stay exact far beyond any run's length.
      const step = Math.fround(state.step);
      if (weightDecay !== 0) temps.push(grad = grad.add(param, { alpha: weightDecay }));
      const etaValue = eta.item();
      param.mul_(1 - lambd * etaValue);
      param.add_(grad, { alpha: -etaValue });
      if (mu.item() !== 1) {
        const diff = param.sub(ax).mul_(mu);
        ax.add_(diff);
        diff.dispose();
      } else {
        ax.copy_(param);
      }
      // Python computes these in double and makes float32 tensors of them (torch.as_tensor of a
      // float), copied into the state tensors: float32 values even where a loadStateDict made
      // the state float64.
      eta.fill_(Math.fround(lr / pyPow(1 + lambd * lr * step, alpha)));
      mu.fill_(Math.fround(1 / Math.max(1, step - t0)));
      for (const t of temps) t.dispose();
    }
  }
}

function validateASGDGroup(cls: string, g: ASGDGroupOptions): void {
  nonNegative(cls, 'lr', g.lr, 'learning rate');
  numberOption(cls, 'lambd', g.lambd);
  numberOption(cls, 'alpha', g.alpha);
  numberOption(cls, 't0', g.t0);
  nonNegative(cls, 'weightDecay', g.weightDecay, 'weight_decay value');
  booleanOption(cls, 'maximize', g.maximize);
}
