// ImageFolder / DatasetFolder against torchvision's, over a tree of PNGs and JPEGs written by Pillow
// (test/oracles/vision/datasets/fixtures.py). torchvision's default loader is PIL's
// Image.open().convert('RGB'); ours decodes with sharp: the same pixels.
import { mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import type { Tensor } from '../../../lib/torch.js';
import { datasets, io, transforms, Image } from '../../../lib/vision/index.js';
import { oracles } from '../../helpers/python.js';
import { tempDir } from '../../helpers/tmp.js';

interface Pixels { shape: number[]; data: number[]; mode: string }
interface Read {
  classes: string[]; classToIdx: Record<string, number>; samples: [string, number][]; targets: number[];
  imgs: [string, number][]; items: Pixels[]; labels: number[]; repr: string; extensions: string[];
  findClasses: [string[], Record<string, number>];
}
interface Errors {
  empty: [string, string]; emptyValidFile: [string, string]; noClass: [string, string]; both: [string, string]; neither: [string, string];
  allowEmpty: { classes: string[]; samples: [string, number][] };
}
interface FolderRead { samples: [string, number][]; items: [number, number][]; byExt: [string, number][] }

const base = tempDir('torch-node-imagefolder-');
const root = join(base, 'tree');
const emptyRoot = join(base, 'empty');
const noClassRoot = join(base, 'noclass');
mkdirSync(noClassRoot);
// Class names whose code-point order differs from UTF-16 order (an astral character against a
// high BMP one), and a hidden folder (os.scandir lists it; so does torchvision).
const unicodeRoot = join(base, 'unicode');
for (const c of ['\u{1F600}smile', '\uFF21wide', 'b', 'B', '.hidden', 'a\u0301']) mkdirSync(join(unicodeRoot, c), { recursive: true });
writeFileSync(join(noClassRoot, 'loose.png'), '');
let py: { read: Read; folder: FolderRead; errors: Errors; unicode: [string[], Record<string, number>] };

beforeAll(() => {
  const r = oracles<[unknown, unknown, Read, FolderRead, Errors, [string[], Record<string, number>]]>([
    ['vision/datasets/fixtures', 'image_folder', root],
    ['vision/datasets/fixtures', 'empty_class_folder', emptyRoot],
    ['vision/datasets/folder', 'image_folder', root],
    ['vision/datasets/folder', 'dataset_folder', root],
    ['vision/datasets/folder', 'errors', emptyRoot, noClassRoot],
    ['vision/datasets/folder', 'find_classes', unicodeRoot],
  ]);
  py = { read: r[2], folder: r[3], errors: r[4], unicode: r[5] };
});

const pixels = (img: Image): number[] => Array.from(img.data.dataSync() as Uint8Array);
const isJpeg = (p: string): boolean => /\.jpe?g$/i.test(p);

describe('ImageFolder', () => {
  it('finds classes and samples in Python\'s order (code points, nested folders, case-insensitive extensions)', () => {
    const ds = new datasets.ImageFolder(root);
    expect(ds.classes).toEqual(py.read.classes);
    expect(ds.classToIdx).toEqual(py.read.classToIdx);
    expect(ds.samples).toEqual(py.read.samples);
    expect(ds.imgs).toEqual(py.read.imgs);
    expect(ds.targets).toEqual(py.read.targets);
    expect(ds.length).toBe(py.read.samples.length);
    expect([...datasets.IMG_EXTENSIONS]).toEqual(py.read.extensions);
    expect(datasets.findClasses(root)).toEqual(py.read.findClasses);
    expect(String(ds)).toBe(py.read.repr);
    expect(datasets.findClasses(unicodeRoot)).toEqual(py.unicode);
    expect(py.unicode[0].indexOf('\uFF21wide')).toBeLessThan(py.unicode[0].indexOf('\u{1F600}smile'));
  });

  it('keeps a relative root as given in the sample paths, as os.path.join does (no normalisation)', () => {
    const rel = `./${relative(process.cwd(), root)}`;
    const ds = new datasets.ImageFolder(rel);
    expect(ds.root).toBe(rel);
    expect(ds.samples).toEqual(py.read.samples.map(([p, t]) => [`${rel}${p.slice(root.length)}`, t]));
    expect(String(ds)).toContain(`Root location: ${rel}`);
    expect(new datasets.ImageFolder(`${root}/`).samples[0]![0]).toBe(py.read.samples[0]![0]);
  });

  it('decodes every image to RGB as PIL\'s convert(\'RGB\'): PNGs (L, LA, P, RGB, RGBA) and JPEGs exactly', () => {
    const ds = new datasets.ImageFolder(root);
    let jpegs = 0;
    for (let i = 0; i < ds.length; i++) {
      const [img, label] = ds.getItem(i);
      const want = py.read.items[i]!;
      expect(img).toBeInstanceOf(Image);
      expect(img.mode).toBe('RGB');
      expect(want.mode).toBe('RGB');
      expect(img.data.shape).toEqual(want.shape);
      expect(label).toBe(py.read.labels[i]);
      const got = pixels(img);
      // JPEGs too: Pillow's libjpeg-turbo and sharp's (libvips, mozjpeg) decode these baseline
      // files with the same integer IDCT and upsampling.
      if (isJpeg(ds.samples[i]![0])) jpegs++;
      expect(got).toEqual(want.data);
    }
    expect(jpegs).toBe(3);
  });

  it('getItemAsync gives what getItem gives, without blocking', async () => {
    const ds = new datasets.ImageFolder(root, { transform: transforms.ToTensor(), targetTransform: (t: number) => t + 1 });
    const all = await Promise.all(Array.from({ length: ds.length }, (_, i) => ds.getItemAsync(i)));
    for (let i = 0; i < ds.length; i++) {
      const [x, y] = ds.getItem(i);
      expect(torch.equal(all[i]![0], x)).toBe(true);
      expect(all[i]![1]).toBe(y);
      expect(x.dtype).toBe('float32');
    }
    await expect(ds.getItemAsync(ds.length)).rejects.toThrow(RangeError);
  });

  it('a custom loader, isValidFile and allowEmpty; torchvision\'s errors', () => {
    const calls: string[] = [];
    const ds = new datasets.ImageFolder(root, { loader: (p: string) => { calls.push(p); return new Image(torch.zeros([3, 1, 1], { dtype: 'uint8' })); } });
    ds.getItem(2);
    expect(calls).toEqual([ds.samples[2]![0]]);
    // A loader of tensors (torchvision users pass torchvision.io.read_image): items are what it gives.
    const tensors = new datasets.ImageFolder(root, { loader: (p: string) => io.readImage(p, 'RGB'), transform: (t: Tensor) => t.float() });
    const asTensor: Tensor = tensors.getItem(3)[0];
    expect(asTensor.dtype).toBe('float32');
    expect(torch.equal(asTensor, new datasets.ImageFolder(root).getItem(3)[0].data.float())).toBe(true);
    const onlyPng = new datasets.ImageFolder(root, { isValidFile: (p: string) => p.endsWith('.png') });
    expect(onlyPng.samples).toEqual(py.folder.samples);
    expect(onlyPng.extensions).toBeUndefined();
    expect(() => new datasets.ImageFolder(emptyRoot)).toThrow(py.errors.empty[1]);
    expect(() => new datasets.ImageFolder(emptyRoot, { isValidFile: (p: string) => p.endsWith('.png') })).toThrow(py.errors.emptyValidFile[1]);
    expect(() => new datasets.ImageFolder(noClassRoot)).toThrow(py.errors.noClass[1]);
    const allowed = new datasets.ImageFolder(emptyRoot, { allowEmpty: true });
    expect(allowed.classes).toEqual(py.errors.allowEmpty.classes);
    expect(allowed.samples).toEqual(py.errors.allowEmpty.samples);
    expect(() => new datasets.ImageFolder(root, { extensions: ['.png'] } as never)).toThrow("ImageFolder: unknown option 'extensions'");
    expect(() => new datasets.ImageFolder(42 as never)).toThrow(/root must be a folder path/);
  });
});

describe('DatasetFolder', () => {
  it('loader + isValidFile or extensions, as torchvision', () => {
    const ds = new datasets.DatasetFolder(root, { loader: (p: string) => statSync(p).size, isValidFile: (p: string) => p.endsWith('.png') });
    expect(ds.samples).toEqual(py.folder.samples);
    expect(Array.from({ length: ds.length }, (_, i) => ds.getItem(i))).toEqual(py.folder.items);
    const byExt = new datasets.DatasetFolder(root, (_p: string) => 0, { extensions: ['.jpg', '.jpeg'], allowEmpty: true });
    expect(byExt.samples).toEqual(py.folder.byExt);
    expect(() => new datasets.DatasetFolder(emptyRoot, { loader: (p: string) => p, extensions: ['.png'], isValidFile: () => true })).toThrow(py.errors.both[1]);
    expect(() => new datasets.DatasetFolder(emptyRoot, { loader: (p: string) => p })).toThrow(py.errors.neither[1]);
    expect(() => new datasets.DatasetFolder(root, { extensions: ['.png'] } as never)).toThrow(/option loader must be a function/);
    expect(datasets.hasFileAllowedExtension('A.PnG', '.png')).toBe(true);
    expect(datasets.isImageFile('x.webp')).toBe(true);
    expect(datasets.isImageFile('x.gif')).toBe(false);
  });

  it('subclasses override findClasses and makeDataset as in torchvision; loaderAsync feeds getItemAsync', async () => {
    class OnlyDogs extends datasets.DatasetFolder<string> {
      override findClasses(dir: string): [string[], Record<string, number>] {
        const [classes] = super.findClasses(dir);
        return [classes.filter((c) => c === 'dog'), { dog: 0 }];
      }
    }
    const dogs = new OnlyDogs(root, { loader: (p: string) => p, loaderAsync: async (p: string) => `async:${p}`, extensions: datasets.IMG_EXTENSIONS });
    expect(dogs.classes).toEqual(['dog']);
    expect(dogs.targets.every((t) => t === 0)).toBe(true);
    expect(dogs.samples.map(([p]) => p)).toEqual(py.read.samples.filter(([p]) => p.includes('/dog/')).map(([p]) => p));
    expect((await dogs.getItemAsync(0))[0]).toBe(`async:${dogs.samples[0]![0]}`);
  });

  it('follows symbolic links to class folders and below them (os.walk(followlinks=True))', () => {
    const linked = tempDir('torch-node-imagefolder-links-');
    symlinkSync(join(root, 'dog'), join(linked, 'dog'));
    mkdirSync(join(linked, 'cat'));
    symlinkSync(join(root, 'cat', 'sub'), join(linked, 'cat', 'inner'));
    const ds = new datasets.ImageFolder(linked);
    expect(ds.classes).toEqual(['cat', 'dog']);
    expect(ds.samples.map(([p]) => p.slice(linked.length + 1))).toEqual(['cat/inner/z.png', 'cat/inner/deeper/y.jpeg', 'dog/1.png', 'dog/10.png', 'dog/2.JPG', 'dog/alpha.png', 'dog/gray.png']);
    const x: Tensor = transforms.ToTensor()(ds.getItem(0)[0]);
    expect(x.shape[0]).toBe(3);
  });
});
