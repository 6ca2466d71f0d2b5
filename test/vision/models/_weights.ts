// Checks weights enums against torchvision's (test/oracles/vision/models/_common.py
// weights_enums): members, DEFAULT, URL, every meta entry (Python's keys camelCased as
// WeightsMeta documents) and the preset's arguments.
import { expect } from 'vitest';
import { models } from '../../../lib/vision/index.js';

/** What _common.weights_enums gives. */
export type PyWeightsEnums = Record<string, {
  members: Record<string, { url: string; meta: Record<string, unknown>; transforms: Record<string, unknown> }>;
  default: string;
}>;

const META_KEYS: Record<string, string> = { num_params: 'numParams', min_size: 'minSize', _metrics: 'metrics', _ops: 'ops', _file_size: 'fileSize', _docs: 'docs' };

interface Preset { cropSize: number[]; resizeSize: number[]; interpolation: string; mean: number[]; std: number[] }

export function expectWeightsEnums(names: readonly string[], want: PyWeightsEnums): void {
  for (const name of names) {
    const e = (models as unknown as Record<string, models.WeightsEnum>)[name]!;
    const py = want[name]!;
    expect(e.keys(), name).toEqual(Object.keys(py.members));
    expect(e.get('DEFAULT').name, name).toEqual(py.default);
    for (const [member, w] of Object.entries(py.members)) {
      const got = e.get(member);
      expect(got.url, `${name}.${member}`).toBe(w.url);
      const meta: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(got.meta)) {
        if (k === 'categories') meta[k] = v === null ? null : (v as string[]).length;
        else meta[k] = v;
      }
      const wantMeta = Object.fromEntries(Object.entries(w.meta).map(([k, v]) => [META_KEYS[k] ?? k, v]));
      expect(meta, `${name}.${member}.meta`).toEqual(wantMeta);
      const t = got.transforms() as unknown as Preset;
      const kw = w.transforms as { crop_size: number; resize_size?: number; interpolation?: string; mean?: number[]; std?: number[] };
      expect([t.cropSize[0], t.resizeSize[0], t.interpolation], `${name}.${member}.transforms`)
        .toEqual([kw.crop_size, kw.resize_size ?? 256, kw.interpolation ?? 'bilinear']);
      if (kw.mean !== undefined) expect(t.mean).toEqual(kw.mean);
      if (kw.std !== undefined) expect(t.std).toEqual(kw.std);
    }
  }
}
