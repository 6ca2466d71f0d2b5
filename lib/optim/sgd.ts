// torch.optim.SGD, the single-tensor path of torch/optim/sgd.py.
import { ops } from '../ops_namespace.js';
import { borrowGrad, type Tensor } from '../tensor.js';
import { Optimizer, foreachOption, useForeach, booleanOption, nonNegative, numberOption, type Params, type ParamGroup, type OptimizerArgs, type ParamsByName, optimizerArgs } from './optimizer.js';

export interface SGDOptions {
  /** Learning rate (default 1e-3). */
  lr?: number;
  /** Momentum factor (default 0). */
  momentum?: number;
  /** Dampening for momentum (default 0). */
  dampening?: number;
  /** L2 penalty (default 0). */
  weightDecay?: number;
  /** Nesterov momentum (default false; needs momentum > 0 and dampening 0). */
  nesterov?: boolean;
  /** Maximize the objective instead of minimizing (default false). */
  maximize?: boolean;
  /**
   * Update a whole group with `_foreach_*` operators (PyTorch's multi-tensor path: a handful of
   * native calls per step instead of several per parameter; on CPU the same per-tensor kernels in
   * the same order, so the same numbers). Default null, as PyTorch's None: the multi-tensor path
   * on accelerators, the per-parameter loop on CPU (faster there: better cache locality).
   */
  foreach?: boolean | null;
}

/** The options of an SGD parameter group, all set. */
export interface SGDGroupOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
  foreach: boolean | null;
}

const SGD_KEYS = ['lr', 'momentum', 'dampening', 'weightDecay', 'nesterov', 'maximize', 'foreach'] as const;
/** Python's positional parameters after params, in order. */
const SGD_POSITIONAL = ['lr', 'momentum', 'dampening', 'weightDecay', 'nesterov'] as const;
const A = ops.aten;

/**
 * Stochastic gradient descent, optionally with (Nesterov) momentum, as torch.optim.SGD.
 * @example
 * const optimizer = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * optimizer.zeroGrad(); loss.backward(); optimizer.step();
 */
export class SGD extends Optimizer<SGDGroupOptions> {
  constructor(params: Params<SGDGroupOptions>, ...args: OptimizerArgs<SGDOptions, typeof SGD_POSITIONAL>);
  constructor(options: ParamsByName<SGDGroupOptions, SGDOptions>);
  constructor(first: Params<SGDGroupOptions> | ParamsByName<SGDGroupOptions, SGDOptions>, ...args: unknown[]) {
    const [params, options] = optimizerArgs<SGDGroupOptions, SGDOptions>('SGD', first, args, SGD_POSITIONAL, SGD_KEYS);
    const d: SGDGroupOptions = {
      lr: options.lr ?? 1e-3,
      momentum: options.momentum ?? 0,
      dampening: options.dampening ?? 0,
      weightDecay: options.weightDecay ?? 0,
      nesterov: options.nesterov ?? false,
      maximize: options.maximize ?? false,
      foreach: options.foreach ?? null,
    };
    validateSGDGroup('SGD', d);
    super(params, d);
  }

  protected override validateGroup(group: ParamGroup<SGDGroupOptions>): void {
    validateSGDGroup(this.optimizerName, group);
  }

  protected override stepGroup(group: ParamGroup<SGDGroupOptions>): void {
    if (useForeach(group.foreach, group.params)) this.stepGroupForeach(group);
    else this.stepGroupSingle(group);
  }

  /** PyTorch's _multi_tensor_sgd, except that nesterov leaves .grad untouched as the single-tensor path does. */
  private stepGroupForeach(group: ParamGroup<SGDGroupOptions>): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    const params: Tensor[] = [];
    const rawGrads: Tensor[] = [];
    for (const param of group.params) {
      const g = borrowGrad(param);
      if (g === null) continue;
      params.push(param);
      rawGrads.push(g);
    }
    if (params.length === 0) return;
    const temps: Tensor[][] = [];
    let grads = rawGrads;
    if (maximize) temps.push(grads = A._foreach_neg!(grads) as Tensor[]);
    if (weightDecay !== 0) temps.push(grads = A._foreach_add!(grads, params, { alpha: weightDecay }) as Tensor[]);
    let update = grads;
    if (momentum !== 0) {
      const states = params.map((p) => this.stateOf(p));
      const bufs = states.map((st) => st.momentumBuffer as Tensor | null | undefined);
      if (bufs.every((b) => b !== undefined && b !== null)) {
        A._foreach_mul_!(bufs as Tensor[], momentum);
        A._foreach_add_!(bufs as Tensor[], grads, { alpha: 1 - dampening });
      } else {
        bufs.forEach((b, i) => {
          if (b === undefined || b === null) {
            bufs[i] = states[i]!.momentumBuffer = this.keep(grads[i]!.detach().clone());
          } else {
            b.mul_(momentum).add_(grads[i]!, { alpha: 1 - dampening });
          }
        });
      }
      if (nesterov) temps.push(update = A._foreach_add!(grads, bufs as Tensor[], { alpha: momentum }) as Tensor[]);
      else update = bufs as Tensor[];
    }
    A._foreach_add_!(params, update, { alpha: -lr });
    for (const list of temps) for (const t of list) t.dispose();
    for (const t of rawGrads) t.dispose();
  }

  private stepGroupSingle(group: ParamGroup<SGDGroupOptions>): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    for (const param of group.params) {
      const g0 = borrowGrad(param);
      if (g0 === null) continue;
      const temps: Tensor[] = [g0];
      let grad = g0;
      if (maximize) temps.push(grad = grad.neg());
      if (weightDecay !== 0) temps.push(grad = grad.add(param, { alpha: weightDecay }));
      if (momentum !== 0) {
        const state = this.stateOf(param);
        let buf = state.momentumBuffer as Tensor | null | undefined;
        if (buf === undefined || buf === null) {
          buf = this.keep(grad.detach().clone());
          state.momentumBuffer = buf;
        } else {
          buf.mul_(momentum).add_(grad, { alpha: 1 - dampening });
        }
        if (nesterov) temps.push(grad = grad.add(buf, { alpha: momentum }));
        else grad = buf;
      }
      param.add_(grad, { alpha: -lr });
      for (const t of temps) t.dispose();
    }
  }
}

function validateSGDGroup(cls: string, g: SGDGroupOptions): void {
  nonNegative(cls, 'lr', g.lr, 'learning rate');
  nonNegative(cls, 'momentum', g.momentum, 'momentum value');
  numberOption(cls, 'dampening', g.dampening);
  nonNegative(cls, 'weightDecay', g.weightDecay, 'weight_decay value');
  booleanOption(cls, 'nesterov', g.nesterov);
  booleanOption(cls, 'maximize', g.maximize);
  foreachOption(cls, g.foreach);
  if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0)) {
    throw new RangeError(`Nesterov momentum requires a momentum and zero dampening (${cls} options nesterov, momentum, dampening)`);
  }
}
