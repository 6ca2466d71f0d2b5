// torch.optim.Muon, the single-tensor path of torch/optim/_muon.py: momentum, then the update
// orthogonalized by a Newton-Schulz iteration in bfloat16, the same operators in the same order,
// so the same numbers.
import { addmm } from '../generated/functions.js';
import { linalg } from '../generated/namespaces.js';
import { borrowGrad, type Tensor } from '../tensor.js';
import { Optimizer, booleanOption, numberOption, type Params, type ParamGroup, type OptimizerArgs, type ParamsByName, optimizerArgs } from './optimizer.js';
import { isSparseCoo } from './sparse_adam.js';
import { argTypeError } from '../validate.js';

export type MuonAdjustLrFn = 'original' | 'match_rms_adamw';

export interface MuonOptions {
  /** Learning rate (default 1e-3). */
  lr?: number;
  /** Decoupled weight decay (default 0.1). */
  weightDecay?: number;
  /** Momentum factor (default 0.95). */
  momentum?: number;
  /** Nesterov momentum (default true). */
  nesterov?: boolean;
  /** Coefficients [a, b, c] of the Newton-Schulz polynomial (default [3.4445, -4.775, 2.0315]). */
  nsCoefficients?: readonly [number, number, number];
  /** Lower bound of the norm the update is divided by (default 1e-7). */
  eps?: number;
  /** Newton-Schulz iterations (default 5; fewer than 100). */
  nsSteps?: number;
  /**
   * How the learning rate scales with the shape [A, B]: 'original' (null, the default):
   * `sqrt(max(1, A / B))`; 'match_rms_adamw': `0.2 * sqrt(max(A, B))`.
   */
  adjustLrFn?: MuonAdjustLrFn | null;
}

/** The options of a Muon parameter group, all set. */
export interface MuonGroupOptions {
  lr: number;
  weightDecay: number;
  momentum: number;
  nesterov: boolean;
  nsCoefficients: [number, number, number];
  eps: number;
  nsSteps: number;
  adjustLrFn: MuonAdjustLrFn | null;
}

const MUON_KEYS = ['lr', 'weightDecay', 'momentum', 'nesterov', 'nsCoefficients', 'eps', 'nsSteps', 'adjustLrFn'] as const;
/** Python's positional parameters after params, in order. */
const MUON_POSITIONAL = MUON_KEYS;

/**
 * Muon (MomentUm Orthogonalized by Newton-Schulz), as torch.optim.Muon: for the 2-D parameters
 * of hidden layers (others, such as biases and embeddings, go to another optimizer, e.g. AdamW).
 * State per parameter: `momentumBuffer`.
 * @example
 * const hidden = [...model.parameters()].filter((p) => p.dim() === 2);
 * const optimizer = new optim.Muon(hidden, { lr: 0.02, momentum: 0.95 });
 * optimizer.zeroGrad(); loss.backward(); optimizer.step();
 */
export class Muon extends Optimizer<MuonGroupOptions> {
  constructor(params: Params<MuonGroupOptions>, ...args: OptimizerArgs<MuonOptions, typeof MUON_POSITIONAL>);
  constructor(options: ParamsByName<MuonGroupOptions, MuonOptions>);
  constructor(first: Params<MuonGroupOptions> | ParamsByName<MuonGroupOptions, MuonOptions>, ...args: unknown[]) {
    const [params, options] = optimizerArgs<MuonGroupOptions, MuonOptions>('Muon', first, args, MUON_POSITIONAL, MUON_KEYS);
    const ns = options.nsCoefficients ?? [3.4445, -4.775, 2.0315];
    if (!Array.isArray(ns)) throw argTypeError('Muon', 'option nsCoefficients', 'an array of three numbers', ns);
    const d: MuonGroupOptions = {
      lr: options.lr ?? 1e-3,
      weightDecay: options.weightDecay ?? 0.1,
      momentum: options.momentum ?? 0.95,
      nesterov: options.nesterov ?? true,
      nsCoefficients: [...ns] as [number, number, number],
      eps: options.eps ?? 1e-7,
      nsSteps: options.nsSteps ?? 5,
      adjustLrFn: options.adjustLrFn ?? null,
    };
    validateMuonGroup('Muon', d);
    super(params, d);
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (p.dim() !== 2) throw new RangeError(`Muon only supports 2D parameters whereas we found a parameter with size: torch.Size([${p.shape.join(', ')}])`);
      }
    }
  }

  protected override validateGroup(group: ParamGroup<MuonGroupOptions>): void {
    validateMuonGroup(this.optimizerName, group);
  }

  protected override stepGroup(group: ParamGroup<MuonGroupOptions>): void {
    const { lr, weightDecay, momentum, nesterov, nsCoefficients, nsSteps, eps, adjustLrFn } = group;
    for (const param of group.params) {
      const grad = borrowGrad(param);
      if (grad === null) continue;
      if (param.isComplex()) throw new Error('Muon does not support complex parameters');
      if (isSparseCoo(grad)) throw new Error('Muon does not support sparse gradients');
      const state = this.stateOf(param);
      if (state.momentumBuffer === undefined) state.momentumBuffer = this.zeroState(grad);
      if (grad.dim() !== 2) throw new RangeError('Param gradient must be a 2D matrix');
      const buf = state.momentumBuffer as Tensor;
      buf.lerp_(grad, 1 - momentum);
      const nesterovUpdate = nesterov ? grad.lerp(buf, momentum) : null;
      const update = zeropowerViaNewtonSchulz(nesterovUpdate ?? buf, nsCoefficients, nsSteps, eps);
      nesterovUpdate?.dispose();
      const [a, b] = param.shape as [number, number];
      let ratio = 1.0;
      if (adjustLrFn === null || adjustLrFn === 'original') ratio = Math.sqrt(Math.max(1, a / b));
      else if (adjustLrFn === 'match_rms_adamw') ratio = 0.2 * Math.sqrt(Math.max(a, b));
      const adjustedLr = lr * ratio;
      param.mul_(1 - lr * weightDecay);
      param.add_(update, { alpha: -adjustedLr });
      update.dispose();
      grad.dispose();
    }
  }
}

/**
 * PyTorch's `_zeropower_via_newtonschulz`: a quintic Newton-Schulz iteration in bfloat16 towards
 * the orthogonal factor of `grad` (not exactly: its singular values end near [0.5, 1.5]).
 */
function zeropowerViaNewtonSchulz(grad: Tensor, coefficients: readonly number[], steps: number, eps: number): Tensor {
  if (steps >= 100) throw new RangeError('Number of steps must be less than 100 for computational efficiency');
  if (grad.dim() !== 2) throw new RangeError('Input tensor gradient must be a 2D matrix');
  if (coefficients.length !== 3) throw new RangeError('Coefficients must be a tuple of exactly 3 values');
  const [a, b, c] = coefficients as [number, number, number];
  const tall = grad.size(0) > grad.size(1);
  const made: Tensor[] = [];
  let ortho = grad.to({ dtype: 'bfloat16' });
  if (ortho !== grad) made.push(ortho);
  if (tall) made.push(ortho = ortho.t());
  const norm = linalg.vectorNorm(ortho);
  const clamped = norm.clamp({ min: eps });
  ortho.div_(clamped);
  norm.dispose();
  clamped.dispose();
  for (let i = 0; i < steps; i++) {
    const orthoT = ortho.t();
    const gram = ortho.matmul(orthoT);
    const gramUpdate = addmm(gram, gram, gram, { beta: b, alpha: c });
    const next = addmm(ortho, gramUpdate, ortho, { beta: a });
    for (const t of [orthoT, gram, gramUpdate]) t.dispose();
    made.push(ortho = next);
  }
  if (tall) made.push(ortho = ortho.t());
  // Everything made here but the result (views of it keep its storage alive).
  for (const t of made) if (t !== ortho) t.dispose();
  return ortho;
}

function validateMuonGroup(cls: string, g: MuonGroupOptions): void {
  const check = (name: string, v: unknown, ok: (n: number) => boolean, message: (n: number) => string): void => {
    const n = numberOption(cls, name, v);
    if (!ok(n)) throw new RangeError(`${message(n)} (${cls} option ${name})`);
  };
  check('lr', g.lr, (n) => n >= 0, (n) => `Learning rate should be >= 0 but is: ${n}`);
  check('momentum', g.momentum, (n) => n >= 0, (n) => `momentum should be >= 0 but is: ${n}`);
  check('weightDecay', g.weightDecay, (n) => n >= 0, (n) => `weight decay should be >= 0 but is: ${n}`);
  if (g.adjustLrFn !== null && g.adjustLrFn !== 'original' && g.adjustLrFn !== 'match_rms_adamw') {
    throw new RangeError(`Adjust learning rate function ${String(g.adjustLrFn)} is not supported (${cls} option adjustLrFn)`);
  }
  booleanOption(cls, 'nesterov', g.nesterov);
  numberOption(cls, 'eps', g.eps);
  if (!Number.isInteger(g.nsSteps)) throw argTypeError(cls, 'option nsSteps', 'an integer', g.nsSteps);
  for (const x of g.nsCoefficients) numberOption(cls, 'nsCoefficients', x);
}
