import { beforeAll, describe, expect, it } from 'vitest';
import * as torch from '../../../lib/torch.js';
import * as nn from '../../../lib/nn/index.js';
import { oracle } from '../../helpers/python.js';
import { expectClose } from '../helpers.js';

const R = nn.utils.rnn;
let py: Record<string, unknown> & { repr: string; reprUnsorted: string; sortedNone: boolean; double: [string, string, boolean];
  errors: Record<string, [string, string]> };
beforeAll(() => { py = oracle('nn/utils/rnn', 'results'); });

describe('nn.utils.rnn equals PyTorch', () => {
  it('pack/pad round trips, every option, gradients through packing', () => {
    torch.manualSeed(4);
    const a = torch.randn([4, 2], { requiresGrad: true }); const b = torch.randn([2, 2], { requiresGrad: true }); const c = torch.randn([3, 2], { requiresGrad: true });
    const o: Record<string, unknown> = {};
    const ps = R.packSequence([a, b, c], { enforceSorted: false });
    o.ps = [ps.data.tolist(), ps.batchSizes.tolist(), ps.sortedIndices!.tolist(), ps.unsortedIndices!.tolist()];
    o.unpack = R.unpackSequence(ps).map((t) => t.tolist());
    const padded = R.padSequence([a, b, c]);
    o.pad = padded;
    o.padBF = R.padSequence([a, b, c], { batchFirst: true, paddingValue: -1.5 });
    o.padLeft = R.padSequence([a, b, c], true, 0.5, 'left');
    const pp = R.packPaddedSequence(padded, torch.tensor([4, 2, 3]), { enforceSorted: false });
    const [out, lens] = R.padPackedSequence(pp, { batchFirst: true, paddingValue: 9.0, totalLength: 6 });
    o.padPacked = out; o.lens = lens;
    const sp = R.packPaddedSequence(padded.indexSelect(1, torch.tensor([0n, 2n, 1n])), [4, 3, 2]);
    o.sortedData = sp.data;
    expect(sp.sortedIndices === null && sp.unsortedIndices === null).toBe(py.sortedNone);
    o.unpad = R.unpadSequence(R.padSequence([a, b, c]), torch.tensor([4, 2, 3])).map((t) => t.tolist());
    o.unpadBF = R.unpadSequence(R.padSequence([a, b, c], { batchFirst: true }), torch.tensor([4, 2, 3]), { batchFirst: true }).map((t) => t.tolist());
    o.invert = R.invertPermutation(torch.tensor([2n, 0n, 3n, 1n]));
    out.mul(torch.arange(out.numel()).view(out.shape)).sum().backward();
    o.grads = [a.grad!.tolist(), b.grad!.tolist(), c.grad!.tolist()];
    for (const key of Object.keys(o)) {
      try { expectClose(o[key], py[key], 1e-6); } catch (e) { throw new Error(`${key}: ${(e as Error).message}`); }
    }
    expect(lens.dtype).toBe('int64');
    expect(R.invertPermutation(null)).toBeNull();
  });

  it('PackedSequence: repr, unpacking as a tuple, conversions, construction', () => {
    const small = R.packSequence([torch.tensor([1, 2, 3]), torch.tensor([4, 5])]);
    expect(String(small)).toBe(py.repr);
    expect(String(R.packSequence([torch.tensor([1, 2]), torch.tensor([4, 5, 6])], false))).toBe(py.reprUnsorted);
    const [data, batchSizes, sortedIndices, unsortedIndices] = small;
    expect(data).toBe(small.data);
    expect(batchSizes).toBe(small.batchSizes);
    expect([sortedIndices, unsortedIndices]).toEqual([null, null]);
    const d = small.double();
    expect([`torch.${d.data.dtype}`, `torch.${d.batchSizes.dtype}`, small.to('float32') === small]).toEqual(py.double);
    expect(small.isCuda).toBe(false);
    expect(small.cpu()).toBe(small);
    const made = new R.PackedSequence([small.data, small.batchSizes]);
    expect(made.batchSizes).toBe(small.batchSizes);
    const perm = new R.PackedSequence(small.data, small.batchSizes, torch.tensor([1n, 0n]));
    expect(perm.unsortedIndices!.tolist()).toEqual([1, 0]);
    expect(() => new R.PackedSequence(small.data)).toThrow(/Expected data to be a list or tuple of length 2/);
  });

  it('errors: PyTorch\'s messages', () => {
    const padded = torch.randn(4, 3, 2);
    const pp = R.packPaddedSequence(padded, [4, 3, 2]);
    expect(() => R.packPaddedSequence(padded, [4, 2, 3])).toThrow(py.errors.unsorted![1]);
    expect(() => R.padPackedSequence(pp, { totalLength: 3 })).toThrow(RangeError);
    expect(() => R.padPackedSequence(pp, { totalLength: 3 })).toThrow(py.errors.total![1]);
    expect(() => R.packPaddedSequence(padded, [4, 2, 0])).toThrow(py.errors.zero![1]);
    expect(() => R.packPaddedSequence(padded, [4, 2.5, 1])).toThrow('packPaddedSequence(): lengths[1] must be an integer (got number 2.5)');
    expect(() => R.padPackedSequence(padded as unknown as nn.utils.rnn.PackedSequence)).toThrow(TypeError);
    expect(() => R.padSequence([padded, 3 as unknown as torch.Tensor])).toThrow('padSequence(): sequences[1] must be a Tensor (got number 3)');
    expect(() => R.padSequence([torch.ones(2)], { paddingSide: 'top' as 'left' })).toThrow(/paddingSide must be one of 'right', 'left'/);
    expect(() => R.packSequence([torch.ones(2)], { sorted: true } as unknown as { enforceSorted: boolean })).toThrow(/unknown option 'sorted'/);
  });
});
