// torch.optim.Adam, the single-tensor path of torch/optim/adam.py (PyTorch's default on CPU):
// the same operators in the same order, so the same numbers.
import { emptyLike, maximum } from '../generated/functions.js';
import { ops } from '../ops_namespace.js';
import { borrowGrad, type Tensor } from '../tensor.js';
import { pyPow } from '../scalar_math.js';
import { Optimizer, foreachOption, useForeach, checkOptionKeys, booleanOption, nonNegative, numberOption, type Params, type ParamGroup, type ParamState, type OptimizerArgs, type ParamsByName, optimizerArgs } from './optimizer.js';

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
  /**
   * Update a whole group with `_foreach_*` operators (PyTorch's multi-tensor path: a handful of
   * native calls per step instead of several per parameter; on CPU the same per-tensor kernels in
   * the same order, so the same numbers). Default null, as PyTorch's None: the multi-tensor path
   * on accelerators, the per-parameter loop on CPU (faster there: better cache locality).
   */
  foreach?: boolean | null;
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
  foreach: boolean | null;
}

const ADAM_KEYS = ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad', 'maximize', 'decoupledWeightDecay', 'foreach'] as const;
/** Python's positional parameters after params, in order (Adam's and AdamW's). */
const ADAM_POSITIONAL = ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad'] as const;
const A = ops.aten;

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
  constructor(params: Params<AdamGroupOptions>, ...args: OptimizerArgs<AdamOptions, typeof ADAM_POSITIONAL>);
  constructor(options: ParamsByName<AdamGroupOptions, AdamOptions>);
  constructor(first: Params<AdamGroupOptions> | ParamsByName<AdamGroupOptions, AdamOptions>, ...args: unknown[]) {
    const cls = new.target === Adam ? 'Adam' : new.target.name;
    const [params, options] = optimizerArgs<AdamGroupOptions, AdamOptions>(cls, first, args, ADAM_POSITIONAL, ADAM_KEYS);
    super(params, Adam.defaultsFrom(cls, options, {}));
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
      foreach: options.foreach ?? null,
    };
    if (options.betas !== undefined && (!Array.isArray(options.betas) || options.betas.length !== 2)) {
      throw new TypeError(`${cls}: option betas must be an array of two numbers`);
    }
    validateAdamGroup(cls, d);
    return d;
  }

  protected override validateGroup(group: ParamGroup<AdamGroupOptions>): void {
    validateAdamGroup(this.optimizerName, group);
  }

  /** Lazy state initialization, as PyTorch's _init_group. */
  private initState(param: Tensor, amsgrad: boolean): AdamState {
    const state = this.stateOf(param) as unknown as AdamState;
    if (state.expAvg === undefined) {
      this.checkReal(param);
      state.step = 0;
      state.expAvg = this.zeroState(param);
      state.expAvgSq = this.zeroState(param);
      if (amsgrad) state.maxExpAvgSq = this.zeroState(param);
    }
    if (amsgrad && state.maxExpAvgSq === undefined) state.maxExpAvgSq = this.zeroState(param);
    return state;
  }

  /** Scratch buffers for the denominators of the foreach path (not part of the state). */
  private readonly denoms = new WeakMap<Tensor, Tensor>();

  protected override stepGroup(group: ParamGroup<AdamGroupOptions>): void {
    if (useForeach(group.foreach, group.params)) this.stepGroupForeach(group);
    else this.stepGroupSingle(group);
  }

  /**
   * The same operators as the single-tensor loop below, each applied to the whole group at once
   * (PyTorch's _multi_tensor_adam without capturable).
   */
  private stepGroupForeach(group: ParamGroup<AdamGroupOptions>): void {
    const { lr, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay } = group;
    const [beta1, beta2] = group.betas;
    const params: Tensor[] = [];
    const rawGrads: Tensor[] = [];
    const expAvgs: Tensor[] = [];
    const expAvgSqs: Tensor[] = [];
    const maxExpAvgSqs: Tensor[] = [];
    const denoms: Tensor[] = [];
    const bc2Sqrts: number[] = [];
    const negStepSizes: number[] = [];
    for (const param of group.params) {
      const g = borrowGrad(param);
      if (g === null) continue;
      const state = this.initState(param, amsgrad);
      params.push(param);
      rawGrads.push(g);
      expAvgs.push(state.expAvg);
      expAvgSqs.push(state.expAvgSq);
      if (amsgrad) maxExpAvgSqs.push(state.maxExpAvgSq!);
      let denom = this.denoms.get(param);
      if (denom === undefined) {
        denom = this.keep(emptyLike(param, { memoryFormat: 'preserve_format' }));
        this.denoms.set(param, denom);
      }
      denoms.push(denom);
      state.step += 1;
      const step = state.step;
      const biasCorrection1 = 1 - pyPow(beta1, step);
      const biasCorrection2 = 1 - pyPow(beta2, step);
      negStepSizes.push(-(lr / biasCorrection1));
      bc2Sqrts.push(pyPow(biasCorrection2, 0.5));
    }
    if (params.length === 0) return;
    let grads = maximize ? (A._foreach_neg!(rawGrads) as Tensor[]) : rawGrads;
    if (weightDecay !== 0) {
      if (decoupledWeightDecay) {
        A._foreach_mul_!(params, 1 - lr * weightDecay);
      } else {
        const decayed = A._foreach_add!(grads, params, { alpha: weightDecay }) as Tensor[];
        if (grads !== rawGrads) for (const t of grads) t.dispose();
        grads = decayed;
      }
    }
    A._foreach_lerp_!(expAvgs, grads, 1 - beta1);
    A._foreach_mul_!(expAvgSqs, beta2);
    A._foreach_addcmul_!(expAvgSqs, grads, grads, 1 - beta2);
    if (amsgrad) {
      A._foreach_maximum_!(maxExpAvgSqs, expAvgSqs);
      A._foreach_sqrt!(maxExpAvgSqs, { out: denoms });
    } else {
      A._foreach_sqrt!(expAvgSqs, { out: denoms });
    }
    A._foreach_div_!(denoms, bc2Sqrts);
    A._foreach_add_!(denoms, eps);
    A._foreach_addcdiv_!(params, expAvgs, denoms, negStepSizes);
    if (grads !== rawGrads) for (const t of grads) t.dispose();
    for (const t of rawGrads) t.dispose();
  }

  private stepGroupSingle(group: ParamGroup<AdamGroupOptions>): void {
    const { lr, eps, weightDecay, amsgrad, maximize, decoupledWeightDecay } = group;
    const [beta1, beta2] = group.betas;
    for (const param of group.params) {
      const g0 = borrowGrad(param);
      if (g0 === null) continue;
      const state = this.initState(param, amsgrad);
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

      const biasCorrection1 = 1 - pyPow(beta1, step);
      const biasCorrection2 = 1 - pyPow(beta2, step);
      const stepSize = lr / biasCorrection1;
      const biasCorrection2Sqrt = pyPow(biasCorrection2, 0.5);

      let denom: Tensor;
      if (amsgrad) {
        const max = state.maxExpAvgSq!;
        maximum(max, expAvgSq, { out: max });
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
  foreachOption(cls, g.foreach);
}

/** The options of AdamW: Adam's, its weight decay always decoupled. */
export type AdamWOptions = Omit<AdamOptions, 'decoupledWeightDecay'>;

/**
 * AdamW (Loshchilov & Hutter): Adam with decoupled weight decay, as torch.optim.AdamW
 * (weightDecay defaults to 1e-2).
 * @example const optimizer = new optim.AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.01 });
 */
export class AdamW extends Adam {
  constructor(params: Params<AdamGroupOptions>, ...args: OptimizerArgs<AdamWOptions, typeof ADAM_POSITIONAL>);
  constructor(options: ParamsByName<AdamGroupOptions, AdamWOptions>);
  constructor(first: Params<AdamGroupOptions> | ParamsByName<AdamGroupOptions, AdamWOptions>, ...args: unknown[]) {
    const keys = ADAM_KEYS.filter((k) => k !== 'decoupledWeightDecay');
    const [params, options] = optimizerArgs<AdamGroupOptions, AdamWOptions>('AdamW', first, args, ADAM_POSITIONAL, keys);
    super(params, Adam.defaultsFrom('AdamW', options, { weightDecay: 1e-2, decoupledWeightDecay: true }, keys));
  }

  /** As PyTorch's AdamW.__setstate__: a loaded state always decouples the weight decay. @example optimizer.loadStateDict(saved); */
  protected override setState(state: Map<Tensor, ParamState>, paramGroups: ParamGroup<AdamGroupOptions>[]): void {
    super.setState(state, paramGroups);
    for (const g of this.paramGroups) g.decoupledWeightDecay = true;
  }
}
