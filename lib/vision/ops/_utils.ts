// Helpers shared by the ops, as torchvision/ops/_utils.py: the RoI box formats, the upcasts that
// keep box arithmetic from overflowing, and the pairwise intersection the box losses share.
import * as torch from '../../generated/functions.js';
import { Tensor } from '../../tensor.js';
import { argTypeError, describeValue } from '../../validate.js';

/** RoI boxes: a Tensor[K, 5] of (batch index, x1, y1, x2, y2), or one Tensor[L, 4] per image. */
export type RoIBoxes = Tensor | readonly Tensor[];

/** torch.cat that returns a lone tensor as it is (torchvision's `_cat`). @internal */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  return tensors.length === 1 ? tensors[0]! : torch.cat(tensors, dim);
}

/** A list of per-image Tensor[L, 4] boxes as one Tensor[K, 5] with the image index first. @internal */
export function convertBoxesToRoiFormat(boxes: readonly Tensor[]): Tensor {
  const concat = cat(boxes, 0);
  const ids = cat(boxes.map((b, i) => torch.fullLike(b.narrow(1, 0, 1), i)), 0);
  return torch.cat([ids, concat], 1);
}

/** torchvision's check_roi_boxes_shape, with its messages. @internal */
export function checkRoiBoxesShape(where: string, boxes: unknown): asserts boxes is RoIBoxes {
  if (Array.isArray(boxes)) {
    for (const [i, t] of (boxes as unknown[]).entries()) {
      if (!(t instanceof Tensor)) throw argTypeError(where, `boxes[${i}]`, 'a Tensor', t);
      if (t.dim() !== 2 || t.size(1) !== 4) throw new Error('The shape of the tensor in the boxes list is not correct as List[Tensor[L, 4]]');
    }
  } else if (boxes instanceof Tensor) {
    if (boxes.dim() !== 2 || boxes.size(1) !== 5) throw new Error('The boxes tensor shape is not correct as Tensor[K, 5]');
  } else {
    throw argTypeError(where, 'boxes', 'a Tensor[K, 5] or an array of Tensor[L, 4]', boxes);
  }
}

/** Boxes as a Tensor[K, 5], from either RoI format. @internal */
export function toRois(boxes: RoIBoxes): Tensor {
  return boxes instanceof Tensor ? boxes : convertBoxesToRoiFormat(boxes);
}

/** Upcasts half floats to float32 and small ints to int32, so products do not overflow. @internal */
export function upcast(t: Tensor): Tensor {
  if (t.isFloatingPoint()) return t.dtype === 'float32' || t.dtype === 'float64' ? t : t.float();
  return t.dtype === 'int32' || t.dtype === 'int64' ? t : t.int();
}

/** Upcasts anything but float32/float64 to float32. @internal */
export function upcastNonFloat(t: Tensor): Tensor {
  return t.dtype === 'float32' || t.dtype === 'float64' ? t : t.float();
}

/** Elementwise intersection and union of paired (x1, y1, x2, y2) boxes (`_loss_inter_union`). @internal */
export function lossInterUnion(boxes1: Tensor, boxes2: Tensor): [Tensor, Tensor] {
  const [x1, y1, x2, y2] = boxes1.unbind(-1) as [Tensor, Tensor, Tensor, Tensor];
  const [x1g, y1g, x2g, y2g] = boxes2.unbind(-1) as [Tensor, Tensor, Tensor, Tensor];
  const xkis1 = torch.max(x1, x1g);
  const ykis1 = torch.max(y1, y1g);
  const xkis2 = torch.min(x2, x2g);
  const ykis2 = torch.min(y2, y2g);
  const mask = ykis2.gt(ykis1).logicalAnd(xkis2.gt(xkis1));
  // intsctk[mask] = (...)[mask]: a masked write into zeros, gradients only through the kept entries.
  const intsctk = torch.zerosLike(x1);
  intsctk.indexPut_([mask], xkis2.index([mask]).sub(xkis1.index([mask])).mul(ykis2.index([mask]).sub(ykis1.index([mask]))));
  const unionk = x2.sub(x1).mul(y2.sub(y1)).add(x2g.sub(x1g).mul(y2g.sub(y1g))).sub(intsctk);
  return [intsctk, unionk];
}

/** A reduction name of the losses, checked with torchvision's message. @internal */
export function reduce(loss: Tensor, reduction: unknown, emptyMeanIsZero: boolean): Tensor {
  if (reduction === 'none') return loss;
  if (reduction === 'mean') return emptyMeanIsZero && loss.numel() === 0 ? loss.sum().mul(0.0) : loss.mean();
  if (reduction === 'sum') return loss.sum();
  throw new RangeError(`Invalid Value for arg 'reduction': '${typeof reduction === 'string' ? reduction : describeValue(reduction, 'brief')} \n Supported reduction modes: 'none', 'mean', 'sum'`);
}

/** ATen's ScalarType names, as its dispatch errors print them. @internal */
export function scalarTypeName(dtype: string): string {
  const names: Record<string, string> = {
    float16: 'Half', bfloat16: 'BFloat16', float32: 'Float', float64: 'Double', uint8: 'Byte', int8: 'Char',
    int16: 'Short', int32: 'Int', int64: 'Long', bool: 'Bool', complex64: 'ComplexFloat', complex128: 'ComplexDouble',
  };
  return names[dtype] ?? dtype;
}

/**
 * The most elements the RoI ops gather at once; more boxes than fit are taken in chunks (a
 * setting for tests to reach the chunked path with small inputs). @internal
 */
export const roiLimits: { elements: number } = { elements: 1 << 24 };
