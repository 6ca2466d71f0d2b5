"""Oracles for test/vision/utils.test.ts: torchvision.utils (make_grid, save_image,
draw_bounding_boxes without labels, draw_segmentation_masks), run as torchvision runs them.
Inputs are made here from seeds and returned with the results, so both sides start from the same
numbers."""
import warnings

import numpy as np
import torch
from PIL import Image

from oracles.vision._torchvision import utils


def _batch(seed, shape):
    g = torch.Generator().manual_seed(seed)
    return torch.rand(shape, generator=g) * 3 - 1  # values outside [0, 1] too


GRID_CASES = {
    'default': ((10, 3, 5, 7), {}),
    'nrow3_pad1': ((7, 3, 4, 6), dict(nrow=3, padding=1, pad_value=0.5)),
    'normalize': ((5, 3, 4, 4), dict(normalize=True)),
    'normalize_range': ((5, 3, 4, 4), dict(normalize=True, value_range=(-0.5, 1.5))),
    'scale_each': ((4, 3, 3, 5), dict(normalize=True, scale_each=True, nrow=2)),
    'scale_each_range': ((4, 3, 3, 5), dict(normalize=True, scale_each=True, value_range=(0.0, 1.0))),
    'one_channel': ((6, 1, 4, 4), dict(nrow=4, padding=0)),
    'single_image': ((3, 6, 6), {}),
    'single_gray': ((1, 6, 6), dict(padding=3)),
    'hw': ((5, 8), {}),
    'one_in_batch': ((1, 3, 4, 4), {}),
    'nrow_more_than_images': ((3, 3, 2, 2), dict(nrow=10, padding=4, pad_value=1.0)),
}


def make_grid_cases():
    out = {}
    for i, (name, (shape, kw)) in enumerate(GRID_CASES.items()):
        x = _batch(i, shape)
        g = utils.make_grid(x, **kw)
        out[name] = {'input': x.tolist(), 'kwargs': {k: list(v) if isinstance(v, tuple) else v for k, v in kw.items()}, 'grid': g.tolist()}
    return out


def save_image(folder):
    """save_image of a batch to PNG and JPEG: the files' pixels (C x H x W) and the input."""
    x = _batch(100, (5, 3, 6, 7)).clamp(0, 1)
    utils.save_image(x, f'{folder}/py.png', nrow=3)
    utils.save_image(x, f'{folder}/py.jpg', nrow=3)
    png = np.asarray(Image.open(f'{folder}/py.png')).transpose(2, 0, 1)
    jpg = np.asarray(Image.open(f'{folder}/py.jpg')).transpose(2, 0, 1)
    return {'input': x.tolist(), 'png': png.tolist(), 'jpg': jpg.tolist()}


BOX_CASES = {
    'width1': dict(boxes=[[2, 3, 20, 15], [10, 10, 40, 30]], kw=dict(colors='red')),
    'width3_palette': dict(boxes=[[2, 3, 20, 15], [10, 10, 40, 30], [0, 0, 49, 39]], kw=dict(width=3)),
    'fill': dict(boxes=[[2, 3, 20, 15], [10, 10, 40, 30]], kw=dict(fill=True, colors=['blue', (10, 200, 30)], width=2)),
    'outside': dict(boxes=[[-5, -4, 12, 9], [30, 25, 70, 60], [45, 5, 45, 20]], kw=dict(colors='#0f0', width=2, fill=True)),
    'fractional': dict(boxes=[[2.7, 3.2, 20.9, 15.5], [10.1, 10.99, 40.5, 30.2]], kw=dict(colors='rgb(200, 100, 0)')),
    'wide': dict(boxes=[[5, 5, 15, 12]], kw=dict(width=4, colors='yellow')),
    'thin_box_wide_outline': dict(boxes=[[5, 5, 8, 30]], kw=dict(width=3, colors='white')),
    'zero_width': dict(boxes=[[5, 5, 30, 20]], kw=dict(width=0, fill=True, colors='orange')),
}


def draw_bounding_boxes_cases():
    out = {}
    g = torch.Generator().manual_seed(7)
    rgb = torch.randint(0, 256, (3, 40, 50), dtype=torch.uint8, generator=g)
    gray = torch.randint(0, 256, (1, 40, 50), dtype=torch.uint8, generator=g)
    flt = torch.rand((3, 40, 50), generator=g)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        for name, c in BOX_CASES.items():
            boxes = torch.tensor(c['boxes'], dtype=torch.float)
            out[name] = utils.draw_bounding_boxes(rgb, boxes, **c['kw']).tolist()
        out['gray'] = utils.draw_bounding_boxes(gray, torch.tensor([[3, 4, 30, 33]]), colors='cyan', width=2).tolist()
        out['float'] = utils.draw_bounding_boxes(flt, torch.tensor([[3, 4, 30, 33]]), colors='magenta', fill=True).tolist()
    return {'rgb': rgb.tolist(), 'gray': gray.tolist(), 'float': flt.tolist(),
            'cases': {k: {'boxes': v['boxes'], 'kw': {kk: (list(vv) if isinstance(vv, tuple) else [list(x) if isinstance(x, tuple) else x for x in vv] if isinstance(vv, list) else vv) for kk, vv in v['kw'].items()}} for k, v in BOX_CASES.items()},
            'out': out}


def draw_segmentation_masks_cases():
    g = torch.Generator().manual_seed(3)
    rgb = torch.randint(0, 256, (3, 12, 16), dtype=torch.uint8, generator=g)
    flt = torch.rand((3, 12, 16), generator=g)
    masks = torch.rand((3, 12, 16), generator=g) > 0.6
    out = {
        'uint8_default': utils.draw_segmentation_masks(rgb, masks).tolist(),
        'uint8_alpha_colors': utils.draw_segmentation_masks(rgb, masks, alpha=0.35, colors=['red', (0, 128, 255), '#abcdef']).tolist(),
        'uint8_one_mask': utils.draw_segmentation_masks(rgb, masks[0], alpha=1.0, colors='green').tolist(),
        'float_default': utils.draw_segmentation_masks(flt, masks).tolist(),
        'float_colors': utils.draw_segmentation_masks(flt, masks, alpha=0.5, colors='hsl(200, 50%, 40%)').tolist(),
    }
    return {'rgb': rgb.tolist(), 'float': flt.tolist(), 'masks': masks.tolist(), 'out': out}


def colors():
    from PIL import ImageColor
    names = ['red', 'Orange', '#abc', '#a1b2c3', '#a1b2c3d4', 'rgb(1, 2, 3)', 'rgb(10%, 20%, 30%)', 'hsl(120, 50%, 50%)',
             'hsl(0, 100%, 25%)', 'hsl(300, 20%, 80%)', 'rebeccapurple', 'darkslategrey']
    return {n: list(ImageColor.getrgb(n))[:3] for n in names}


def draw_keypoints_case():
    """draw_keypoints through PIL on a flat image: the result and the inputs."""
    img = torch.full((3, 60, 80), 40, dtype=torch.uint8)
    kpts = torch.tensor([[[10, 12], [30, 40], [70, 20]], [[50, 50], [60, 10], [5, 55]]])
    vis = torch.tensor([[True, True, True], [True, False, True]])
    out = utils.draw_keypoints(img, kpts, connectivity=[(0, 1), (1, 2)], colors='red', radius=3, width=2, visibility=vis)
    return {'keypoints': kpts.tolist(), 'visibility': vis.tolist(), 'out': out.tolist()}
