// torchvision.models._utils: _make_divisible and IntermediateLayerGetter.
import { Tensor } from '../../tensor.js';
import { Module } from '../../nn/modules/module.js';
import { ModuleDict } from '../../nn/modules/container.js';
import { argTypeError, isPlainObject } from '../../validate.js';

/**
 * torchvision's `_make_divisible` (from the TensorFlow MobileNet code): `v` rounded to the nearest
 * multiple of `divisor`, at least `minValue` (default `divisor`), and not below 90% of `v`.
 * @example models._makeDivisible(32 * 0.75, 8) // 24
 */
export function _makeDivisible(v: number, divisor: number, minValue: number | null = null): number {
  const min = minValue ?? divisor;
  // Python's int() truncates toward zero, then // floors: the same for the non-negative channel counts.
  let newV = Math.max(min, Math.floor(Math.trunc(v + divisor / 2) / divisor) * divisor);
  if (newV < 0.9 * v) newV += divisor;
  return newV;
}

/**
 * torchvision's IntermediateLayerGetter: a ModuleDict of a model's direct children up to the last
 * one named in `returnLayers`, whose forward runs them in order and returns the outputs of the
 * named ones under their new names (an ordered Map, Python's OrderedDict). Assumes the children
 * are registered in the order they are used, and each is used once.
 * @example
 * const m = models.resnet18();
 * const getter = new models._utils.IntermediateLayerGetter(m, { layer1: 'feat1', layer3: 'feat2' });
 * const out = getter(torch.rand(1, 3, 224, 224)); // Map { 'feat1' => [1, 64, 56, 56], 'feat2' => [1, 256, 14, 14] }
 */
export class IntermediateLayerGetter extends ModuleDict {
  static _version = 2;
  /** The children whose outputs are returned, and the names they are returned under. */
  returnLayers: Record<string, string>;

  constructor(model: Module, returnLayers: Record<string, string>) {
    if (!(model instanceof Module)) throw argTypeError('IntermediateLayerGetter', 'model', 'an nn.Module', model);
    if (!isPlainObject(returnLayers)) throw argTypeError('IntermediateLayerGetter', 'returnLayers', 'an object of name -> new name', returnLayers);
    const childNames = new Set(model.namedChildren().map(([n]) => n));
    if (!Object.keys(returnLayers).every((k) => childNames.has(k))) throw new Error('return_layers are not present in model');
    const remaining = new Set(Object.keys(returnLayers));
    const layers = new Map<string, Module>();
    for (const [name, module] of model.namedChildren()) {
      layers.set(name, module);
      remaining.delete(name);
      if (remaining.size === 0) break;
    }
    super(layers);
    this.returnLayers = { ...returnLayers };
  }

  forward(x: Tensor): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    for (const [name, module] of this.items()) {
      x = (module as Module)(x) as Tensor;
      const outName = this.returnLayers[name];
      if (outName !== undefined) out.set(outName, x);
    }
    return out;
  }
}
