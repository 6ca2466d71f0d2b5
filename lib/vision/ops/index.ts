// torchvision.ops: box utilities, NMS, RoI pooling, feature pyramids and detection losses,
// written over tensor ops (torchvision runs some of them as C++ kernels of its own).
export {
  nms, batchedNms, removeSmallBoxes, clipBoxesToImage, boxConvert, boxArea, boxIou, generalizedBoxIou, distanceBoxIou,
  completeBoxIou, masksToBoxes,
} from './boxes.js';
export type { BoxFormat, RotatedBoxFormat } from './boxes.js';
export { sigmoidFocalLoss, generalizedBoxIouLoss, distanceBoxIouLoss, completeBoxIouLoss } from './losses.js';
export type { LossReduction, SigmoidFocalLossOptions, BoxLossOptions } from './losses.js';
export type { RoIBoxes } from './_utils.js';
