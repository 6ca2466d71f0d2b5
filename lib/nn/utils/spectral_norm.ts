// nn.utils.spectralNorm / removeSpectralNorm: the older, forward-pre-hook form of spectral
// normalization, as torch/nn/utils/spectral_norm.py.
import { Tensor } from '../../tensor.js';
import { Parameter } from '../parameter.js';
import { Module, removeMember } from '../modules/module.js';
import { ConvTranspose1d, ConvTranspose2d, ConvTranspose3d } from '../modules/conv.js';
import { normalize } from '../functional/normalization.js';
import { noGrad } from '../../autograd/grad_mode.js';
import { dot, mv } from '../../generated/functions.js';
import { argTypeError, checkInt, checkNumber, parseArgs, type Args } from '../../validate.js';
import { legacyHooks } from './weight_norm.js';

/** PyTorch's SpectralNorm hook object. */
export class SpectralNorm {
  static readonly _version = 1;
  constructor(readonly name: string = 'weight', readonly nPowerIterations: number = 1, readonly dim: number = 0, readonly eps: number = 1e-12) {
    if (nPowerIterations <= 0) throw new RangeError(`Expected n_power_iterations to be positive, but got n_power_iterations=${nPowerIterations}`);
  }

  reshapeWeightToMatrix(weight: Tensor): Tensor {
    let weightMat = weight;
    if (this.dim !== 0) {
      const rest = Array.from({ length: weight.dim() }, (_, d) => d).filter((d) => d !== this.dim);
      weightMat = weightMat.permute(this.dim, ...rest);
    }
    return weightMat.reshape(weightMat.shape[0]!, -1);
  }

  computeWeight(module: Module, doPowerIteration: boolean): Tensor {
    const self = module as unknown as Record<string, Tensor>;
    const weight = self[this.name + '_orig']!;
    let u = self[this.name + '_u']!;
    let v = self[this.name + '_v']!;
    const weightMat = this.reshapeWeightToMatrix(weight);
    if (doPowerIteration) {
      noGrad(() => {
        for (let i = 0; i < this.nPowerIterations; i++) {
          // F.normalize(..., out=v) / out=u: the buffers are updated in place.
          v.copy_(normalize(mv(weightMat.t(), u), { dim: 0, eps: this.eps }));
          u.copy_(normalize(mv(weightMat, v), { dim: 0, eps: this.eps }));
        }
        u = u.clone({ memoryFormat: 'contiguous_format' });
        v = v.clone({ memoryFormat: 'contiguous_format' });
      });
    }
    const sigma = dot(u, mv(weightMat, v));
    return weight.div(sigma);
  }
}

/** Options of spectralNorm. */
export interface SpectralNormHookOptions {
  name?: string;
  nPowerIterations?: number;
  eps?: number;
  /** Default 1 for ConvTranspose layers, else 0. */
  dim?: number | null;
}

/**
 * Spectral normalization through a forward pre-hook: `module[name]` becomes
 * `<name>_orig / sigma`, sigma estimated by power iteration on the buffers `<name>_u` and
 * `<name>_v` (one step per forward in training mode). PyTorch's `torch.nn.utils.spectral_norm`.
 * @example const m = nn.utils.spectralNorm(new nn.Linear(20, 40)); Object.keys(m.stateDict()) // ['bias', 'weight_orig', 'weight_u', 'weight_v']
 */
export function spectralNorm<M extends Module>(module: M, ...args: Args<[name: string, nPowerIterations: number, eps: number, dim: number | null], SpectralNormHookOptions>): M {
  const where = 'spectralNorm()';
  if (!(module instanceof Module)) throw argTypeError(where, 'module', 'an nn.Module', module);
  const o = parseArgs<SpectralNormHookOptions>(where, args, ['name', 'nPowerIterations', 'eps', 'dim'], { name: 'weight', nPowerIterations: 1, eps: 1e-12, dim: null });
  const name = o.name!;
  let dim = o.dim ?? null;
  if (dim === null) dim = module instanceof ConvTranspose1d || module instanceof ConvTranspose2d || module instanceof ConvTranspose3d ? 1 : 0;
  let hooks = legacyHooks.get(module);
  if (hooks === undefined) legacyHooks.set(module, hooks = new Map());
  if (hooks.has('spectral_norm:' + name)) throw new Error(`Cannot register two spectral_norm hooks on the same parameter ${name}`);
  const fn = new SpectralNorm(name, checkInt(where, 'nPowerIterations', o.nPowerIterations), checkInt(where, 'dim', dim), checkNumber(where, 'eps', o.eps));
  const weight = module._ownParameters().find(([n]) => n === name)?.[1];
  if (weight === undefined) throw new Error(`\`SpectralNorm\` cannot be applied as parameter \`${name}\` is None`);
  const [u, v] = noGrad(() => {
    const weightMat = fn.reshapeWeightToMatrix(weight);
    const [h, w] = weightMat.shape as [number, number];
    return [normalize(weight.newEmpty([h]).normal_(0, 1), { dim: 0, eps: fn.eps }), normalize(weight.newEmpty([w]).normal_(0, 1), { dim: 0, eps: fn.eps })];
  });
  removeMember(module, name);
  module.registerParameter(name + '_orig', weight);
  const self = module as unknown as Record<string, unknown>;
  self[name] = weight.detach();
  module.registerBuffer(name + '_u', u);
  module.registerBuffer(name + '_v', v);
  const handle = module.registerForwardPreHook((m) => { self[name] = fn.computeWeight(m, m.training); });
  hooks.set('spectral_norm:' + name, {
    handle,
    restore: () => {
      const w = noGrad(() => fn.computeWeight(module, false));
      delete self[name];
      removeMember(module, name + '_u');
      removeMember(module, name + '_v');
      removeMember(module, name + '_orig');
      module.registerParameter(name, new Parameter(w.detach()));
    },
  });
  return module;
}

/**
 * Removes the older spectralNorm's hook, leaving `module[name]` a plain Parameter holding
 * `<name>_orig / sigma` with the current u and v.
 * @example nn.utils.removeSpectralNorm(m)
 */
export function removeSpectralNorm<M extends Module>(module: M, name: string = 'weight'): M {
  // Checked first: the not-found message prints both (String() of an arbitrary object may throw or run for minutes).
  if (!(module instanceof Module)) throw argTypeError('removeSpectralNorm()', 'module', 'an nn.Module', module);
  if (typeof name !== 'string') throw argTypeError('removeSpectralNorm()', 'name', 'a string', name);
  const entry = legacyHooks.get(module)?.get('spectral_norm:' + name);
  if (entry === undefined) throw new Error(`spectral_norm of '${name}' not found in ${String(module)}`);
  entry.restore();
  entry.handle.remove();
  legacyHooks.get(module)!.delete('spectral_norm:' + name);
  return module;
}
