// torchvision.utils: make_grid, save_image, draw_bounding_boxes, draw_segmentation_masks.
// makeGrid and drawSegmentationMasks are torchvision's tensor code, op for op. drawBoundingBoxes
// rasterises boxes as PIL's ImageDraw does (torchvision draws through PIL): axis-aligned outlines
// and the translucent fill (alpha 100, PIL's integer blend) pixel for pixel; label text is
// rendered by sharp (Pango), so its pixels are not PIL's font's.
import { fromBuffer, tensor as makeTensor } from '../creation.js';
import { noGrad } from '../autograd/grad_mode.js';
import { cat, stack, where } from '../generated/functions.js';
import { Tensor } from '../tensor.js';
import { argTypeError, describeValue, parseArgs, type Args } from '../validate.js';
import { runSync } from './io/bridge.js';
import { writeJpeg, writeJpegAsync, writePng, writePngAsync } from './io/index.js';
import { loadSharp } from './io/load_sharp.js';
import { runSharpJob, type LabelsJob, type SvgJob } from './io/sharp_job.js';

// ---- make_grid ----------------------------------------------------------------------------------

/** makeGrid's keywords (torchvision's, camelCased). */
export interface MakeGridOptions {
  /** Images per row (default 8). */
  nrow?: number;
  /** Pixels between and around images (default 2). */
  padding?: number;
  /** Shift the values to [0, 1] by `valueRange` or the min and max (default false). */
  normalize?: boolean;
  /** [min, max] for `normalize` (default: the tensor's min and max). */
  valueRange?: readonly [number, number] | null;
  /** Normalise each image by its own min and max (default false). */
  scaleEach?: boolean;
  /** The value of the padding pixels (default 0). */
  padValue?: number;
}

/** makeGrid's arguments after the images: Python's positional order, or an options object. */
export type MakeGridArgs = Args<[nrow: number, padding: number, normalize: boolean, valueRange: readonly [number, number] | null, scaleEach: boolean, padValue: number], MakeGridOptions>;

const GRID_NAMES = ['nrow', 'padding', 'normalize', 'valueRange', 'scaleEach', 'padValue'] as const;
const GRID_DEFAULTS = { nrow: 8, padding: 2, normalize: false, valueRange: null, scaleEach: false, padValue: 0 };

function gridOptions(where: string, args: readonly unknown[]): Required<MakeGridOptions> {
  const o = parseArgs<Required<MakeGridOptions>>(where, args, [...GRID_NAMES], GRID_DEFAULTS);
  for (const k of ['nrow', 'padding'] as const) {
    if (!Number.isInteger(o[k]) || o[k] < 0 || (k === 'nrow' && o[k] < 1)) throw argTypeError(where, k, k === 'nrow' ? 'a positive integer' : 'a non-negative integer', o[k]);
  }
  if (typeof o.padValue !== 'number') throw argTypeError(where, 'padValue', 'a number', o.padValue);
  if (o.valueRange !== null && (!Array.isArray(o.valueRange) || o.valueRange.length !== 2 || !o.valueRange.every((v) => typeof v === 'number'))) {
    throw new TypeError(`${where}: value_range has to be a tuple (min, max) if specified. min and max are numbers (got ${describeValue(o.valueRange)})`);
  }
  return o;
}

function gridImpl(where: string, input: unknown, o: Required<MakeGridOptions>): Tensor {
  let t: Tensor;
  if (Array.isArray(input)) {
    for (const x of input) if (!(x instanceof Tensor)) throw new TypeError(`${where}: tensor or list of tensors expected, got a list containing ${describeValue(x)}`);
    t = stack(input as Tensor[], 0);
  } else if (input instanceof Tensor) {
    t = input;
  } else {
    throw new TypeError(`${where}: tensor or list of tensors expected, got ${describeValue(input)}`);
  }
  if (t.dim() === 2) t = t.unsqueeze(0);
  if (t.dim() === 3) {
    if (t.shape[0] === 1) t = cat([t, t, t], 0);
    t = t.unsqueeze(0);
  }
  if (t.dim() === 4 && t.shape[1] === 1) t = cat([t, t, t], 1);
  if (t.dim() !== 4) throw new RangeError(`${where}: expected a batch B x C x H x W, an image C x H x W or H x W (got shape [${t.shape.join(', ')}])`);
  if (o.normalize) {
    t = t.clone();
    const normIp = (img: Tensor, low: number, high: number): void => {
      img.clamp_(low, high);
      img.sub_(low).div_(Math.max(high - low, 1e-5));
    };
    const normRange = (x: Tensor): void => {
      if (o.valueRange !== null) normIp(x, o.valueRange[0], o.valueRange[1]);
      else normIp(x, x.min().item() as number, x.max().item() as number);
    };
    if (o.scaleEach) for (let i = 0; i < t.shape[0]!; i++) normRange(t.select(0, i));
    else normRange(t);
  }
  if (t.shape[0] === 1) return t.squeeze(0);
  const nmaps = t.shape[0]!;
  const xmaps = Math.min(o.nrow, nmaps);
  const ymaps = Math.ceil(nmaps / xmaps);
  const height = t.shape[2]! + o.padding;
  const width = t.shape[3]! + o.padding;
  const grid = t.newFull([t.shape[1]!, height * ymaps + o.padding, width * xmaps + o.padding], o.padValue);
  let k = 0;
  for (let y = 0; y < ymaps; y++) {
    for (let x = 0; x < xmaps; x++) {
      if (k >= nmaps) break;
      grid.narrow(1, y * height + o.padding, height - o.padding).narrow(2, x * width + o.padding, width - o.padding).copy_(t.select(0, k));
      k++;
    }
  }
  return grid;
}

/**
 * torchvision's `make_grid`: a batch B x C x H x W (or an array of C x H x W images) laid out in
 * rows of `nrow` with `padding` pixels between them, as one C x H' x W' image. One-channel images
 * become three-channel, as torchvision's.
 * @example
 * const grid = utils.makeGrid(images, { nrow: 8, padding: 2, normalize: true });
 * const same = utils.makeGrid(images, 8, 2, true);
 */
export function makeGrid(tensor: Tensor | readonly Tensor[], ...args: MakeGridArgs): Tensor {
  const o = gridOptions('makeGrid', args);
  return noGrad(() => gridImpl('makeGrid', tensor, o));
}

// ---- save_image ---------------------------------------------------------------------------------

/** saveImage's keywords: the file format and makeGrid's. */
export interface SaveImageOptions extends MakeGridOptions {
  /** 'png' or 'jpeg' (any case; 'jpg' too); default from the file name's extension. */
  format?: string | null;
}

function imageFormat(where: string, fp: string, format: unknown): 'png' | 'jpeg' {
  let f: string;
  if (format !== undefined && format !== null) {
    if (typeof format !== 'string') throw argTypeError(where, 'format', "'png' or 'jpeg'", format);
    f = format.toLowerCase();
  } else {
    const dot = fp.lastIndexOf('.');
    f = dot < 0 ? '' : fp.slice(dot + 1).toLowerCase();
    if (f === '') throw new RangeError(`${where}: unknown file extension: the file name '${fp}' has none (give { format: 'png' })`);
  }
  if (f === 'png') return 'png';
  if (f === 'jpeg' || f === 'jpg' || f === 'jpe' || f === 'jfif') return 'jpeg';
  throw new RangeError(`${where}: unknown file format '${f}' (PNG or JPEG: .png, .jpg, .jpeg)`);
}

function savePrep(where: string, tensor: unknown, fp: unknown, options: unknown): { img: Tensor; path: string; format: 'png' | 'jpeg' } {
  if (typeof fp !== 'string') throw argTypeError(where, 'fp', 'a file name', fp);
  const args = options === undefined ? [] : [options];
  const { format, ...grid } = parseArgs<SaveImageOptions>(where, args, ['format', ...GRID_NAMES], { format: null, ...GRID_DEFAULTS });
  const fmt = imageFormat(where, fp, format);
  const o = gridOptions(where, [grid]);
  const img = noGrad(() => {
    const g = gridImpl(where, tensor, o);
    // Add 0.5 after unnormalizing to [0, 255] to round to the nearest integer (torchvision's).
    return g.mul(255).add_(0.5).clamp_(0, 255).to('cpu').to('uint8');
  });
  if (img.dim() !== 3) throw new RangeError(`${where}: expected an image C x H x W after makeGrid (got shape [${img.shape.join(', ')}])`);
  return { img, path: fp, format: fmt };
}

/**
 * torchvision's `save_image`: writes a tensor (values in [0, 1]; a batch becomes `makeGrid`'s
 * grid) as a PNG or JPEG file, `x * 255 + 0.5` clamped and truncated to 8 bits as torchvision.
 * The format comes from the extension or `format`; JPEG at quality 75 (Pillow's default).
 * Blocks while a worker thread encodes; `saveImageAsync` does not.
 * @example utils.saveImage(batch, 'samples.png', { nrow: 8, normalize: true });
 */
export function saveImage(tensor: Tensor | readonly Tensor[], fp: string, options?: SaveImageOptions): void {
  const { img, path, format } = savePrep('saveImage', tensor, fp, options);
  if (format === 'png') writePng(img, path);
  else writeJpeg(img, path, 75);
}

/** `saveImage` without blocking. @example await utils.saveImageAsync(batch, 'samples.png'); */
export async function saveImageAsync(tensor: Tensor | readonly Tensor[], fp: string, options?: SaveImageOptions): Promise<void> {
  const { img, path, format } = savePrep('saveImageAsync', tensor, fp, options);
  if (format === 'png') await writePngAsync(img, path);
  else await writeJpegAsync(img, path, 75);
}

// ---- colours ------------------------------------------------------------------------------------

/** A colour as PIL's ImageColor reads it ('red', '#ff0000', 'rgb(255, 0, 0)', 'hsl(0, 100%, 50%)') or an RGB triple. */
export type Color = string | readonly [number, number, number];

// PIL's ImageColor.colormap (the CSS3 names), as 'name rrggbb' pairs.
const COLOR_NAMES = 'aliceblue f0f8ff antiquewhite faebd7 aqua 00ffff aquamarine 7fffd4 azure f0ffff beige f5f5dc bisque ffe4c4 black 000000 blanchedalmond ffebcd blue 0000ff blueviolet 8a2be2 brown a52a2a burlywood deb887 cadetblue 5f9ea0 chartreuse 7fff00 chocolate d2691e coral ff7f50 cornflowerblue 6495ed cornsilk fff8dc crimson dc143c cyan 00ffff darkblue 00008b darkcyan 008b8b darkgoldenrod b8860b darkgray a9a9a9 darkgrey a9a9a9 darkgreen 006400 darkkhaki bdb76b darkmagenta 8b008b darkolivegreen 556b2f darkorange ff8c00 darkorchid 9932cc darkred 8b0000 darksalmon e9967a darkseagreen 8fbc8f darkslateblue 483d8b darkslategray 2f4f4f darkslategrey 2f4f4f darkturquoise 00ced1 darkviolet 9400d3 deeppink ff1493 deepskyblue 00bfff dimgray 696969 dimgrey 696969 dodgerblue 1e90ff firebrick b22222 floralwhite fffaf0 forestgreen 228b22 fuchsia ff00ff gainsboro dcdcdc ghostwhite f8f8ff gold ffd700 goldenrod daa520 gray 808080 grey 808080 green 008000 greenyellow adff2f honeydew f0fff0 hotpink ff69b4 indianred cd5c5c indigo 4b0082 ivory fffff0 khaki f0e68c lavender e6e6fa lavenderblush fff0f5 lawngreen 7cfc00 lemonchiffon fffacd lightblue add8e6 lightcoral f08080 lightcyan e0ffff lightgoldenrodyellow fafad2 lightgreen 90ee90 lightgray d3d3d3 lightgrey d3d3d3 lightpink ffb6c1 lightsalmon ffa07a lightseagreen 20b2aa lightskyblue 87cefa lightslategray 778899 lightslategrey 778899 lightsteelblue b0c4de lightyellow ffffe0 lime 00ff00 limegreen 32cd32 linen faf0e6 magenta ff00ff maroon 800000 mediumaquamarine 66cdaa mediumblue 0000cd mediumorchid ba55d3 mediumpurple 9370db mediumseagreen 3cb371 mediumslateblue 7b68ee mediumspringgreen 00fa9a mediumturquoise 48d1cc mediumvioletred c71585 midnightblue 191970 mintcream f5fffa mistyrose ffe4e1 moccasin ffe4b5 navajowhite ffdead navy 000080 oldlace fdf5e6 olive 808000 olivedrab 6b8e23 orange ffa500 orangered ff4500 orchid da70d6 palegoldenrod eee8aa palegreen 98fb98 paleturquoise afeeee palevioletred db7093 papayawhip ffefd5 peachpuff ffdab9 peru cd853f pink ffc0cb plum dda0dd powderblue b0e0e6 purple 800080 rebeccapurple 663399 red ff0000 rosybrown bc8f8f royalblue 4169e1 saddlebrown 8b4513 salmon fa8072 sandybrown f4a460 seagreen 2e8b57 seashell fff5ee sienna a0522d silver c0c0c0 skyblue 87ceeb slateblue 6a5acd slategray 708090 slategrey 708090 snow fffafa springgreen 00ff7f steelblue 4682b4 tan d2b48c teal 008080 thistle d8bfd8 tomato ff6347 turquoise 40e0d0 violet ee82ee wheat f5deb3 white ffffff whitesmoke f5f5f5 yellow ffff00 yellowgreen 9acd32';
let colorMap: Map<string, string> | undefined;

/**
 * PIL's `ImageColor.getrgb` for the forms torchvision's examples use: CSS names, '#rgb',
 * '#rrggbb' (an alpha digit pair is ignored), 'rgb(r, g, b)' in integers or percentages, and
 * 'hsl(h, s%, l%)'.
 * @example getRgb('orange') // [255, 165, 0]
 */
export function getRgb(color: string): [number, number, number] {
  const c = color.trim().toLowerCase();
  colorMap ??= new Map(COLOR_NAMES.split(' ').reduce<[string, string][]>((acc, v, i, a) => (i % 2 === 0 ? [...acc, [v, a[i + 1]!]] : acc), []));
  const named = colorMap.get(c);
  const hex = named ?? (c.startsWith('#') ? c.slice(1) : undefined);
  if (hex !== undefined && /^[0-9a-f]+$/.test(hex)) {
    if (hex.length === 3 || hex.length === 4) return [0, 1, 2].map((i) => parseInt(hex[i]! + hex[i]!, 16)) as [number, number, number];
    if (hex.length === 6 || hex.length === 8) return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  }
  let m = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(,\s*\d+\s*)?\)$/.exec(c);
  if (m !== null) return [Number(m[1]), Number(m[2]), Number(m[3])];
  m = /^rgba?\(\s*(\d+)%\s*,\s*(\d+)%\s*,\s*(\d+)%\s*(,\s*\d+\s*)?\)$/.exec(c);
  if (m !== null) return [m[1], m[2], m[3]].map((v) => Math.floor((Number(v) * 255) / 100 + 0.5)) as [number, number, number];
  m = /^hsl\(\s*(\d+\.?\d*)\s*,\s*(\d+\.?\d*)%\s*,\s*(\d+\.?\d*)%\s*\)$/.exec(c);
  if (m !== null) {
    const [r, g, b] = hlsToRgb(Number(m[1]) / 360, Number(m[3]) / 100, Number(m[2]) / 100);
    return [Math.floor(r * 255 + 0.5), Math.floor(g * 255 + 0.5), Math.floor(b * 255 + 0.5)];
  }
  throw new RangeError(`unknown color specifier: ${JSON.stringify(color)}`);
}

/** Python's colorsys.hls_to_rgb. */
function hlsToRgb(h: number, l: number, s: number): [number, number, number] {
  if (s === 0) return [l, l, l];
  const m2 = l <= 0.5 ? l * (1 + s) : l + s - l * s;
  const m1 = 2 * l - m2;
  const v = (hue: number): number => {
    hue = ((hue % 1) + 1) % 1;
    if (hue < 1 / 6) return m1 + (m2 - m1) * hue * 6;
    if (hue < 0.5) return m2;
    if (hue < 2 / 3) return m1 + (m2 - m1) * (2 / 3 - hue) * 6;
    return m1;
  };
  return [v(h + 1 / 3), v(h), v(h - 1 / 3)];
}

function isTriple(v: unknown): v is readonly [number, number, number] {
  return Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number');
}

/** torchvision's _parse_colors: one RGB triple per object. */
function parseColors(where: string, colors: unknown, n: number): [number, number, number][] {
  let list: unknown[];
  if (colors === undefined || colors === null) {
    // torchvision's _generate_color_palette.
    return Array.from({ length: n }, (_, i) => [(i * (2 ** 25 - 1)) % 255, (i * (2 ** 15 - 1)) % 255, (i * (2 ** 21 - 1)) % 255]);
  } else if (typeof colors === 'string' || isTriple(colors)) {
    list = Array.from({ length: n }, () => colors);
  } else if (Array.isArray(colors)) {
    if (colors.length < n) throw new RangeError(`${where}: Number of colors must be equal or larger than the number of objects, but got ${colors.length} < ${n}.`);
    list = colors;
  } else {
    throw new TypeError(`${where}: colors must be a tuple or a string, or a list thereof, but got ${describeValue(colors)}.`);
  }
  return list.slice(0, n).map((c) => {
    if (typeof c === 'string') {
      try {
        return getRgb(c);
      } catch (e) {
        throw new RangeError(`${where}: ${(e as Error).message}`);
      }
    }
    if (isTriple(c)) return [c[0], c[1], c[2]];
    throw new TypeError(`${where}: If passed as tuple, colors should be an RGB triplet, but got ${describeValue(c)}.`);
  });
}

// ---- draw_bounding_boxes ------------------------------------------------------------------------

/** drawBoundingBoxes's keywords (torchvision's, camelCased). */
export interface DrawBoundingBoxesOptions {
  /** One label per box, drawn at its top-left corner. */
  labels?: readonly string[] | null;
  /** One colour for all boxes or one per box (default: torchvision's generated palette). */
  colors?: Color | readonly Color[] | null;
  /** Fill the boxes with their colour at alpha 100 (default false). */
  fill?: boolean;
  /** Outline width in pixels (default 1). */
  width?: number;
  /** A TrueType/OpenType font file for the labels (default: the system's sans-serif). */
  font?: string | null;
  /** The labels' font size in pixels (default 10). */
  fontSize?: number | null;
  /** The labels' colours (default the boxes', or black with `fillLabels`). */
  labelColors?: Color | readonly Color[] | null;
  /** Label background colours with `fillLabels` (default the boxes'). */
  labelBackgroundColors?: Color | readonly Color[] | null;
  /** Draw each label on a filled background (default false). */
  fillLabels?: boolean;
}

const BOX_NAMES = ['labels', 'colors', 'fill', 'width', 'font', 'fontSize', 'labelColors', 'labelBackgroundColors', 'fillLabels'] as const;

/** drawBoundingBoxes's arguments after image and boxes: Python's positional order, or an options object. */
export type DrawBoundingBoxesArgs = Args<[labels: readonly string[] | null, colors: Color | readonly Color[] | null, fill: boolean, width: number, font: string | null, fontSize: number | null], DrawBoundingBoxesOptions>;

/** PIL's DIV255 blend of `ink` over `v` at `alpha`. */
function blend(v: number, ink: number, alpha: number): number {
  const t = v * (255 - alpha) + ink * alpha + 128;
  return ((t >> 8) + t) >> 8;
}

/** An H x W x 3 canvas with PIL's clipped horizontal/vertical line primitives. */
class Canvas {
  constructor(readonly px: Uint8Array, readonly w: number, readonly h: number) {}

  point(x: number, y: number, rgb: readonly number[], alpha: number): void {
    if (x < 0 || y < 0 || x >= this.w || y >= this.h) return;
    const o = (y * this.w + x) * 3;
    for (let c = 0; c < 3; c++) this.px[o + c] = alpha === 255 ? rgb[c]! : blend(this.px[o + c]!, rgb[c]!, alpha);
  }

  hline(x0: number, y: number, x1: number, rgb: readonly number[], alpha: number): void {
    if (y < 0 || y >= this.h) return;
    if (x0 > x1) [x0, x1] = [x1, x0];
    x0 = Math.max(x0, 0);
    x1 = Math.min(x1, this.w - 1);
    for (let x = x0; x <= x1; x++) this.point(x, y, rgb, alpha);
  }

  vline(x: number, y0: number, y1: number, rgb: readonly number[], alpha: number): void {
    if (y0 > y1) [y0, y1] = [y1, y0];
    for (let y = y0; y <= y1; y++) this.point(x, y, rgb, alpha);
  }

  /** PIL's ImagingDrawRectangle: filled, or an outline `width` pixels wide inside the box. */
  rectangle(x0: number, y0: number, x1: number, y1: number, rgb: readonly number[], alpha: number, fill: boolean, width: number): void {
    if (y0 > y1) [y0, y1] = [y1, y0];
    if (fill) {
      for (let y = Math.max(y0, 0); y <= Math.min(y1, this.h); y++) this.hline(x0, y, x1, rgb, alpha);
      return;
    }
    if (width === 0) width = 1;
    for (let i = 0; i < width; i++) {
      this.hline(x0, y0 + i, x1, rgb, alpha);
      this.hline(x0, y1 - i, x1, rgb, alpha);
      this.vline(x1 - i, y0 + width, y1 - width, rgb, alpha);
      this.vline(x0 + i, y0 + width, y1 - width, rgb, alpha);
    }
  }
}

/** Pango markup of a label's text. */
function escapeMarkup(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function hexColor(rgb: readonly number[]): string {
  return '#' + rgb.map((v) => Math.max(0, Math.min(255, Math.round(v))).toString(16).padStart(2, '0')).join('');
}

interface BoxPlan {
  /** The image with the boxes drawn, H x W x 3, and what is left to do: the labels. */
  px: Uint8Array;
  h: number;
  w: number;
  labels: LabelsJob | null;
  floatDtype: string | null;
}

function boxesPlan(where: string, image: unknown, boxes: unknown, args: readonly unknown[]): BoxPlan | Tensor {
  const o = parseArgs<Required<DrawBoundingBoxesOptions>>(where, args, [...BOX_NAMES], {
    labels: null, colors: null, fill: false, width: 1, font: null, fontSize: null, labelColors: null, labelBackgroundColors: null, fillLabels: false,
  });
  if (!(image instanceof Tensor)) throw new TypeError(`${where}: Tensor expected, got ${describeValue(image)}`);
  if (!(image.dtype === 'uint8' || image.isFloatingPoint())) throw new TypeError(`${where}: The image dtype must be uint8 or float, got ${image.dtype}`);
  if (image.dim() !== 3) throw new RangeError(`${where}: Pass individual images, not batches`);
  if (image.shape[0] !== 1 && image.shape[0] !== 3) throw new RangeError(`${where}: Only grayscale and RGB images are supported`);
  if (!(boxes instanceof Tensor)) throw argTypeError(where, 'boxes', 'a tensor N x 4', boxes);
  if (boxes.dim() !== 2 || boxes.shape[1] !== 4) {
    throw new RangeError(`${where}: boxes must be N x 4 (xmin, ymin, xmax, ymax) (got shape [${boxes.shape.join(', ')}]); rotated N x 8 boxes are not supported`);
  }
  const b = boxes.to('cpu').to('int64').tolist() as number[][];
  const raw = boxes.to('cpu').to('float64').tolist() as number[][];
  if (raw.some((r) => r[0]! > r[2]! || r[1]! > r[3]!)) {
    throw new RangeError(`${where}: Boxes need to be in (xmin, ymin, xmax, ymax) format. Use torchvision.ops.box_convert to convert them`);
  }
  const n = b.length;
  if (n === 0) {
    process.emitWarning("boxes doesn't contain any box. No box was drawn");
    return image;
  }
  if (o.labels !== null && (!Array.isArray(o.labels) || o.labels.length !== n)) {
    throw new RangeError(`${where}: Number of boxes (${n}) and labels (${Array.isArray(o.labels) ? o.labels.length : describeValue(o.labels)}) mismatch. Please specify labels for each box.`);
  }
  if (!Number.isInteger(o.width) || o.width < 0) throw argTypeError(where, 'width', 'a non-negative integer', o.width);
  if (o.fontSize !== null && !(typeof o.fontSize === 'number' && o.fontSize > 0)) throw argTypeError(where, 'fontSize', 'a positive number', o.fontSize);
  if (o.font !== null && typeof o.font !== 'string') throw argTypeError(where, 'font', 'a font file name', o.font);
  const colors = parseColors(where, o.colors, n);
  const labelColors = o.labelColors !== null || o.fillLabels ? parseColors(where, o.labelColors ?? 'black', n) : colors;
  const backgrounds = o.fillLabels && o.labelBackgroundColors !== null ? parseColors(where, o.labelBackgroundColors, n) : colors;

  let img = image.to('cpu');
  if (img.shape[0] === 1) img = img.tile([3, 1, 1]);
  const floatDtype = img.isFloatingPoint() ? img.dtype : null;
  // torchvision's to_dtype(uint8, scale=True) of a float image.
  if (floatDtype !== null) img = img.mul(255 + 1.0 - 1e-3).to('uint8');
  const [, h, w] = img.shape as [number, number, number];
  const px = new Uint8Array(img.permute(1, 2, 0).contiguous().dataSync() as Uint8Array);
  const canvas = new Canvas(px, w, h);
  const items: LabelsJob['labels'] = [];
  for (let i = 0; i < n; i++) {
    const [x0, y0, x1, y1] = b[i]! as [number, number, number, number];
    if (o.fill) canvas.rectangle(x0, y0, x1, y1, colors[i]!, 100, true, 0);
    if (o.width !== 0) canvas.rectangle(x0, y0, x1, y1, colors[i]!, 255, false, o.width);
    const label = o.labels?.[i];
    if (label !== undefined && label !== null) {
      const margin = o.width + 1;
      items.push({ text: escapeMarkup(String(label)), x: x0 + margin, y: y0 + margin, color: hexColor(labelColors[i]!), background: o.fillLabels ? hexColor(backgrounds[i]!) : null, margin: 1 });
    }
  }
  const labels: LabelsJob | null = items.length === 0 ? null : {
    op: 'labels', input: px, width: w, height: h, labels: items, font: `sans ${o.fontSize ?? 10}px`, fontfile: o.font,
  };
  return { px, h, w, labels, floatDtype };
}

function boxesResult(px: Uint8Array, h: number, w: number, floatDtype: string | null): Tensor {
  const out = fromBuffer(px, { shape: [h, w, 3] }).permute(2, 0, 1).contiguous();
  return floatDtype === null ? out : out.to(floatDtype as 'float32').mul_(1.0 / 255);
}

/**
 * torchvision's `draw_bounding_boxes`: draws boxes (N x 4, xmin ymin xmax ymax, in pixels) on a
 * uint8 (or float in [0, 1]) image C x H x W (C = 1 or 3), with optional labels, colours and a
 * translucent fill; returns a new 3-channel image of the image's dtype. Box outlines and fills
 * are PIL's pixels; label text is drawn by sharp (a worker thread, so the call blocks while it
 * renders; `drawBoundingBoxesAsync` does not).
 * @example
 * const out = utils.drawBoundingBoxes(img, torch.tensor([[10, 10, 60, 40]]), { labels: ['cat'], colors: 'red', width: 2 });
 */
export function drawBoundingBoxes(image: Tensor, boxes: Tensor, ...args: DrawBoundingBoxesArgs): Tensor {
  const plan = boxesPlan('drawBoundingBoxes', image, boxes, args);
  if (plan instanceof Tensor) return plan;
  const px = plan.labels === null ? plan.px : runSync(plan.labels).data;
  return boxesResult(px, plan.h, plan.w, plan.floatDtype);
}

/** `drawBoundingBoxes` without blocking (labels rendered in sharp's pool). @example const out = await utils.drawBoundingBoxesAsync(img, boxes, { labels }); */
export async function drawBoundingBoxesAsync(image: Tensor, boxes: Tensor, ...args: DrawBoundingBoxesArgs): Promise<Tensor> {
  const plan = boxesPlan('drawBoundingBoxesAsync', image, boxes, args);
  if (plan instanceof Tensor) return plan;
  const px = plan.labels === null ? plan.px : (await runSharpJob(await loadSharp(), plan.labels)).data;
  return boxesResult(px, plan.h, plan.w, plan.floatDtype);
}

// ---- draw_segmentation_masks --------------------------------------------------------------------

/** drawSegmentationMasks's keywords. */
export interface DrawSegmentationMasksOptions {
  /** Opacity of the masks, 0 (invisible) to 1 (opaque); default 0.8. */
  alpha?: number;
  /** One colour for all masks or one per mask (default: torchvision's generated palette). */
  colors?: Color | readonly Color[] | null;
}

/** drawSegmentationMasks's arguments after image and masks. */
export type DrawSegmentationMasksArgs = Args<[alpha: number, colors: Color | readonly Color[] | null], DrawSegmentationMasksOptions>;

/**
 * torchvision's `draw_segmentation_masks`: paints boolean masks (N x H x W or H x W) on an RGB
 * image (uint8, or float in [0, 1]) with opacity `alpha`; pixels under two or more masks go
 * black. The same tensor operations as torchvision, so the same values.
 * @example const out = utils.drawSegmentationMasks(img, masks, { alpha: 0.6, colors: ['red', 'blue'] });
 */
export function drawSegmentationMasks(image: Tensor, masks: Tensor, ...args: DrawSegmentationMasksArgs): Tensor {
  const where_ = 'drawSegmentationMasks';
  const o = parseArgs<Required<DrawSegmentationMasksOptions>>(where_, args, ['alpha', 'colors'], { alpha: 0.8, colors: null });
  if (!(image instanceof Tensor)) throw new TypeError(`${where_}: The image must be a tensor, got ${describeValue(image)}`);
  if (!(image.dtype === 'uint8' || image.isFloatingPoint())) throw new TypeError(`${where_}: The image dtype must be uint8 or float, got ${image.dtype}`);
  if (image.dim() !== 3) throw new RangeError(`${where_}: Pass individual images, not batches`);
  if (image.shape[0] !== 3) throw new RangeError(`${where_}: Pass an RGB image. Other Image formats are not supported`);
  if (!(masks instanceof Tensor)) throw argTypeError(where_, 'masks', 'a bool tensor', masks);
  if (typeof o.alpha !== 'number') throw argTypeError(where_, 'alpha', 'a number', o.alpha);
  return noGrad(() => {
    let m = masks;
    if (m.dim() === 2) m = m.unsqueeze(0);
    if (m.dim() !== 3) throw new RangeError(`${where_}: masks must be of shape (H, W) or (batch_size, H, W)`);
    if (m.dtype !== 'bool') throw new TypeError(`${where_}: The masks must be of dtype bool. Got ${m.dtype}`);
    if (m.shape[1] !== image.shape[1] || m.shape[2] !== image.shape[2]) throw new RangeError(`${where_}: The image and the masks must have the same height and width`);
    const num = m.shape[0]!;
    if (num === 0) {
      process.emitWarning("masks doesn't contain any mask. No mask was drawn");
      return image;
    }
    const overlapping = m.sum(0).gt(1);
    const dtype = image.dtype;
    const isFloat = image.isFloatingPoint();
    const colors = parseColors(where_, o.colors, num).map((c) => makeTensor(c.map((v) => (isFloat ? v / 255 : v)), { dtype, device: image.device }));
    let drawn = image.detach().clone();
    for (let i = 0; i < num; i++) drawn = where(m.select(0, i).unsqueeze(0), colors[i]!.view(3, 1, 1), drawn);
    drawn = where(overlapping.unsqueeze(0), makeTensor(0, { dtype, device: image.device }), drawn);
    return image.mul(1 - o.alpha).add(drawn.mul(o.alpha)).to(dtype);
  });
}

// ---- draw_keypoints -----------------------------------------------------------------------------

/** drawKeypoints's keywords (torchvision's, camelCased). */
export interface DrawKeypointsOptions {
  /** Pairs of keypoint indices joined by a line (white, as PIL's default ink). */
  connectivity?: readonly (readonly [number, number])[] | null;
  /** The keypoints' colour (default none: torchvision then draws no points, only the lines). */
  colors?: Color | null;
  /** Radius of each keypoint in pixels (default 2). */
  radius?: number;
  /** Width of the connecting lines (default 3). */
  width?: number;
  /** N x K booleans: which keypoints (and the lines touching them) are drawn (default all). */
  visibility?: Tensor | null;
}

/** drawKeypoints's arguments after image and keypoints. */
export type DrawKeypointsArgs = Args<[connectivity: readonly (readonly [number, number])[] | null, colors: Color | null, radius: number, width: number, visibility: Tensor | null], DrawKeypointsOptions>;

function keypointsPlan(where: string, image: unknown, keypoints: unknown, args: readonly unknown[]): { job: SvgJob; floatDtype: string | null } {
  const o = parseArgs<Required<DrawKeypointsOptions>>(where, args, ['connectivity', 'colors', 'radius', 'width', 'visibility'], {
    connectivity: null, colors: null, radius: 2, width: 3, visibility: null,
  });
  if (!(image instanceof Tensor)) throw new TypeError(`${where}: The image must be a tensor, got ${describeValue(image)}`);
  if (!(image.dtype === 'uint8' || image.isFloatingPoint())) throw new TypeError(`${where}: The image dtype must be uint8 or float, got ${image.dtype}`);
  if (image.dim() !== 3) throw new RangeError(`${where}: Pass individual images, not batches`);
  if (image.shape[0] !== 3) throw new RangeError(`${where}: Pass an RGB image. Other Image formats are not supported`);
  if (!(keypoints instanceof Tensor) || keypoints.dim() !== 3) throw new RangeError(`${where}: keypoints must be of shape (num_instances, K, 2)`);
  let vis = o.visibility;
  if (vis === null) vis = keypoints.newOnes(keypoints.shape.slice(0, -1), { dtype: 'bool' });
  if (!(vis instanceof Tensor)) throw argTypeError(where, 'visibility', 'a tensor N x K', vis);
  if (vis.dim() === 3) vis = vis.squeeze(-1);
  if (vis.dim() !== 2) throw new RangeError(`${where}: visibility must be of shape (num_instances, K). Got ndim=${vis.dim()}`);
  if (vis.shape[0] !== keypoints.shape[0] || vis.shape[1] !== keypoints.shape[1]) {
    throw new RangeError(`${where}: keypoints and visibility must have the same dimensionality for num_instances and K. Got visibility.shape=[${vis.shape.join(', ')}] and keypoints.shape=[${keypoints.shape.join(', ')}]`);
  }
  const color = o.colors === null ? null : hexColor(parseColors(where, o.colors, 1)[0]!);
  let img = image.to('cpu');
  const floatDtype = img.isFloatingPoint() ? img.dtype : null;
  if (floatDtype !== null) img = img.mul(255 + 1.0 - 1e-3).to('uint8');
  const [, h, w] = img.shape as [number, number, number];
  const kpts = keypoints.to('cpu').to('int64').tolist() as number[][][];
  const visible = vis.to('cpu').to('bool').tolist() as boolean[][];
  const shapes: string[] = [];
  kpts.forEach((inst, n) => {
    if (color !== null) {
      inst.forEach(([x, y], k) => {
        if (visible[n]![k]) shapes.push(`<circle cx="${x! + 0.5}" cy="${y! + 0.5}" r="${o.radius + 0.5}" fill="${color}"/>`);
      });
    }
    for (const [a, b] of o.connectivity ?? []) {
      if (!visible[n]![a] || !visible[n]![b]) continue;
      const [x1, y1] = inst[a]!, [x2, y2] = inst[b]!;
      shapes.push(`<line x1="${x1! + 0.5}" y1="${y1! + 0.5}" x2="${x2! + 0.5}" y2="${y2! + 0.5}" stroke="#ffffff" stroke-width="${o.width}"/>`);
    }
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" shape-rendering="crispEdges">${shapes.join('')}</svg>`;
  const px = new Uint8Array(img.permute(1, 2, 0).contiguous().dataSync() as Uint8Array);
  return { job: { op: 'svg', input: px, width: w, height: h, svg }, floatDtype };
}

/**
 * torchvision's `draw_keypoints`: draws keypoints (N x K x 2, x y in pixels) as discs of
 * `radius` in `colors`, and the `connectivity` pairs as white lines `width` wide, on an RGB image
 * (uint8, or float in [0, 1]); `visibility` hides points and their lines. Drawn by sharp
 * (librsvg, without antialiasing), so edges may differ from PIL's by a pixel. Blocks while a
 * worker thread draws; `drawKeypointsAsync` does not.
 * @example const out = utils.drawKeypoints(img, torch.tensor([[[10, 12], [30, 40]]]), { connectivity: [[0, 1]], colors: 'blue', radius: 3 });
 */
export function drawKeypoints(image: Tensor, keypoints: Tensor, ...args: DrawKeypointsArgs): Tensor {
  const { job, floatDtype } = keypointsPlan('drawKeypoints', image, keypoints, args);
  return boxesResult(runSync(job).data, job.height, job.width, floatDtype);
}

/** `drawKeypoints` without blocking. @example const out = await utils.drawKeypointsAsync(img, kpts, { colors: 'red' }); */
export async function drawKeypointsAsync(image: Tensor, keypoints: Tensor, ...args: DrawKeypointsArgs): Promise<Tensor> {
  const { job, floatDtype } = keypointsPlan('drawKeypointsAsync', image, keypoints, args);
  return boxesResult((await runSharpJob(await loadSharp(), job)).data, job.height, job.width, floatDtype);
}
