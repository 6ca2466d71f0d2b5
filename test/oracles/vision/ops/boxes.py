"""Oracle of test/vision/ops/boxes.test.ts: torchvision.ops' box utilities and losses.

Everything but nms is torchvision's own Python. torchvision computes nms with a C++ kernel that
does not load here; `nms_reference` below is that CPU kernel's algorithm (torchvision/csrc/ops/
cpu/nms_kernel.cpp) written in Python: order = scores.sort(0, descending=True) (the kernel's
unstable sort call, so equal scores keep the order that sort gives), then each box not yet
suppressed is kept and suppresses every later box whose IoU with it is > iou_threshold. The IoU
is computed in the boxes' dtype (numpy float32 scalars for float32 boxes, as the kernel's
scalar_t), and compared with the threshold as a double, as the kernel's `ovr > iou_threshold`.
torchvision's batched_nms is then run with this nms in place of the kernel.
"""
import numpy as np
import torch

from oracles.vision._torchvision import ops
from torchvision.ops import boxes as box_ops


def nms_reference(boxes, scores, iou_threshold):
    """torchvision's CPU nms kernel, step for step (see the module docstring). The inner loop over
    later boxes runs as numpy arrays of the boxes' dtype: elementwise, the same float operations
    as the kernel's scalars; suppressing an already suppressed box changes nothing."""
    if boxes.numel() == 0:
        return torch.empty((0,), dtype=torch.int64)
    x1, y1, x2, y2 = (boxes[:, i].contiguous() for i in range(4))
    areas = ((x2 - x1) * (y2 - y1)).numpy()
    x1, y1, x2, y2 = (t.numpy() for t in (x1, y1, x2, y2))
    order = scores.sort(0, True)[1].numpy()
    n = len(order)
    suppressed = np.zeros(n, dtype=bool)
    keep = []
    for a in range(n):
        i = order[a]
        if suppressed[i]:
            continue
        keep.append(int(i))
        js = order[a + 1:]
        xx1 = np.maximum(x1[i], x1[js]); yy1 = np.maximum(y1[i], y1[js])
        xx2 = np.minimum(x2[i], x2[js]); yy2 = np.minimum(y2[i], y2[js])
        zero = np.zeros((), dtype=x1.dtype)
        w = np.maximum(zero, xx2 - xx1); h = np.maximum(zero, yy2 - yy1)
        inter = w * h
        ovr = inter / ((areas[i] + areas[js]) - inter)
        suppressed[js[ovr.astype(np.float64) > iou_threshold]] = True
    return torch.tensor(keep, dtype=torch.int64)


box_ops.nms = nms_reference


def _random_boxes(n, scale=100.0, dtype=torch.float32):
    xy = torch.rand(n, 2, dtype=dtype) * scale
    wh = torch.rand(n, 2, dtype=dtype) * (scale / 2) + 1
    return torch.cat([xy, xy + wh], 1)


def nms_cases():
    """Seeded random boxes, with ties in the scores and identical boxes, at three thresholds."""
    torch.manual_seed(0)
    out = []
    for n, dtype, ties in [(300, torch.float32, False), (300, torch.float32, True), (150, torch.float64, True), (1, torch.float32, False)]:
        boxes = _random_boxes(n, dtype=dtype)
        boxes[n // 2:n // 2 + min(3, n - n // 2)] = boxes[n // 2]  # some identical boxes
        scores = (torch.randint(0, 6, (n,)) / 5).to(dtype) if ties else torch.rand(n, dtype=dtype)
        for thr in (0.3, 0.5, 0.7):
            out.append({'dtype': str(dtype)[6:], 'boxes': boxes.tolist(), 'scores': scores.tolist(), 'thr': thr,
                        'keep': nms_reference(boxes, scores, thr).tolist()})
    # IoU exactly at the threshold: 1 x 1 boxes overlapping by half (IoU 1/3), not suppressed (> only).
    boxes = torch.tensor([[0, 0, 2, 1], [1, 0, 3, 1]], dtype=torch.float32)
    scores = torch.tensor([0.9, 0.8])
    for thr in (1 / 3, 0.33):
        out.append({'dtype': 'float32', 'boxes': boxes.tolist(), 'scores': scores.tolist(), 'thr': thr,
                    'keep': nms_reference(boxes, scores, thr).tolist()})
    return out


def batched_nms_cases():
    """batched_nms below (coordinate trick) and above (per-class loop) torchvision's 4000-number switch."""
    torch.manual_seed(1)
    out = []
    for n in (200, 999, 1001, 1500):
        boxes = _random_boxes(n)
        scores = torch.rand(n)
        idxs = torch.randint(0, 5, (n,))
        out.append({'boxes': boxes.tolist(), 'scores': scores.tolist(), 'idxs': idxs.tolist(), 'thr': 0.5,
                    'keep': ops.batched_nms(boxes, scores, idxs, 0.5).tolist(),
                    'trick': box_ops._batched_nms_coordinate_trick(boxes, scores, idxs, 0.5).tolist(),
                    'vanilla': box_ops._batched_nms_vanilla(boxes, scores, idxs, 0.5).tolist()})
    return out


def box_results():
    """box_area/iou/giou/diou/ciou, box_convert, clipping, small-box removal and masks_to_boxes."""
    torch.manual_seed(2)
    b1 = _random_boxes(7)
    b2 = _random_boxes(5)
    batched1 = _random_boxes(12).view(2, 6, 4)
    batched2 = _random_boxes(8).view(2, 4, 4)
    ints = (_random_boxes(6)).to(torch.int16)
    half = b1.half()
    res = {'b1': b1.tolist(), 'b2': b2.tolist(), 'batched1': batched1.tolist(), 'batched2': batched2.tolist(),
           'ints': ints.tolist(), 'half': half.float().tolist()}
    for fmt in ('xyxy', 'xywh', 'cxcywh'):
        res['area_' + fmt] = ops.box_area(b1, fmt=fmt).tolist()
        res['iou_' + fmt] = ops.box_iou(b1, b2, fmt=fmt).tolist()
    res['area_ints'] = [str(ops.box_area(ints).dtype), ops.box_area(ints).tolist()]
    res['iou_ints'] = ops.box_iou(ints, ints).tolist()
    res['area_half'] = [str(ops.box_area(half).dtype), ops.box_area(half).tolist()]
    res['iou_batched'] = ops.box_iou(batched1, batched2).tolist()
    res['giou'] = ops.generalized_box_iou(b1, b2).tolist()
    res['giou_batched'] = ops.generalized_box_iou(batched1, batched2).tolist()
    res['diou'] = ops.distance_box_iou(b1, b2).tolist()
    res['diou_eps'] = ops.distance_box_iou(b1, b2, eps=0.5).tolist()
    res['ciou'] = ops.complete_box_iou(b1, b2).tolist()
    res['ciou_batched'] = ops.complete_box_iou(batched1, batched2).tolist()
    fmts = ('xyxy', 'xywh', 'cxcywh')
    res['convert'] = {f'{a}>{b}': ops.box_convert(b1, a, b).tolist() for a in fmts for b in fmts}
    rot = torch.cat([b1, torch.rand(7, 1) * 360 - 180], 1)
    rfmts = ('xywhr', 'cxcywhr')
    res['rot'] = rot.tolist()
    res['convert_rot'] = {f'{a}>{b}': ops.box_convert(rot, a, b).tolist() for a in rfmts for b in rfmts + ('xyxyxyxy',)}
    res['convert_rot8'] = {f'xyxyxyxy>{b}': ops.box_convert(ops.box_convert(rot, 'xywhr', 'xyxyxyxy'), 'xyxyxyxy', b).tolist()
                           for b in rfmts}
    rot_int = rot.round().to(torch.int32)
    res['rot_int'] = rot_int.tolist()
    res['convert_rot_int'] = ops.box_convert(rot_int, 'cxcywhr', 'xyxyxyxy').tolist()
    res['convert_ints'] = ops.box_convert(ints, 'xyxy', 'cxcywh').tolist()
    shifted = b1 - 30
    res['shifted'] = shifted.tolist()
    res['clip'] = ops.clip_boxes_to_image(shifted, (40, 60)).tolist()
    res['clip_batched'] = ops.clip_boxes_to_image(batched1 - 30, (40, 60)).tolist()
    res['small'] = [ops.remove_small_boxes(b1, m).tolist() for m in (10.0, 30.0, 45.0)]
    masks = torch.rand(4, 9, 11) > 0.8
    masks[1] = False
    masks[2] = False
    masks[2, 4, 5] = True
    res['masks'] = masks.int().tolist()
    res['masks_to_boxes'] = ops.masks_to_boxes(masks).tolist()
    try:
        ops.box_convert(b1, 'xyxy', 'yxyx')
    except ValueError as e:
        res['convert_error'] = str(e)
    try:
        ops.box_area(b1, fmt='xyxyxyxy')
    except ValueError as e:
        res['area_error'] = str(e)
    return res


def loss_results():
    """The losses with each reduction, and the gradients of their sums."""
    torch.manual_seed(3)
    logits = torch.randn(6, 5)
    targets = (torch.rand(6, 5) > 0.7).float()
    res = {'logits': logits.tolist(), 'targets': targets.tolist()}
    for alpha, gamma in ((0.25, 2), (-1, 2), (0.5, 0), (1.0, 1.5)):
        for red in ('none', 'mean', 'sum'):
            res[f'focal_{alpha}_{gamma}_{red}'] = ops.sigmoid_focal_loss(logits, targets, alpha, gamma, red).tolist()
    x = logits.clone().requires_grad_()
    ops.sigmoid_focal_loss(x, targets, reduction='sum').backward()
    res['focal_grad'] = x.grad.tolist()
    b1 = _random_boxes(8)
    b2 = _random_boxes(8)
    b2[0] = b1[0]  # identical boxes
    b2[1] = b1[1] + 200  # disjoint boxes
    res['b1'] = b1.tolist()
    res['b2'] = b2.tolist()
    for name, fn in (('giou', ops.generalized_box_iou_loss), ('diou', ops.distance_box_iou_loss), ('ciou', ops.complete_box_iou_loss)):
        for red in ('none', 'mean', 'sum'):
            res[f'{name}_{red}'] = fn(b1, b2, red).tolist()
        res[f'{name}_eps'] = fn(b1, b2, eps=0.1).tolist()
        res[f'{name}_single'] = fn(b1[2], b2[2]).tolist()
        res[f'{name}_empty_mean'] = fn(b1[:0], b2[:0], 'mean').tolist()
        p = b1.clone().requires_grad_()
        fn(p, b2, 'sum').backward()
        res[f'{name}_grad'] = p.grad.tolist()
    try:
        ops.sigmoid_focal_loss(logits, targets, reduction='avg')
    except ValueError as e:
        res['reduction_error'] = str(e)
    try:
        ops.sigmoid_focal_loss(logits, targets, alpha=2)
    except ValueError as e:
        res['alpha_error'] = str(e)
    return res
