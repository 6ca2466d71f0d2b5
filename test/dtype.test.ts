// lib/dtype.ts and its table, native/dtypes.def (generated into lib/generated/dtypes.ts): every
// fact of it as Python's PyTorch states it, and the same names on the native side.
import { describe, expect, it } from 'vitest';
import * as torch from '../lib/index.js';
import { normalizeDType, isFloatingDType, type DType } from '../lib/dtype.js';
import { dtypeAliases, dtypeInfo, dtypeNames } from '../lib/generated/dtypes.js';
import { oracle } from './helpers/python.js';

interface Facts {
  dtypes: Record<string, { itemsize: number; float: boolean; complex: boolean; signed: boolean; storage: string | null; safetensors: string | null }>;
  aliases: Record<string, string>;
}
const py = oracle<Facts>('dtype', 'facts', dtypeNames, Object.keys(dtypeAliases));

describe('the dtype table', () => {
  it("states each dtype's item size, class, storage class and safetensors name as PyTorch does", () => {
    const ours = Object.fromEntries(dtypeNames.map((d) => {
      const i = dtypeInfo[d];
      return [d, {
        itemsize: i.itemsize, float: i.kind === 'float', complex: i.kind === 'complex',
        signed: i.kind === 'float' || i.kind === 'complex' || i.kind === 'int', storage: i.storage,
        safetensors: i.safetensors,
      }];
    }));
    expect(ours).toEqual(py.dtypes);
    expect(dtypeAliases).toEqual(py.aliases);
  });

  it('names every dtype as native code does, aliases included', () => {
    for (const d of dtypeNames) {
      expect(torch.zeros(1, { dtype: d }).dtype).toBe(d);
      expect(normalizeDType(`torch.${d}`)).toBe(d);
      expect(isFloatingDType(d)).toBe(py.dtypes[d]!.float);
    }
    for (const [alias, d] of Object.entries(dtypeAliases)) {
      expect(torch.zeros(1, { dtype: alias as DType }).dtype).toBe(d);
      expect(normalizeDType(alias)).toBe(d);
    }
    const constants = torch as unknown as Record<string, unknown>;
    for (const name of [...dtypeNames, ...Object.keys(dtypeAliases)]) expect(constants[name]).toBe(normalizeDType(name));
  });

  it("reads each dtype into its typed array, sharing memory where the layout is the dtype's own", () => {
    for (const d of dtypeNames) {
      const x = torch.ones(3, { dtype: d });
      const { typedArray, typedArrayExact } = dtypeInfo[d];
      if (typedArray === null) {
        expect(() => x.dataSync()).toThrow(/has no JS typed array/);
        continue;
      }
      expect(x.dataSync().constructor.name).toBe(typedArray);
      if (typedArrayExact) expect(x.dataView().constructor.name).toBe(typedArray);
      else expect(() => x.dataView()).toThrow(/has no JS typed array of the same layout/);
    }
  });

  it('refuses what is not a dtype, naming the argument', () => {
    for (const bad of ['float33', 'constructor', 'toString', '__proto__', 3, null]) {
      expect(() => normalizeDType(bad, 'dtype')).toThrow(TypeError);
    }
    expect(() => normalizeDType('hasOwnProperty', 'dtype')).toThrow(/dtype must be a dtype such as 'float32'/);
  });
});
