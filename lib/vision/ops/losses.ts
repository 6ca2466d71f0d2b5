// Detection losses, as torchvision/ops/{focal_loss,giou_loss,diou_loss,ciou_loss}.py, op for op.
import * as torch from '../../generated/functions.js';
import { tensor as makeTensor } from '../../creation.js';
import { noGrad } from '../../autograd/grad_mode.js';
import type { Tensor } from '../../tensor.js';
import * as F from '../../nn/functional.js';
import { parseArgs, checkNumber, checkTensor, type KwArgs } from '../../validate.js';
import { lossInterUnion, reduce, upcastNonFloat } from './_utils.js';

/** How a loss reduces its elementwise values. */
export type LossReduction = 'none' | 'mean' | 'sum';

/** Options of sigmoidFocalLoss. */
export interface SigmoidFocalLossOptions {
  /** Weight of the positive class in [0, 1], or -1 for none (default 0.25). */
  alpha?: number;
  /** Exponent of the modulating factor (1 - p_t) (default 2). */
  gamma?: number;
  /** 'none' (default), 'mean' or 'sum'. */
  reduction?: LossReduction;
}

/**
 * The focal loss of RetinaNet (https://arxiv.org/abs/1708.02002): binary cross-entropy with logits
 * scaled by (1 - p_t)^gamma and weighted by alpha.
 * @param inputs logits of any shape.
 * @param targets 0/1 labels of the same shape, as floats.
 * @example
 * const loss = ops.sigmoidFocalLoss(torch.randn(8, 4), torch.randint(0, 2, [8, 4]).float(), { reduction: 'mean' });
 */
export function sigmoidFocalLoss(inputs: Tensor, targets: Tensor,
  ...args: KwArgs<[alpha: number, gamma: number, reduction: LossReduction], [], SigmoidFocalLossOptions>): Tensor {
  const where = 'ops.sigmoidFocalLoss()';
  checkTensor(where, 'inputs', inputs);
  checkTensor(where, 'targets', targets);
  const o = parseArgs<Required<SigmoidFocalLossOptions>>(where, args, ['alpha', 'gamma', 'reduction'], { alpha: 0.25, gamma: 2, reduction: 'none' });
  const alpha = checkNumber(where, 'alpha', o.alpha);
  const gamma = checkNumber(where, 'gamma', o.gamma);
  if (!(alpha >= 0 && alpha <= 1) && alpha !== -1) {
    throw new RangeError(`Invalid alpha value: ${alpha}. alpha must be in the range [0,1] or -1 for ignore.`);
  }
  const p = torch.sigmoid(inputs);
  const ceLoss = F.binaryCrossEntropyWithLogits(inputs, targets, { reduction: 'none' });
  const pT = p.mul(targets).add(torch.sub(1, p).mul(torch.sub(1, targets)));
  let loss = ceLoss.mul(torch.sub(1, pT).pow(gamma));
  if (alpha >= 0) {
    const alphaT = targets.mul(alpha).add(torch.sub(1, targets).mul(1 - alpha));
    loss = alphaT.mul(loss);
  }
  return reduce(loss, o.reduction, false);
}

/** Options of the box IoU losses. */
export interface BoxLossOptions {
  /** 'none' (default), 'mean' or 'sum'. */
  reduction?: LossReduction;
  /** Guards the divisions (default 1e-7). */
  eps?: number;
}

/** The arguments of the box IoU losses after the boxes: Python's positional order, or options. */
export type BoxLossArgs = KwArgs<[reduction: LossReduction, eps: number], [], BoxLossOptions>;

function boxLossArgs(where: string, boxes1: Tensor, boxes2: Tensor, args: readonly unknown[]): { reduction: LossReduction; eps: number } {
  checkTensor(where, 'boxes1', boxes1);
  checkTensor(where, 'boxes2', boxes2);
  const o = parseArgs<Required<BoxLossOptions>>(where, args, ['reduction', 'eps'], { reduction: 'none', eps: 1e-7 });
  return { reduction: o.reduction, eps: checkNumber(where, 'eps', o.eps) };
}

/**
 * 1 - generalized IoU of paired (x1, y1, x2, y2) boxes (https://arxiv.org/abs/1902.09630):
 * non-zero when the boxes do not overlap, growing with their enclosing box.
 * @param boxes1 Tensor[N, 4] or Tensor[4].
 * @param boxes2 the same shape.
 * @example ops.generalizedBoxIouLoss(makeTensor([[0, 0, 1, 1]]), makeTensor([[2, 0, 3, 1]])) // tensor([1.3333])
 */
export function generalizedBoxIouLoss(boxes1: Tensor, boxes2: Tensor, ...args: BoxLossArgs): Tensor {
  const { reduction, eps } = boxLossArgs('ops.generalizedBoxIouLoss()', boxes1, boxes2, args);
  boxes1 = upcastNonFloat(boxes1);
  boxes2 = upcastNonFloat(boxes2);
  const [intsctk, unionk] = lossInterUnion(boxes1, boxes2);
  const iouk = intsctk.div(unionk.add(eps));
  const [x1, y1, x2, y2] = boxes1.unbind(-1) as [Tensor, Tensor, Tensor, Tensor];
  const [x1g, y1g, x2g, y2g] = boxes2.unbind(-1) as [Tensor, Tensor, Tensor, Tensor];
  const xc1 = torch.min(x1, x1g);
  const yc1 = torch.min(y1, y1g);
  const xc2 = torch.max(x2, x2g);
  const yc2 = torch.max(y2, y2g);
  const areaC = xc2.sub(xc1).mul(yc2.sub(yc1));
  const miouk = iouk.sub(areaC.sub(unionk).div(areaC.add(eps)));
  return reduce(torch.sub(1, miouk), reduction, true);
}

function diouIouLoss(boxes1: Tensor, boxes2: Tensor, eps: number): [Tensor, Tensor] {
  const [intsct, union] = lossInterUnion(boxes1, boxes2);
  const iou = intsct.div(union.add(eps));
  const [x1, y1, x2, y2] = boxes1.unbind(-1) as [Tensor, Tensor, Tensor, Tensor];
  const [x1g, y1g, x2g, y2g] = boxes2.unbind(-1) as [Tensor, Tensor, Tensor, Tensor];
  const xc1 = torch.min(x1, x1g);
  const yc1 = torch.min(y1, y1g);
  const xc2 = torch.max(x2, x2g);
  const yc2 = torch.max(y2, y2g);
  const diagonalDistanceSquared = xc2.sub(xc1).pow(2).add(yc2.sub(yc1).pow(2)).add(eps);
  const xp = x2.add(x1).div(2);
  const yp = y2.add(y1).div(2);
  const xg = x1g.add(x2g).div(2);
  const yg = y1g.add(y2g).div(2);
  const centersDistanceSquared = xp.sub(xg).pow(2).add(yp.sub(yg).pow(2));
  const loss = torch.sub(1, iou).add(centersDistanceSquared.div(diagonalDistanceSquared));
  return [loss, iou];
}

/**
 * 1 - distance IoU of paired (x1, y1, x2, y2) boxes (https://arxiv.org/abs/1911.08287): the IoU
 * loss plus the squared distance of the centres over the enclosing box's squared diagonal.
 * @param boxes1 Tensor[N, 4].
 * @param boxes2 Tensor[N, 4].
 * @example ops.distanceBoxIouLoss(makeTensor([[0, 0, 1, 1]]), makeTensor([[0, 0, 1, 1]]), 'sum')
 */
export function distanceBoxIouLoss(boxes1: Tensor, boxes2: Tensor, ...args: BoxLossArgs): Tensor {
  const { reduction, eps } = boxLossArgs('ops.distanceBoxIouLoss()', boxes1, boxes2, args);
  const [loss] = diouIouLoss(upcastNonFloat(boxes1), upcastNonFloat(boxes2), eps);
  return reduce(loss, reduction, true);
}

/**
 * 1 - complete IoU of paired (x1, y1, x2, y2) boxes (https://arxiv.org/abs/1911.08287): the
 * distance IoU loss plus an aspect-ratio term. As torchvision's, the distance part uses the
 * default eps whatever `eps` is; `eps` guards the aspect-ratio weight.
 * @param boxes1 Tensor[N, 4] or Tensor[4].
 * @param boxes2 the same shape.
 * @example ops.completeBoxIouLoss(makeTensor([[0, 0, 1, 1]]), makeTensor([[0, 0, 2, 1]]), { reduction: 'mean' })
 */
export function completeBoxIouLoss(boxes1: Tensor, boxes2: Tensor, ...args: BoxLossArgs): Tensor {
  const { reduction, eps } = boxLossArgs('ops.completeBoxIouLoss()', boxes1, boxes2, args);
  boxes1 = upcastNonFloat(boxes1);
  boxes2 = upcastNonFloat(boxes2);
  const [diouLoss, iou] = diouIouLoss(boxes1, boxes2, 1e-7);
  const [x1, y1, x2, y2] = boxes1.unbind(-1) as [Tensor, Tensor, Tensor, Tensor];
  const [x1g, y1g, x2g, y2g] = boxes2.unbind(-1) as [Tensor, Tensor, Tensor, Tensor];
  const wPred = x2.sub(x1);
  const hPred = y2.sub(y1);
  const wGt = x2g.sub(x1g);
  const hGt = y2g.sub(y1g);
  const v = torch.pow(torch.atan(wGt.div(hGt)).sub(torch.atan(wPred.div(hPred))), 2).mul(4 / Math.PI ** 2);
  const alpha = noGrad(() => v.div(torch.sub(1, iou).add(v).add(eps)));
  return reduce(diouLoss.add(alpha.mul(v)), reduction, true);
}
