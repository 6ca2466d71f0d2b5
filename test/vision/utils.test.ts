// torchvision.utils against torchvision's own (test/oracles/vision/utils.py): makeGrid and
// drawSegmentationMasks value for value, drawBoundingBoxes' outlines and fills pixel for pixel
// (PIL's rasteriser), saveImage's files decoded; labels drawn by sharp, checked for placement.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as torch from '../../lib/torch.js';
import { io, utils } from '../../lib/vision/index.js';
import type { Tensor } from '../../lib/tensor.js';
import { oracleBatch } from '../helpers/python.js';
import { tempDir } from '../helpers/tmp.js';

type N3 = number[][][];
const dir = tempDir('torch-node-utils-');
const py = oracleBatch<{
  grid: Record<string, { input: unknown; kwargs: Record<string, unknown>; grid: unknown }>;
  save: { input: number[][][][]; png: N3; jpg: N3 };
  boxes: { rgb: N3; gray: N3; float: N3; cases: Record<string, { boxes: number[][]; kw: Record<string, unknown> }>; out: Record<string, N3> };
  masks: { rgb: N3; float: N3; masks: boolean[][][]; out: Record<string, N3> };
  colors: Record<string, number[]>;
  keypoints: { keypoints: number[][][]; visibility: boolean[][]; out: N3 };
}>({
  grid: ['vision/utils', 'make_grid_cases'],
  save: ['vision/utils', 'save_image', dir],
  boxes: ['vision/utils', 'draw_bounding_boxes_cases'],
  masks: ['vision/utils', 'draw_segmentation_masks_cases'],
  colors: ['vision/utils', 'colors'],
  keypoints: ['vision/utils', 'draw_keypoints_case'],
});

/** Python's keyword names to ours. */
function camel(kw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(kw).map(([k, v]) => [k.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()), v]));
}

function u8(x: unknown): Tensor {
  return torch.tensor(x as N3, { dtype: 'uint8' });
}

describe('makeGrid', () => {
  it('gives torchvision\'s grid for every case, bit for bit', () => {
    const cases = py().grid;
    expect(Object.keys(cases)).toHaveLength(12);
    for (const [name, c] of Object.entries(cases)) {
      const got = utils.makeGrid(torch.tensor(c.input as N3), camel(c.kwargs));
      expect(got.equal(torch.tensor(c.grid as N3)), name).toBe(true);
    }
  });

  it('takes an array of images and Python\'s positional arguments', () => {
    const c = py().grid.nrow3_pad1!;
    const batch = torch.tensor(c.input as N3);
    const list = Array.from({ length: batch.shape[0]! }, (_, i) => batch.select(0, i));
    expect(utils.makeGrid(list, 3, 1, false, null, false, 0.5).equal(torch.tensor(c.grid as N3))).toBe(true);
  });

  it('checks its arguments', () => {
    const x = torch.zeros([2, 3, 4, 4]);
    expect(() => utils.makeGrid('x' as never)).toThrow('makeGrid: tensor or list of tensors expected, got "x"');
    expect(() => utils.makeGrid([x, 1] as never)).toThrow('got a list containing number 1');
    expect(() => utils.makeGrid(x, { normalize: true, valueRange: 3 } as never)).toThrow('value_range has to be a tuple (min, max)');
    expect(() => utils.makeGrid(x, { nrows: 2 } as never)).toThrow("unknown option 'nrows'");
    expect(() => utils.makeGrid(x, 0)).toThrow('nrow must be a positive integer');
  });
});

describe('saveImage', () => {
  it('writes the PNG torchvision writes (same pixels) and a JPEG that decodes to the same pixels as Pillow\'s', async () => {
    const s = py().save;
    const x = torch.tensor(s.input);
    utils.saveImage(x, join(dir, 'node.png'), { nrow: 3 });
    await utils.saveImageAsync(x, join(dir, 'node.jpg'), { nrow: 3 });
    expect(io.readImage(join(dir, 'node.png')).equal(u8(s.png))).toBe(true);
    expect(io.readImage(join(dir, 'node.jpg')).equal(u8(s.jpg))).toBe(true);
    utils.saveImage(x.select(0, 0), join(dir, 'one.image'), { format: 'PNG' });
    expect(io.readImage(join(dir, 'one.image')).shape).toEqual([3, 6, 7]);
    expect(() => utils.saveImage(x, join(dir, 'x.bmp'))).toThrow("saveImage: unknown file format 'bmp'");
    expect(() => utils.saveImage(x, join(dir, 'noext'))).toThrow('has none');
  });
});

describe('colours', () => {
  it('reads colour strings as PIL\'s ImageColor.getrgb', () => {
    for (const [name, rgb] of Object.entries(py().colors)) expect(utils.getRgb(name), name).toEqual(rgb);
    expect(() => utils.getRgb('nocolour')).toThrow('unknown color specifier: "nocolour"');
  });
});

describe('drawBoundingBoxes', () => {
  it('draws outlines and translucent fills as PIL does (every pixel equal), uint8, gray and float images', () => {
    const b = py().boxes;
    const rgb = u8(b.rgb);
    for (const [name, c] of Object.entries(b.cases)) {
      const got = utils.drawBoundingBoxes(rgb, torch.tensor(c.boxes), c.kw as never);
      expect(got.dtype).toBe('uint8');
      const want = u8(b.out[name]);
      expect(got.to('int32').sub(want.to('int32')).abs().max().item(), name).toBe(0);
    }
    const gray = utils.drawBoundingBoxes(u8(b.gray), torch.tensor([[3, 4, 30, 33]]), { colors: 'cyan', width: 2 });
    expect(gray.equal(u8(b.out.gray))).toBe(true);
    const flt = utils.drawBoundingBoxes(torch.tensor(b.float), torch.tensor([[3, 4, 30, 33]]), { colors: 'magenta', fill: true });
    expect(flt.dtype).toBe('float32');
    expect(flt.equal(torch.tensor(b.out.float))).toBe(true);
  });

  it('draws labels (sharp\'s text) inside the box from its top-left corner, sync and async alike', async () => {
    const img = torch.zeros([3, 60, 120], { dtype: 'uint8' });
    const boxes = torch.tensor([[5, 5, 110, 50]]);
    const plain = utils.drawBoundingBoxes(img, boxes, { colors: 'white' });
    const labelled = utils.drawBoundingBoxes(img, boxes, { labels: ['cat 0.97'], colors: 'white', fontSize: 14 });
    const labelledAsync = await utils.drawBoundingBoxesAsync(img, boxes, { labels: ['cat 0.97'], colors: 'white', fontSize: 14 });
    expect(labelled.equal(labelledAsync)).toBe(true);
    const text = labelled.to('int32').sub(plain.to('int32')).abs().sum(0).gt(0);
    const ys = text.any(1).nonzero().flatten().tolist() as number[];
    const xs = text.any(0).nonzero().flatten().tolist() as number[];
    expect(ys.length).toBeGreaterThan(5);
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(7); // y0 + width + 1
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(7);
    expect(Math.max(...ys)).toBeLessThan(7 + 20);
    // fillLabels: a background box behind the text.
    const filled = utils.drawBoundingBoxes(img, boxes, { labels: ['dog'], colors: 'white', fillLabels: true, labelColors: 'black' });
    expect(filled.select(1, 8).select(1, 8).tolist()).toEqual([255, 255, 255]);
  });

  it('checks its arguments as torchvision', () => {
    const img = torch.zeros([3, 10, 10], { dtype: 'uint8' });
    expect(() => utils.drawBoundingBoxes(img, torch.tensor([[5, 5, 2, 8]]))).toThrow('Boxes need to be in (xmin, ymin, xmax, ymax) format');
    expect(() => utils.drawBoundingBoxes(img.to('int32'), torch.tensor([[1, 1, 2, 2]]))).toThrow('The image dtype must be uint8 or float, got int32');
    expect(() => utils.drawBoundingBoxes(img.unsqueeze(0), torch.tensor([[1, 1, 2, 2]]))).toThrow('Pass individual images, not batches');
    expect(() => utils.drawBoundingBoxes(torch.zeros([2, 10, 10], { dtype: 'uint8' }), torch.tensor([[1, 1, 2, 2]]))).toThrow('Only grayscale and RGB images are supported');
    expect(() => utils.drawBoundingBoxes(img, torch.tensor([[1, 1, 2, 2]]), { labels: ['a', 'b'] })).toThrow('Number of boxes (1) and labels (2) mismatch');
    expect(() => utils.drawBoundingBoxes(img, torch.tensor([[1, 1, 2, 2], [1, 1, 3, 3]]), { colors: ['red'] })).toThrow('Number of colors must be equal or larger than the number of objects, but got 1 < 2.');
    expect(() => utils.drawBoundingBoxes(img, torch.tensor([[1, 1, 2, 2]]), { colors: 'nocolour' })).toThrow('unknown color specifier');
    expect(utils.drawBoundingBoxes(img, torch.zeros([0, 4]))).toBe(img);
  });
});

describe('drawSegmentationMasks', () => {
  it('gives torchvision\'s values (uint8 and float images, one or several masks, alpha, colours)', () => {
    const m = py().masks;
    const rgb = u8(m.rgb);
    const flt = torch.tensor(m.float);
    const masks = torch.tensor(m.masks, { dtype: 'bool' });
    const got: Record<string, Tensor> = {
      uint8_default: utils.drawSegmentationMasks(rgb, masks),
      uint8_alpha_colors: utils.drawSegmentationMasks(rgb, masks, 0.35, ['red', [0, 128, 255], '#abcdef']),
      uint8_one_mask: utils.drawSegmentationMasks(rgb, masks.select(0, 0), { alpha: 1.0, colors: 'green' }),
      float_default: utils.drawSegmentationMasks(flt, masks),
      float_colors: utils.drawSegmentationMasks(flt, masks, { alpha: 0.5, colors: 'hsl(200, 50%, 40%)' }),
    };
    expect(Object.keys(got).sort()).toEqual(Object.keys(m.out).sort());
    for (const [name, t] of Object.entries(got)) {
      const want = torch.tensor(m.out[name]!, { dtype: t.dtype });
      expect(t.equal(want), name).toBe(true);
    }
  });

  it('checks its arguments as torchvision', () => {
    const img = torch.zeros([3, 4, 4], { dtype: 'uint8' });
    expect(() => utils.drawSegmentationMasks(img, torch.zeros([4, 4]))).toThrow('The masks must be of dtype bool. Got float32');
    expect(() => utils.drawSegmentationMasks(img, torch.zeros([2, 5, 4], { dtype: 'bool' }))).toThrow('The image and the masks must have the same height and width');
    expect(() => utils.drawSegmentationMasks(torch.zeros([1, 4, 4], { dtype: 'uint8' }), torch.zeros([4, 4], { dtype: 'bool' }))).toThrow('Pass an RGB image');
  });
});

describe('drawKeypoints', () => {
  it('draws discs and white lines where torchvision does (librsvg, not PIL: edges may differ)', async () => {
    const k = py().keypoints;
    const img = torch.full([3, 60, 80], 40, { dtype: 'uint8' });
    const kpts = torch.tensor(k.keypoints);
    const visibility = torch.tensor(k.visibility, { dtype: 'bool' });
    const opts = { connectivity: [[0, 1], [1, 2]] as [number, number][], colors: 'red', radius: 3, width: 2, visibility };
    const got = utils.drawKeypoints(img, kpts, opts);
    expect((await utils.drawKeypointsAsync(img, kpts, opts)).equal(got)).toBe(true);
    const pixel = (t: Tensor, x: number, y: number): number[] => t.index([':', y, x]).tolist() as number[];
    expect(pixel(got, 10, 12)).toEqual([255, 0, 0]); // a visible point of instance 0 (off its lines' ends)
    expect(pixel(got, 5, 55)).toEqual([255, 0, 0]);
    expect(pixel(got, 60, 10)).toEqual([40, 40, 40]); // invisible: neither the point nor its lines
    expect(pixel(got, 20, 26)).toEqual([255, 255, 255]); // the middle of the line 0-1
    // Against PIL's drawing: the same pixels drawn, but for edge pixels.
    const want = torch.tensor(k.out, { dtype: 'uint8' });
    const drawnOurs = got.ne(40).any(0);
    const drawnPil = want.ne(40).any(0);
    const iou = (drawnOurs.logicalAnd(drawnPil).sum().item() as number) / (drawnOurs.logicalOr(drawnPil).sum().item() as number);
    expect(iou).toBeGreaterThan(0.7);
  });

  it('checks its arguments as torchvision', () => {
    const img = torch.zeros([3, 8, 8], { dtype: 'uint8' });
    expect(() => utils.drawKeypoints(img, torch.zeros([2, 2]))).toThrow('keypoints must be of shape (num_instances, K, 2)');
    expect(() => utils.drawKeypoints(img, torch.zeros([1, 2, 2]), { visibility: torch.ones([1, 3], { dtype: 'bool' }) })).toThrow('keypoints and visibility must have the same dimensionality');
    expect(() => utils.drawKeypoints(torch.zeros([1, 8, 8], { dtype: 'uint8' }), torch.zeros([1, 2, 2]))).toThrow('Pass an RGB image');
  });
});

describe('pictures that open', () => {
  it('a grid with boxes and labels saved as PNG reads back with sharp\'s metadata', async () => {
    torch.manualSeed(1);
    const grid = utils.makeGrid(torch.rand([6, 3, 20, 20]), { nrow: 3 });
    const boxed = utils.drawBoundingBoxes(grid, torch.tensor([[2, 2, 21, 21], [24, 2, 43, 21]]), { labels: ['a', 'b'], colors: ['red', 'lime'] });
    const file = join(dir, 'boxes.png');
    utils.saveImage(boxed, file);
    const sharp = (await import('sharp')).default;
    const meta = await sharp(file).metadata();
    expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['png', 68, 46, 3]);
  });
});
