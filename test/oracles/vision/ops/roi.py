"""Oracle of test/vision/ops/roi.test.ts: roi_align, roi_pool (and their modules' reprs).

torchvision's roi_align and roi_pool are C++ kernels, which do not load here.
- roi_align: torchvision ships a pure-PyTorch, differentiable transcription of its kernel,
  torchvision.ops.roi_align._roi_align (used on devices without the kernel). It is the oracle for
  boxes inside the feature map, values and gradients. For boxes that leave the map (where
  `_roi_align` clamps every sample instead of zeroing those beyond one pixel outside, and caps
  adaptive grids at the map's size), `roi_align_reference` below is the CPU kernel
  (torchvision/csrc/ops/cpu/roi_align_kernel.cpp, roi_align_common.h) written as Python loops, in
  float64.
- roi_pool: `roi_pool_reference` below is the CPU kernel (roi_pool_kernel.cpp) written as
  Python loops, with its float32 arithmetic (numpy float32 scalars) for float32 inputs: corners
  rounded half away from zero, bins floor/ceil'd and clipped, the first maximum (strict >, from
  -FLT_MAX), empty bins 0; the gradient goes to each bin's argmax, as the kernel's backward.
"""
import math
import sys

import numpy as np
import torch

from oracles.vision._torchvision import ops
_roi_align = sys.modules['torchvision.ops.roi_align']._roi_align.__wrapped__  # the Python function, not torch.compile'd
FLT_MAX = float(np.finfo(np.float32).max)


def _rois(boxes_per_image):
    return torch.cat([torch.cat([torch.full((len(b), 1), float(i), dtype=b.dtype), b], 1) for i, b in enumerate(boxes_per_image)])


def _inside_boxes(n, w, h, dtype):
    """Boxes in image coordinates, inside a w x h image."""
    x1 = torch.rand(n, dtype=dtype) * (w - 2)
    y1 = torch.rand(n, dtype=dtype) * (h - 2)
    x2 = x1 + 1 + torch.rand(n, dtype=dtype) * (w - 1 - x1 - 1)
    y2 = y1 + 1 + torch.rand(n, dtype=dtype) * (h - 1 - y1 - 1)
    return torch.stack([x1, y1, x2, y2], 1)


def roi_align_cases():
    """_roi_align values and gradients (input and boxes) for boxes inside the map."""
    torch.manual_seed(0)
    out = []
    for dtype in (torch.float32, torch.float64):
        x = torch.randn(2, 3, 10, 12, dtype=dtype)
        for scale in (1.0, 0.5):
            boxes = [_inside_boxes(4, 12 / scale, 10 / scale, dtype), _inside_boxes(3, 12 / scale, 10 / scale, dtype)]
            rois = _rois(boxes)
            for size in ((3, 3), (2, 4)):
                for sr in (-1, 0, 2, 3):
                    for aligned in (False, True):
                        xi = x.clone().requires_grad_()
                        ri = rois.clone().requires_grad_()
                        y = _roi_align(xi, ri, scale, size[0], size[1], sr, aligned)
                        g = torch.randn(y.shape, dtype=dtype)
                        (y * g).sum().backward()
                        out.append({'dtype': str(dtype)[6:], 'x': x.tolist(), 'boxes': [b.tolist() for b in boxes],
                                    'scale': scale, 'size': list(size), 'sr': sr, 'aligned': aligned, 'y': y.tolist(),
                                    'g': g.tolist(), 'dx': xi.grad.tolist(), 'drois': ri.grad.tolist()})
    return out


def roi_align_reference(x, rois, spatial_scale, pooled_height, pooled_width, sampling_ratio, aligned):
    """torchvision's CPU roi_align kernel as Python loops (float64 inputs)."""
    _, channels, height, width = x.shape
    out = torch.zeros(len(rois), channels, pooled_height, pooled_width, dtype=x.dtype)
    for n, roi in enumerate(rois.tolist()):
        b = int(roi[0])
        offset = 0.5 if aligned else 0.0
        sw, sh, ew, eh = (v * spatial_scale - offset for v in roi[1:])
        rw, rh = ew - sw, eh - sh
        if not aligned:
            rw, rh = max(rw, 1.0), max(rh, 1.0)
        bh, bw = rh / pooled_height, rw / pooled_width
        gh = sampling_ratio if sampling_ratio > 0 else math.ceil(rh / pooled_height)
        gw = sampling_ratio if sampling_ratio > 0 else math.ceil(rw / pooled_width)
        count = max(gh * gw, 1)
        for ph in range(pooled_height):
            for pw in range(pooled_width):
                acc = torch.zeros(channels, dtype=x.dtype)
                for iy in range(gh):
                    y = sh + ph * bh + (iy + .5) * bh / gh
                    for ix in range(gw):
                        xx = sw + pw * bw + (ix + .5) * bw / gw
                        yy = y
                        if not (-1.0 <= yy <= height and -1.0 <= xx <= width):
                            continue
                        yy, xx = max(yy, 0.0), max(xx, 0.0)
                        yl, xl = int(yy), int(xx)
                        if yl >= height - 1:
                            yh = yl = height - 1; yy = float(yl)
                        else:
                            yh = yl + 1
                        if xl >= width - 1:
                            xh = xl = width - 1; xx = float(xl)
                        else:
                            xh = xl + 1
                        ly, lx = yy - yl, xx - xl
                        hy, hx = 1 - ly, 1 - lx
                        acc += hy * hx * x[b, :, yl, xl] + hy * lx * x[b, :, yl, xh] + ly * hx * x[b, :, yh, xl] + ly * lx * x[b, :, yh, xh]
                out[n, :, ph, pw] = acc / count
    return out


def roi_align_outside_cases():
    """Boxes leaving the map (partly, beyond the one-pixel margin, wholly), large adaptive grids."""
    torch.manual_seed(1)
    x = torch.randn(2, 2, 6, 7, dtype=torch.float64)
    rois = torch.tensor([
        [0, -3.0, -2.0, 4.0, 3.0], [1, 3.0, 2.0, 12.0, 9.0], [0, -10.0, -10.0, -4.0, -5.0],
        [1, 0.0, 0.0, 40.0, 30.0], [0, 5.5, 4.5, 5.7, 4.9], [1, 6.9, 5.9, 7.4, 6.2], [0, 2.0, 3.0, 1.0, 2.0],
    ], dtype=torch.float64)
    out = []
    for scale in (1.0, 0.5):
        for size in ((2, 2), (3, 2)):
            for sr in (-1, 2):
                for aligned in (False, True):
                    out.append({'scale': scale, 'size': list(size), 'sr': sr, 'aligned': aligned,
                                'y': roi_align_reference(x, rois, scale, size[0], size[1], sr, aligned).tolist()})
    return {'x': x.tolist(), 'rois': rois.tolist(), 'cases': out}


def _c_round(v):
    return float(np.trunc(v) + (np.sign(v) if abs(v - np.trunc(v)) >= 0.5 else 0))


def roi_pool_reference(x, rois, spatial_scale, pooled_height, pooled_width):
    """torchvision's CPU roi_pool kernel as Python loops: (output, argmax), argmax -1 for none."""
    T = np.float32 if x.dtype == torch.float32 else np.float64
    _, channels, height, width = x.shape
    xs = x.detach().numpy()
    out = np.zeros((len(rois), channels, pooled_height, pooled_width), dtype=T)
    arg = np.full((len(rois), channels, pooled_height, pooled_width), -1, dtype=np.int64)
    scale = T(spatial_scale)
    for n, roi in enumerate(rois.detach().numpy()):
        b = int(roi[0])
        sw, sh, ew, eh = (int(_c_round(T(v) * scale)) for v in roi[1:])
        rw, rh = max(ew - sw + 1, 1), max(eh - sh + 1, 1)
        bsh, bsw = T(rh) / T(pooled_height), T(rw) / T(pooled_width)
        for ph in range(pooled_height):
            for pw in range(pooled_width):
                hs = int(np.floor(T(ph) * bsh)); ws = int(np.floor(T(pw) * bsw))
                he = int(np.ceil(T(ph + 1) * bsh)); we = int(np.ceil(T(pw + 1) * bsw))
                hs = min(max(hs + sh, 0), height); he = min(max(he + sh, 0), height)
                ws = min(max(ws + sw, 0), width); we = min(max(we + sw, 0), width)
                empty = he <= hs or we <= ws
                for c in range(channels):
                    best = T(0) if empty else T(-FLT_MAX)
                    idx = -1
                    for h in range(hs, he):
                        for w in range(ws, we):
                            if xs[b, c, h, w] > best:
                                best = xs[b, c, h, w]; idx = h * width + w
                    out[n, c, ph, pw] = best
                    arg[n, c, ph, pw] = idx
    return torch.from_numpy(out), torch.from_numpy(arg)


def roi_pool_cases():
    """roi_pool_reference outputs, and input gradients (integer-valued upstream gradients, so sums are exact)."""
    torch.manual_seed(2)
    out = []
    for dtype in (torch.float32, torch.float64):
        x = torch.randn(2, 3, 9, 11, dtype=dtype)
        x[0, 0, 2:5, 2:5] = 1.5  # ties: the first maximum wins
        x[1, 1, :, :4] = -math.inf
        x[1, 2, 3, 3] = math.nan
        for scale in (1.0, 0.5, 0.3):
            rois = torch.tensor([
                [0, 0.0, 0.0, 10.0, 8.0], [1, 2.5, 1.5, 7.49, 6.5], [0, 2.0, 2.0, 4.0, 4.0], [1, -3.0, -2.0, 3.0, 4.0],
                [1, 8.0, 6.0, 30.0, 30.0], [0, 5.0, 5.0, 2.0, 2.0], [1, 0.0, 0.0, 3.2, 20.0], [0, -10.0, -9.0, -5.0, -5.0],
            ], dtype=dtype)
            rois[:, 1:] = rois[:, 1:] / scale
            for size in ((2, 2), (3, 4), (7, 7)):
                y, arg = roi_pool_reference(x, rois, scale, size[0], size[1])
                g = torch.randint(-3, 4, y.shape).to(dtype)
                dx = torch.zeros(x.numel() // (x.shape[2] * x.shape[3]), x.shape[2] * x.shape[3], dtype=dtype)
                for n in range(len(rois)):
                    b = int(rois[n, 0])
                    for c in range(x.shape[1]):
                        for i, a in enumerate(arg[n, c].flatten().tolist()):
                            if a >= 0:
                                dx[b * x.shape[1] + c, a] += g[n, c].flatten()[i]
                out.append({'dtype': str(dtype)[6:], 'scale': scale, 'size': list(size), 'x': _finite(x), 'rois': rois.tolist(),
                            'y': y.tolist(), 'g': g.tolist(), 'dx': dx.view(x.shape).tolist()})
    return out


def _finite(x):
    """x (4-d) as JSON: nan and infinities as strings."""
    return [[[[v if math.isfinite(v) else str(v) for v in row] for row in ch] for ch in img] for img in x.tolist()]


def reprs():
    return [repr(ops.RoIAlign((7, 7), 0.25, 2)), repr(ops.RoIAlign(5, 0.5, -1, aligned=True)), repr(ops.RoIPool((3, 2), 0.0625))]


def ps_roi_align_reference(x, rois, spatial_scale, pooled_height, pooled_width, sampling_ratio):
    """torchvision's CPU ps_roi_align kernel (ps_roi_align_kernel.cpp) as Python loops over float64
    tensors, so autograd gives the gradient (the kernel's backward spreads the same weights)."""
    _, channels, height, width = x.shape
    c_out_n = channels // (pooled_height * pooled_width)
    out = torch.zeros(len(rois), c_out_n, pooled_height, pooled_width, dtype=x.dtype)
    for n, roi in enumerate(rois.tolist()):
        b = int(roi[0])
        sw, sh, ew, eh = (v * spatial_scale - 0.5 for v in roi[1:])
        rw, rh = ew - sw, eh - sh
        bh, bw = rh / pooled_height, rw / pooled_width
        c_in = 0
        for c_out in range(c_out_n):
            for ph in range(pooled_height):
                for pw in range(pooled_width):
                    hstart = ph * bh + sh
                    wstart = pw * bw + sw
                    gh = sampling_ratio if sampling_ratio > 0 else math.ceil(rh / pooled_height)
                    gw = sampling_ratio if sampling_ratio > 0 else math.ceil(rw / pooled_width)
                    acc = x.new_zeros(())
                    for iy in range(gh):
                        y = hstart + (iy + .5) * bh / gh
                        for ix in range(gw):
                            xx = wstart + (ix + .5) * bw / gw
                            yy = y
                            if not (-1.0 <= yy <= height and -1.0 <= xx <= width):
                                continue
                            yy, xx = max(yy, 0.0), max(xx, 0.0)
                            yl, xl = int(yy), int(xx)
                            if yl >= height - 1:
                                yh = yl = height - 1; yy = float(yl)
                            else:
                                yh = yl + 1
                            if xl >= width - 1:
                                xh = xl = width - 1; xx = float(xl)
                            else:
                                xh = xl + 1
                            ly, lx = yy - yl, xx - xl
                            hy, hx = 1 - ly, 1 - lx
                            acc = acc + (hy * hx * x[b, c_in, yl, xl] + hy * lx * x[b, c_in, yl, xh]
                                         + ly * hx * x[b, c_in, yh, xl] + ly * lx * x[b, c_in, yh, xh])
                    out[n, c_out, ph, pw] = acc / (gh * gw)
                    c_in += 1
    return out


def ps_roi_pool_reference(x, rois, spatial_scale, pooled_height, pooled_width):
    """torchvision's CPU ps_roi_pool forward kernel (ps_roi_pool_kernel.cpp) as Python loops over
    float64 tensors: corners rounded half away from zero, extent end - start (at least 1), bins
    clipped to [0, size - 1], averages, empty bins 0. Autograd gives the gradient of this forward."""
    _, channels, height, width = x.shape
    c_out_n = channels // (pooled_height * pooled_width)
    out = torch.zeros(len(rois), c_out_n, pooled_height, pooled_width, dtype=x.dtype)
    for n, roi in enumerate(rois.tolist()):
        b = int(roi[0])
        sw, sh, ew, eh = (int(_c_round(v * spatial_scale)) for v in roi[1:])
        rw, rh = max(ew - sw, 1), max(eh - sh, 1)
        bsh, bsw = rh / pooled_height, rw / pooled_width
        c_in = 0
        for c_out in range(c_out_n):
            for ph in range(pooled_height):
                for pw in range(pooled_width):
                    hs = min(max(math.floor(ph * bsh) + sh, 0), height - 1)
                    he = min(max(math.ceil((ph + 1) * bsh) + sh, 0), height - 1)
                    ws = min(max(math.floor(pw * bsw) + sw, 0), width - 1)
                    we = min(max(math.ceil((pw + 1) * bsw) + sw, 0), width - 1)
                    if he > hs and we > ws:
                        out[n, c_out, ph, pw] = x[b, c_in, hs:he, ws:we].sum() / ((he - hs) * (we - ws))
                    c_in += 1
    return out


def ps_cases():
    """ps_roi_align and ps_roi_pool (float64): values and input gradients, boxes in and out of the map."""
    torch.manual_seed(3)
    x = torch.randn(2, 12, 7, 9, dtype=torch.float64)
    rois = torch.tensor([
        [0, 0.0, 0.0, 8.0, 6.0], [1, 1.3, 2.2, 6.6, 5.1], [0, -3.0, -2.0, 4.0, 3.0], [1, 5.0, 3.0, 14.0, 11.0],
        [0, 2.0, 2.0, 2.4, 2.2], [1, 6.0, 5.0, 3.0, 2.0],
    ], dtype=torch.float64)
    out = {'x': x.tolist(), 'rois': rois.tolist(), 'align': [], 'pool': []}
    for scale in (1.0, 0.5):
        for size in ((2, 2), (2, 3)):
            g = torch.randn(len(rois), 12 // (size[0] * size[1]), *size, dtype=torch.float64)
            for sr in (-1, 2):
                xi = x.clone().requires_grad_()
                y = ps_roi_align_reference(xi, rois, scale, size[0], size[1], sr)
                (y * g).sum().backward()
                out['align'].append({'scale': scale, 'size': list(size), 'sr': sr, 'y': _finite(y), 'g': g.tolist(), 'dx': _finite(xi.grad)})
            xi = x.clone().requires_grad_()
            y = ps_roi_pool_reference(xi, rois, scale, size[0], size[1])
            (y * g).sum().backward()
            out['pool'].append({'scale': scale, 'size': list(size), 'y': y.tolist(), 'g': g.tolist(), 'dx': xi.grad.tolist()})
    out['reprs'] = [repr(ops.PSRoIAlign((3, 3), 0.5, 2)), repr(ops.PSRoIPool(2, 0.25))]
    return out
