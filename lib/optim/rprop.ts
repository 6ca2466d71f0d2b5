// torch.optim.Rprop, the single-tensor path of torch/optim/rprop.py (PyTorch's default on CPU):
// the same operators in the same order, so the same numbers.
import { fullLike } from '../generated/functions.js';
import { borrowGrad, type Tensor } from '../tensor.js';
import { Optimizer, booleanOption, nonNegative, numberOption, type Params, type ParamGroup, type OptimizerArgs, type ParamsByName, optimizerArgs } from './optimizer.js';

export interface RpropOptions {
  /** Learning rate: the initial step size of every element (default 1e-2). */
  lr?: number;
  /** Multiplicative decrease and increase factors of the step sizes, `0 < etaminus < 1 < etaplus` (default [0.5, 1.2]). */
  etas?: readonly [number, number];
  /** Minimal and maximal step sizes (default [1e-6, 50]). */
  stepSizes?: readonly [number, number];
  /** Maximize the objective instead of minimizing (default false). */
  maximize?: boolean;
}

/** The options of an Rprop parameter group, all set. */
export interface RpropGroupOptions {
  lr: number;
  etas: [number, number];
  stepSizes: [number, number];
  maximize: boolean;
}

const RPROP_KEYS = ['lr', 'etas', 'stepSizes', 'maximize'] as const;
/** Python's positional parameters after params, in order. */
const RPROP_POSITIONAL = ['lr', 'etas', 'stepSizes'] as const;

function pairFrom(cls: string, name: string, v: unknown, fallback: [number, number]): [number, number] {
  if (v === undefined) return [fallback[0], fallback[1]];
  if (!Array.isArray(v) || v.length !== 2) throw new TypeError(`${cls}: option ${name} must be an array of two numbers`);
  return [v[0] as number, v[1] as number];
}

/**
 * Rprop (resilient backpropagation; Riedmiller & Braun), as torch.optim.Rprop: each element has
 * its own step size, grown while the gradient keeps its sign and shrunk when it flips; only the
 * gradient's sign moves the parameter. State per parameter: `step`, `prev`, `stepSize`.
 * @example
 * const optimizer = new optim.Rprop(model.parameters(), { lr: 0.01, etas: [0.5, 1.2] });
 * optimizer.zeroGrad(); loss.backward(); optimizer.step();
 */
export class Rprop extends Optimizer<RpropGroupOptions> {
  constructor(params: Params<RpropGroupOptions>, ...args: OptimizerArgs<RpropOptions, typeof RPROP_POSITIONAL>);
  constructor(options: ParamsByName<RpropGroupOptions, RpropOptions>);
  constructor(first: Params<RpropGroupOptions> | ParamsByName<RpropGroupOptions, RpropOptions>, ...args: unknown[]) {
    const [params, options] = optimizerArgs<RpropGroupOptions, RpropOptions>('Rprop', first, args, RPROP_POSITIONAL, RPROP_KEYS);
    const d: RpropGroupOptions = {
      lr: options.lr ?? 1e-2,
      etas: pairFrom('Rprop', 'etas', options.etas, [0.5, 1.2]),
      stepSizes: pairFrom('Rprop', 'stepSizes', options.stepSizes, [1e-6, 50]),
      maximize: options.maximize ?? false,
    };
    validateRpropGroup('Rprop', d);
    super(params, d);
  }

  protected override validateGroup(group: ParamGroup<RpropGroupOptions>): void {
    validateRpropGroup(this.optimizerName, group);
  }

  protected override stepGroup(group: ParamGroup<RpropGroupOptions>): void {
    const { lr, maximize } = group;
    const [etaminus, etaplus] = group.etas;
    const [stepSizeMin, stepSizeMax] = group.stepSizes;
    for (const param of group.params) {
      const g0 = borrowGrad(param);
      if (g0 === null) continue;
      const state = this.stateOf(param);
      if (state.prev === undefined) {
        this.checkReal(param);
        state.step = 0;
        state.prev = this.zeroState(param);
        state.stepSize = this.keep(fullLike(g0, lr));
      }
      const prev = state.prev as Tensor;
      const stepSize = state.stepSize as Tensor;
      const temps: Tensor[] = [g0];
      let grad = g0;
      if (maximize) temps.push(grad = grad.neg());
      state.step = (state.step as number) + 1;
      const sign = grad.mul(prev).sign_();
      temps.push(sign);
      // Python's `sign[mask] = value`: a masked fill with the value cast to sign's dtype.
      const fill = (mask: Tensor, value: number): void => { sign.maskedFill_(mask, value); mask.dispose(); };
      fill(sign.gt(0), etaplus);
      fill(sign.lt(0), etaminus);
      fill(sign.eq(0), 1);
      stepSize.mul_(sign).clamp_(stepSizeMin, stepSizeMax);
      // Where the gradient's sign flipped, this step does not move and forgets the gradient.
      const g = grad.clone({ memoryFormat: 'preserve_format' });
      temps.push(g);
      const flipped = sign.eq(etaminus);
      g.maskedFill_(flipped, 0);
      flipped.dispose();
      const gs = g.sign();
      temps.push(gs);
      param.addcmul_(gs, stepSize, { value: -1 });
      prev.copy_(g);
      for (const t of temps) t.dispose();
    }
  }
}

function validateRpropGroup(cls: string, g: RpropGroupOptions): void {
  nonNegative(cls, 'lr', g.lr, 'learning rate');
  if (!Array.isArray(g.etas) || g.etas.length !== 2) throw new TypeError(`${cls}: option etas must be an array of two numbers`);
  const e0 = numberOption(cls, 'etas[0]', g.etas[0]);
  const e1 = numberOption(cls, 'etas[1]', g.etas[1]);
  if (!(0 < e0 && e0 < 1 && 1 < e1)) throw new RangeError(`Invalid eta values: ${e0}, ${e1} (${cls} option etas must satisfy 0 < etas[0] < 1 < etas[1])`);
  if (!Array.isArray(g.stepSizes) || g.stepSizes.length !== 2) throw new TypeError(`${cls}: option stepSizes must be an array of two numbers`);
  numberOption(cls, 'stepSizes[0]', g.stepSizes[0]);
  numberOption(cls, 'stepSizes[1]', g.stepSizes[1]);
  booleanOption(cls, 'maximize', g.maximize);
}
