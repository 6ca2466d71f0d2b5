// FeaturePyramidNetwork (and its extra blocks) and MultiScaleRoIAlign against torchvision: the
// same weights from the same seed, the same module tree and state-dict keys, the same outputs and
// gradients (test/oracles/vision/ops/fpn.py).
import { describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import { nn } from '../../../lib/index.js';
import type { Tensor } from '../../../lib/torch.js';
import { ops } from '../../../lib/vision/index.js';
import { oracleBatch } from '../../helpers/python.js';

interface FpnResult {
  repr: string; state: Record<string, unknown>; keys: string[]; x: unknown[];
  out: [string, number[], unknown][]; grads: unknown[];
}
interface MultiscaleResult {
  x: Record<string, unknown>; boxes: unknown[]; y: unknown; g: unknown; grads: Record<string, unknown>; scales: number[];
  levels: number[]; k: [number, number]; single: unknown; single_scales: number[]; repr: string; single_repr: string; mapper: number[];
}

const KINDS = ['plain', 'maxpool', 'p6p7', 'p6p7_p5', 'bn'] as const;
type Kind = typeof KINDS[number];

const py = oracleBatch<Record<Kind, FpnResult> & { multiscale: MultiscaleResult }>({
  plain: ['vision/ops/fpn', 'fpn', 'plain'],
  maxpool: ['vision/ops/fpn', 'fpn', 'maxpool'],
  p6p7: ['vision/ops/fpn', 'fpn', 'p6p7'],
  p6p7_p5: ['vision/ops/fpn', 'fpn', 'p6p7_p5'],
  bn: ['vision/ops/fpn', 'fpn', 'bn'],
  multiscale: ['vision/ops/fpn', 'multiscale'],
});

const t = (data: unknown): Tensor => torch.tensor(data as number[]);

/** The largest |a - b| / (atol + rtol |b|): at most 1 when a is within tolerance of b. */
function closeness(a: Tensor, b: Tensor, atol = 1e-5, rtol = 1e-5): number {
  return a.sub(b).abs().div(b.abs().mul(rtol).add(atol)).max().item();
}

function makeFpn(kind: Kind): ops.FeaturePyramidNetwork {
  switch (kind) {
    case 'plain': return new ops.FeaturePyramidNetwork([8, 16, 32], 6);
    case 'maxpool': return new ops.FeaturePyramidNetwork([8, 16, 32], 6, new ops.LastLevelMaxPool());
    case 'p6p7': return new ops.FeaturePyramidNetwork([8, 16, 32], 6, new ops.LastLevelP6P7(32, 6));
    case 'p6p7_p5': return new ops.FeaturePyramidNetwork([8, 16, 32], 6, { extraBlocks: new ops.LastLevelP6P7(6, 6) });
    case 'bn': return new ops.FeaturePyramidNetwork({ inChannelsList: [8, 16, 32], outChannels: 6, normLayer: nn.BatchNorm2d });
  }
}

describe('FeaturePyramidNetwork', () => {
  for (const kind of KINDS) {
    it(`${kind}: torchvision's tree, state-dict keys and seeded weights; outputs and input gradients`, () => {
      const want = py()[kind];
      torch.manualSeed(0);
      const m = makeFpn(kind);
      expect(String(m)).toBe(want.repr);
      const state = m.stateDict();
      expect(Object.keys(state)).toEqual(want.keys);
      for (const key of want.keys) expect(state[key]!.tolist(), key).toEqual(want.state[key]);
      const xs = want.x.map((x) => t(x).requiresGrad_());
      // A plain object keeps these keys' order; a Map gives the same.
      const out = m({ c2: xs[0]!, c3: xs[1]!, c4: xs[2]! });
      expect(out).toBeInstanceOf(Map);
      expect([...out.keys()]).toEqual(want.out.map(([k]) => k));
      let total: Tensor | null = null;
      for (const [k, shape, values] of want.out) {
        const v = out.get(k)!;
        expect(v.shape.slice(1)).toEqual(shape);
        expect(closeness(v, t(values)), k).toBeLessThanOrEqual(1);
        total = total === null ? v.square().sum() : total.add(v.square().sum());
      }
      total!.backward();
      xs.forEach((x, i) => expect(closeness(x.grad!, t(want.grads[i]), 1e-4, 1e-4)).toBeLessThanOrEqual(1));
      const again = m(new Map([['c2', xs[0]!.detach()], ['c3', xs[1]!.detach()], ['c4', xs[2]!.detach()]]));
      expect(torch.equal(again.get('c2')!, out.get('c2')!.detach())).toBe(true);
    });
  }

  it('loads torchvision\'s state dict and checks its arguments', () => {
    const want = py().p6p7;
    const m = new ops.FeaturePyramidNetwork([8, 16, 32], 6, new ops.LastLevelP6P7(32, 6));
    m.loadStateDict(Object.fromEntries(Object.entries(want.state).map(([k, v]) => [k, t(v)])));
    const out = m({ c2: t(want.x[0]), c3: t(want.x[1]), c4: t(want.x[2]) });
    expect(closeness(out.get('p7')!, t(want.out[4]![2]))).toBeLessThanOrEqual(1);
    // Version-1 keys (before the blocks were Conv2dNormActivation) are renamed on load, as torchvision does.
    const v1 = new ops.FeaturePyramidNetwork([8, 16, 32], 6, new ops.LastLevelP6P7(32, 6));
    v1.loadStateDict(Object.fromEntries(Object.entries(want.state).map(([k, v]) => [k.replace(/^(inner|layer)_blocks\.(\d)\.0\./, '$1_blocks.$2.'), t(v)])));
    expect(torch.equal(v1.stateDict()['inner_blocks.1.0.weight']!, m.stateDict()['inner_blocks.1.0.weight']!)).toBe(true);
    expect(() => new ops.FeaturePyramidNetwork([8, 0], 6)).toThrow('in_channels=0 is currently not supported');
    // @ts-expect-error: not an ExtraFPNBlock
    expect(() => new ops.FeaturePyramidNetwork([8], 6, new nn.ReLU())).toThrow('extra_blocks should be of type ExtraFPNBlock not ReLU');
    // @ts-expect-error: not feature maps
    expect(() => m([torch.zeros(1)])).toThrow(TypeError);
  });
});

describe('MultiScaleRoIAlign', () => {
  it('pools each box from its level (canonicalScale 112), as torchvision; inferred scales and levels; gradients', () => {
    const want = py().multiscale;
    const feats = Object.fromEntries(Object.entries(want.x).map(([k, v]) => [k, t(v).requiresGrad_()]));
    const boxes = want.boxes.map(t);
    const m = new ops.MultiScaleRoIAlign(['feat3', 'feat2', 'feat1'], 3, 2, { canonicalScale: 112 });
    expect(String(m)).toBe(want.repr);
    const y = m(feats, boxes, [[256, 192], [250, 190]]);
    expect(closeness(y, t(want.y))).toBeLessThanOrEqual(1);
    expect(m.scales).toEqual(want.scales);
    expect([m.mapLevels!.kMin, m.mapLevels!.kMax]).toEqual(want.k);
    expect(m.mapLevels!.call(boxes).tolist()).toEqual(want.levels);
    expect(new Set(want.levels)).toEqual(new Set([0, 1, 2]));
    y.mul(t(want.g)).sum().backward();
    expect(Object.keys(want.grads)).toEqual(['feat1', 'feat2', 'feat3']);
    for (const [k, g] of Object.entries(want.grads)) expect(closeness(feats[k]!.grad!, t(g)), k).toBeLessThanOrEqual(1);
    expect(feats.feat4!.grad).toBeNull();
    const single = new ops.MultiScaleRoIAlign({ featmapNames: ['feat2'], outputSize: [2, 3], samplingRatio: -1 });
    expect(String(single)).toBe(want.single_repr);
    const detached = new Map(Object.entries(feats).map(([k, v]) => [k, v.detach()]));
    expect(closeness(single(detached, boxes, [[256, 192]]), t(want.single))).toBeLessThanOrEqual(1);
    expect(single.scales).toEqual(want.single_scales);
    expect(new ops.LevelMapper(2, 5).call([torch.tensor([[0, 0, 32, 32], [0, 0, 600, 600], [0, 0, 112, 112]])]).tolist()).toEqual(want.mapper);
    expect(() => new ops.MultiScaleRoIAlign(['a'], 3, 2)(detached, boxes, [])).toThrow('images list should not be empty');
  });
});
