// torch.safetensors against python3's `safetensors` package: files go both ways, bytes must be
// identical, and every header the corruption tests build is judged by both readers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as torch from '../lib/index.js';
import { oracle } from './helpers/python.js';
import { childJsonLines } from './helpers/child.js';

const st = torch.safetensors;
let dir = '';
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'tn-safetensors-')); });
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

// The Python side is test/oracles/safetensors.py (its tensors() hold every dtype both libraries
// share, with 0-dim and 0-size ones and names that need escaping or sort differently in UTF-16 and
// UTF-8).
// A summary both sides can compute: name -> [dtype, shape, sha256 of the raw bytes].
function digest(tensors: Record<string, torch.Tensor>): Record<string, [string, number[], string]> {
  const out: Record<string, [string, number[], string]> = {};
  for (const [name, t] of Object.entries(tensors)) {
    const file = st.save({ x: t });
    const data = file.subarray(8 + Number(file.readBigUInt64LE(0))); // the tensor's bytes
    Object.defineProperty(out, name, { value: [t.dtype, t.shape, createHash('sha256').update(data).digest('hex')], enumerable: true });
  }
  return out;
}
describe('files from Python', () => {
  it('loads every dtype as Python wrote it, and saves the very same bytes', () => {
    const path = join(dir, 'py.safetensors');
    const expected = oracle<Record<string, [string, number[], string]>>('safetensors', 'save_every_dtype', path);
    const original = readFileSync(path);
    const viaMmap = st.loadFile(path);
    const viaRead = st.loadFile(path, { mmap: false });
    const viaBuffer = st.load(original);
    for (const loaded of [viaMmap, viaRead, viaBuffer]) {
      expect(digest(loaded)).toEqual(expected);
      expect(Object.getPrototypeOf(loaded)).toBe(Object.prototype);
      expect(Object.keys(loaded).sort()).toEqual(Object.keys(expected).sort());
      expect(st.save(loaded, { metadata: { format: 'pt' } }).equals(original)).toBe(true);
    }
    expect(viaMmap.scalar!.item()).toBe(2.5);
    expect(viaMmap.u64!.dataSync()).toEqual(new BigUint64Array([0n, 2n ** 64n - 1n, 12345n]));
    const again = join(dir, 'again.safetensors');
    st.saveFile(viaMmap, again, { metadata: { format: 'pt' } });
    expect(readFileSync(again).equals(original)).toBe(true);
    st.saveFile(new Map(Object.entries(viaRead)), pathToFileURL(again), { metadata: new Map([['format', 'pt']]) });
    expect(readFileSync(again).equals(original)).toBe(true);
  });

  it('reads keys, metadata and slices through safeOpen, as Python does', () => {
    const path = join(dir, 'open.safetensors');
    const expected = oracle<{ keys: string[]; meta: Record<string, string>; slice: number[][]; shape: number[]; dtype: string }>('safetensors', 'safe_open_slice', path);
    for (const mmap of [true, false]) {
      using f = st.safeOpen(path, { mmap });
      expect(f.keys()).toEqual(expected.keys);
      expect(f.metadata()).toEqual(expected.meta);
      const s = f.getSlice('x');
      expect(s.getShape()).toEqual(expected.shape);
      expect(s.getDtype()).toBe(expected.dtype);
      expect(s.index([torch.slice(1, 3), torch.slice(2, 5)]).tolist()).toEqual(expected.slice);
      expect(() => f.getTensor('nope')).toThrow(/does not contain tensor nope/);
      f.close();
      expect(() => f.getTensor('x')).toThrow(/closed/);
    }
  });

  it('maps files zero-copy: writes are copy-on-write, tensors outlive close()', () => {
    const path = join(dir, 'cow.safetensors');
    oracle('safetensors', 'save_arange', path);
    const before = readFileSync(path);
    const f = st.safeOpen(path);
    const w = f.getTensor('w');
    f.close();
    w.mul_(10);
    expect(w.tolist()).toEqual([0, 10, 20, 30]);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(st.loadFile(path).w!.tolist()).toEqual([0, 1, 2, 3]);
  });
});

describe('state dicts', () => {
  it('moves an nn.Linear between Python and Node both ways', () => {
    const path = join(dir, 'linear.safetensors');
    const r = oracle<{ y: number[][] }>('safetensors', 'save_linear', path);
    const m = new torch.nn.Linear(4, 3);
    expect(m.loadStateDict(st.loadFile(path))).toEqual({ missingKeys: [], unexpectedKeys: [] });
    const y = m.forward(torch.arange(8).reshape([2, 4]).float());
    (y.tolist() as number[][]).flat().forEach((v, i) => expect(v).toBeCloseTo(r.y.flat()[i]!, 5));
    // Parameters (requiresGrad leaves) save as they are; Python reads them back into its module.
    const back = join(dir, 'linear2.safetensors');
    st.saveFile(m.stateDict(), back);
    const same = oracle<boolean>('safetensors', 'linear_loads_same', back);
    expect(same).toBe(true);
  });
});

describe('saveModel / loadModel (tied weights)', () => {
  class Tied extends torch.nn.Module {
    emb = new torch.nn.Embedding(10, 4);
    head = new torch.nn.Linear(4, 10, { bias: false });
    constructor() {
      super();
      this.head.weight = this.emb.weight;
    }
  }

  it('saves tied weights once, as Python does, and restores them both ways', () => {
    const fromPy = join(dir, 'tied-py.safetensors');
    const r = oracle<{ bytes: string; out: number[][] }>('safetensors', 'save_tied', fromPy);
    const m = new Tied();
    expect(torch.safetensors.loadModel(m, fromPy)).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(m.head.weight).toBe(m.emb.weight);
    const out = m.head.forward(m.emb.forward(torch.tensor([1n, 7n]))).tolist() as number[][];
    out.flat().forEach((v, i) => expect(v).toBeCloseTo(r.out.flat()[i]!, 5));
    // The same model saved from Node: the same bytes (one metadata key, so no HashMap order).
    const fromNode = join(dir, 'tied-node.safetensors');
    st.saveModel(m, fromNode);
    expect(readFileSync(fromNode).toString('hex')).toBe(r.bytes);
    expect(() => st.saveFile(m.stateDict(), fromNode)).toThrow(/share memory/);
    const pyLoaded = oracle<{ missing: string[]; unexpected: string[]; same: boolean }>('safetensors', 'load_tied', fromNode);
    expect(pyLoaded).toEqual({ missing: [], unexpected: [], same: true });
  });

  it('reports names that do not match, strictly or not', () => {
    const path = join(dir, 'linear-only.safetensors');
    st.saveFile({ 'emb.weight': torch.zeros([10, 4]), extra: torch.ones([1]) }, path);
    expect(st.loadModel(new Tied(), path, { strict: false })).toEqual({ missingKeys: [], unexpectedKeys: ['extra'] });
    st.saveFile({ other: torch.ones([1]) }, path);
    expect(() => st.loadModel(new Tied(), path)).toThrow('Error(s) in loading state_dict for Tied:\n    Missing key(s) in state_dict: "emb.weight"\n    Unexpected key(s) in state_dict: "other"');
    expect(() => st.saveModel({} as never, path)).toThrow(/model must be an nn.Module/);
    expect(() => st.loadModel(new Tied(), path, { strict: 1 as never })).toThrow(/strict must be a boolean/);
  });
});

describe('files for Python', () => {
  it('writes what Python reads, byte for byte what Python writes', () => {
    torch.manualSeed(3);
    const tensors: Record<string, torch.Tensor> = {
      f32: torch.randn([4, 5]), f64: torch.randn([3], { dtype: 'float64' }), f16: torch.randn([2, 2]).half(),
      bf16: torch.randn([3]).bfloat16(), i8: torch.tensor([-128, 0, 127], { dtype: 'int8' }),
      u8: torch.tensor([0, 255], { dtype: 'uint8' }), i16: torch.tensor([-3, 3], { dtype: 'int16' }),
      u16: torch.tensor([65535, 1], { dtype: 'uint16' }), i32: torch.tensor([[1, -2], [3, -4]], { dtype: 'int32' }),
      u32: torch.tensor([4294967295, 0], { dtype: 'uint32' }), i64: torch.tensor([-(2n ** 63n), 2n ** 63n - 1n]),
      u64: torch.tensor([2n ** 64n - 1n], { dtype: 'uint64' }), bool: torch.tensor([true, false]),
      c64: torch.complex(torch.randn([2]), torch.randn([2])), scalar: torch.tensor(-1.5),
      empty: torch.zeros([3, 0]), 'naïve 😀': torch.ones([1]), 'ｚ': torch.ones([1]), 'conj': torch.complex(torch.ones([2]), torch.ones([2])).conj(),
    };
    const path = join(dir, 'js.safetensors');
    st.saveFile(tensors, path, { metadata: { format: 'pt' } });
    const bytes = st.save(tensors, { metadata: { format: 'pt' } });
    expect(readFileSync(path).equals(bytes)).toBe(true);
    const r = oracle<{ digest: Record<string, [string, number[], string]>; same: boolean; conj: number[][] }>('safetensors', 'read_node_file', path);
    expect(r.same).toBe(true);
    expect(r.digest).toEqual(digest(tensors));
    expect(r.conj).toEqual([[1, -1], [1, -1]]); // the conjugate bit is resolved when saved
  });

  it('matches Python for an empty dict, metadata only, and several metadata keys', () => {
    const r = oracle<{ empty: string; meta: string; many: Record<string, string> }>('safetensors', 'empty_files');
    expect(st.save({}).toString('hex')).toBe(r.empty);
    expect(st.save({}, { metadata: { a: 'b' } }).toString('hex')).toBe(r.meta);
    expect(st.load(Buffer.from(r.empty, 'hex'))).toEqual({});
    // Empty metadata and no tensors: Python 0.8 writes `{},"__metadata__":{}}`, which its own
    // reader refuses; ours is valid, and Python reads it.
    const emptyMeta = join(dir, 'empty-meta.safetensors');
    writeFileSync(emptyMeta, st.save({}, { metadata: {} }));
    expect(oracle<unknown>('safetensors', 'keys_and_metadata', emptyMeta)).toEqual([[], {}]);
    const path = join(dir, 'many.safetensors');
    const metadata = { z: '1', a: 'two', 'ü': 'ünïcode "q"', empty: '' };
    st.saveFile({ x: torch.ones([1]) }, path, { metadata });
    const seen = oracle<Record<string, string>>('safetensors', 'metadata', path);
    expect(seen).toEqual(metadata);
    expect(st.safeOpen(path).metadata()).toEqual(metadata);
  });
});

describe('save refuses what Python refuses', () => {
  it('non-contiguous, shared, sparse and complex128 tensors, bad names and metadata', () => {
    const x = torch.zeros([4]);
    expect(() => st.save({ a: torch.zeros([2, 3]).t() })).toThrow(/save a non contiguous tensor: `a`/);
    expect(() => st.save({ a: x, b: x.narrow(0, 0, 2) })).toThrow(/Some tensors share memory.*\[\["a","b"\]\]/);
    expect(() => st.save({ a: x, b: x })).toThrow(/share memory/);
    // Disjoint parts of one storage are fine (as in Python).
    expect(st.load(st.save({ a: x.narrow(0, 0, 2), b: x.narrow(0, 2, 2) })).b!.shape).toEqual([2]);
    expect(() => st.save({ s: torch.eye(2).toSparse() })).toThrow(/sparse tensors: `\["s"\]`/);
    expect(() => st.save({ c: torch.zeros([1], { dtype: 'complex128' }) })).toThrow(/dtype complex128, which the safetensors format cannot store/);
    expect(() => st.save({ __metadata__: torch.zeros([1]) })).toThrow(/reserved/);
    expect(() => st.save({ a: 1 as never })).toThrow(/Key `a` is invalid, expected a Tensor/);
    const disposed = torch.ones([1]);
    disposed.dispose();
    expect(() => st.save({ d: disposed })).toThrow(/disposed/);
    expect(() => st.save([] as never)).toThrow(TypeError);
    expect(() => st.save(torch.ones([1]) as never)).toThrow(TypeError);
    expect(() => st.save({ a: torch.ones([1]) }, { metadata: { k: 1 as never } })).toThrow(/metadata must map strings to strings/);
    expect(() => st.save({ a: torch.ones([1]) }, { metadat: {} } as never)).toThrow(/unknown option 'metadat'/);
    expect(() => st.save({ '\ud800': torch.ones([1]) })).toThrow(/lone surrogate/);
    expect(() => st.saveFile({}, 3 as never)).toThrow(/path must be a string/);
  });
});

// Headers judged by both readers. `same` false marks the deliberate differences.
function file(header: string | Buffer, data = 0, claimed?: number): Buffer {
  const h = typeof header === 'string' ? Buffer.from(header, 'utf8') : header;
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(claimed ?? h.length));
  return Buffer.concat([len, h, Buffer.alloc(data, 1)]);
}
const f32 = (name: string, shape: string, a: number, b: number) => `"${name}":{"dtype":"F32","shape":[${shape}],"data_offsets":[${a},${b}]}`;

describe('load validates as the Rust reader does', () => {
  const cases: [string, Buffer, boolean?][] = [
    ['empty', Buffer.alloc(0)], ['7 bytes', Buffer.alloc(7)], ['huge header', file('{}', 0, 100_000_001)],
    ['length past end', file('{}', 0, 40)], ['{}', file('{}')], ['leading spaces', file('  {}')], ['array', file('[]')],
    ['ok', file(`{${f32('a', '1', 0, 4)}}`, 4)], ['shape mismatch', file(`{${f32('a', '2', 0, 4)}}`, 4)],
    ['not covered', file(`{${f32('a', '1', 0, 4)}}`, 8)], ['gap', file(`{${f32('a', '1', 4, 8)}}`, 8)],
    ['overlap', file(`{${f32('a', '1', 0, 4)},${f32('b', '1', 2, 6)}}`, 8)], ['reversed', file(`{${f32('a', '1', 4, 0)}}`, 4)],
    ['extra field', file(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"x":1}}`, 4)],
    ['C128', file(`{"a":{"dtype":"C128","shape":[1],"data_offsets":[0,16]}}`, 16)],
    ['metadata int', file(`{${f32('a', '1', 0, 4)},"__metadata__":{"k":1}}`, 4)],
    ['metadata null', file(`{${f32('a', '1', 0, 4)},"__metadata__":null}`, 4)],
    ['trailing whitespace', file(`{${f32('a', '1', 0, 4)}}  \r\n\t`, 4)], ['trailing NULs', file(`{${f32('a', '1', 0, 4)}}\0\0`, 4)],
    ['leading NUL', file('\0{}')], ['ideographic space', file('{}\u3000')], ['trailing junk', file(`{${f32('a', '1', 0, 4)}}x`, 4)],
    ['0-dim', file(`{${f32('a', '', 0, 4)}}`, 4)], ['0-size', file(`{${f32('a', '0', 0, 0)},${f32('b', '0,5', 0, 0)}}`)],
    ['float shape', file(`{${f32('a', '1.0', 0, 4)}}`, 4)], ['exponent', file(`{${f32('a', '1e0', 0, 4)}}`, 4)],
    ['negative', file(`{${f32('a', '-1', 0, 4)}}`, 4)], ['overflowing shape', file(`{${f32('a', '18446744073709551615,2', 0, 4)}}`, 4)],
    ['u64 max offset', file(`{${f32('a', '1', 0, 18446744073709551615)}}`, 4)], ['above u64', file(`{${f32('a', '1', 0, 18446744073709551616)}}`, 4)],
    ['missing dtype', file(`{"a":{"shape":[1],"data_offsets":[0,4]}}`, 4)], ['3 offsets', file(`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4,4]}}`, 4)],
    ['F8 (valid, no torch-node dtype)', file(`{"a":{"dtype":"F8_E4M3","shape":[4],"data_offsets":[0,4]}}`, 4)],
    ['F4 odd count', file(`{"a":{"dtype":"F4","shape":[3],"data_offsets":[0,2]}}`, 2)],
    ['bad UTF-8', file(Buffer.from([0x7b, 0xff, 0x7d]))], ['deep nesting', file(`{"__metadata__":${'['.repeat(5000)}${']'.repeat(5000)}}`)],
    ['unterminated', file('{"a')], ['control char', file('{"a\n":1}')], ['bad escape', file('{"\\x":1}')],
    ['metadata only', file('{"__metadata__":{"k":"v"}}')], ['not an object entry', file('{"a":[]}')],
    // Deliberate differences: duplicates (serde keeps the last), lone surrogates (serde refuses them only in some positions).
    ['duplicate', file(`{${f32('a', '1', 0, 4)},${f32('a', '1', 0, 4)}}`, 4), false],
  ];

  it('accepts and refuses the same headers as python3 safetensors (SafetensorError, never a crash)', () => {
    const paths = cases.map(([, bytes], i) => {
      const p = join(dir, `case${i}.safetensors`);
      writeFileSync(p, bytes);
      return p;
    });
    const verdicts = oracle<string[]>('safetensors', 'verdicts', paths);
    cases.forEach(([label, bytes, same = true], i) => {
      let ours: string;
      try {
        st.load(bytes);
        ours = 'ok';
      } catch (e) {
        expect(e, label).toBeInstanceOf(Error);
        ours = `error: ${(e as Error).message}`;
        // Invalid files are SafetensorErrors; a valid file whose dtype torch-node lacks is a TypeError.
        expect((e as Error).name, `${label}: ${ours}`).toBe(label.startsWith('F8') ? 'TypeError' : 'SafetensorError');
      }
      const agree = (ours === 'ok') === (verdicts[i] === 'ok') || label.startsWith('F8');
      expect(agree, `${label}: torch-node ${ours} / python ${verdicts[i]}`).toBe(same);
    });
    expect(() => st.load('abc' as never)).toThrow(TypeError);
  });

  it('survives 300 seeded mutations of a valid file, agreeing with python3 on each', () => {
    const base = st.save({
      w: torch.arange(12).reshape([3, 4]).float(), b: torch.tensor([1n, 2n]), m: torch.tensor([true, false, true]),
      h: torch.ones([2]).bfloat16(),
    }, { metadata: { format: 'pt' } });
    let seed = 12345;
    const rand = (n: number) => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed % n; };
    const mutated: Buffer[] = [];
    for (let i = 0; i < 300; i++) {
      const b = Buffer.from(base);
      const kind = i % 5;
      if (kind === 0) b[rand(b.length)] = rand(256); // any byte
      else if (kind === 1) b[8 + rand(Number(b.readBigUInt64LE(0)))] = ' {}[],:"0123456789-.eE\\'.charCodeAt(rand(23)); // JSON-ish byte in the header
      else if (kind === 2) b[rand(8)] = rand(256); // the header length
      else if (kind === 3) { mutated.push(b.subarray(0, rand(b.length))); continue; } // truncated
      else { const at = 8 + rand(60); mutated.push(Buffer.concat([b.subarray(0, at), Buffer.from([rand(128)]), b.subarray(at)])); continue; } // inserted byte
      mutated.push(b);
    }
    const fuzzDir = join(dir, 'fuzz');
    mkdirSync(fuzzDir);
    mutated.forEach((b, i) => writeFileSync(join(fuzzDir, `${i}.safetensors`), b));
    // In a child: a crash fails this test instead of killing the worker. Each file through
    // load() and loadFile() (mmap), with the digests compared to Python's.
    const results = childJsonLines<{ i: number; ok: boolean; name: string; digest: string; keys: string[] | null }>(`
const { readFileSync } = await import('node:fs');
const { createHash } = await import('node:crypto');
const digestOf = (d) => createHash('sha256').update(JSON.stringify(Object.entries(d).map(([k, t]) => [k, t.dtype, t.shape, Buffer.from(torch.safetensors.save({ x: t })).toString('hex')]))).digest('hex');
for (let i = 0; i < ${mutated.length}; i++) {
  const p = ${JSON.stringify(fuzzDir)} + '/' + i + '.safetensors';
  const a = attempt(() => digestOf(torch.safetensors.load(readFileSync(p))));
  const b = attempt(() => digestOf(torch.safetensors.loadFile(p)));
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error('load and loadFile disagree on ' + i + ': ' + JSON.stringify([a, b]));
  const keys = 'value' in a ? Object.keys(torch.safetensors.load(readFileSync(p))).sort() : null;
  emit({ i, ok: 'value' in a, name: a.error?.name ?? '', digest: a.value ?? a.error.message, keys });
}`, { timeoutMs: 50_000 });
    expect(results.length).toBe(mutated.length);
    const pyDigests = oracle<(string[] | null)[]>('safetensors', 'mutation_keys', mutated.length, fuzzDir);
    let accepted = 0;
    for (const r of results) {
      if (r.ok && pyDigests[r.i] !== null) expect(r.keys, `mutation ${r.i}`).toEqual(pyDigests[r.i]);
      if (r.ok) accepted++;
      else expect(['SafetensorError', 'TypeError'], `mutation ${r.i}: ${r.digest}`).toContain(r.name);
      // Python may accept a header with a duplicate key that we refuse; nothing else differs.
      if (r.ok !== (pyDigests[r.i] !== null)) {
        expect(r.ok, `mutation ${r.i}: ${r.digest}`).toBe(false);
        expect(r.digest, `mutation ${r.i}`).toMatch(/duplicate key|F8|F6|F4|no dtype for/);
      }
    }
    expect(accepted).toBeGreaterThan(20); // the mutations include harmless ones (data bytes)
    expect(accepted).toBeLessThan(280);
  });
});

describe('loadFile', () => {
  it('does not read a 200 MB file into memory until its pages are touched', () => {
    const path = join(dir, 'big.safetensors');
    const expected = oracle<{ sum: number; last: number }>('safetensors', 'save_large', path);
    const [r] = childJsonLines<{ loaded: number; touched: number; sum: number; last: number }>(`
const rss = () => process.memoryUsage().rss;
torch.ones([1]).sum(); // LibTorch's own start-up allocations, before the baseline
const before = rss();
const t = torch.safetensors.loadFile(${JSON.stringify(path)});
const loaded = rss() - before;
const sum = t.x.double().sum().item();
const touched = rss() - before;
emit({ loaded, touched, sum, last: t.x.index([-1]).item() });`, { timeoutMs: 50_000 });
    expect(r!.sum).toBe(expected.sum);
    expect(r!.last).toBe(expected.last);
    expect(r!.loaded).toBeLessThan(20e6);
    expect(r!.touched).toBeGreaterThan(190e6); // the mapped pages, read by sum() (plus its float64 copy)
  });

  it('refuses missing files, directories and bad options clearly', () => {
    expect(() => st.loadFile(join(dir, 'missing.safetensors'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(() => st.loadFile(dir)).toThrow(/not a regular file|EISDIR/);
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(() => st.loadFile(fifo)).toThrow(/not a regular file/);
    expect(() => st.loadFile(join(dir, 'x'), { mmap: 'yes' as never })).toThrow(/mmap must be a boolean/);
    expect(() => st.loadFile(join(dir, 'x'), { devise: 'cpu' } as never)).toThrow(/unknown option 'devise'/);
    const empty = join(dir, 'empty.safetensors');
    writeFileSync(empty, '');
    expect(() => st.loadFile(empty)).toThrow(/header too small/);
    // device: moved after loading (a clean error where there is no CUDA).
    const small = join(dir, 'small.safetensors');
    st.saveFile({ a: torch.ones([2]) }, small);
    if (torch.cuda.isAvailable()) expect(st.loadFile(small, { device: 'cuda' }).a!.device).toBe('cuda:0');
    else expect(() => st.loadFile(small, { device: 'cuda' })).toThrow(/cuda/i);
    expect(() => st.loadFile(small, { device: 'nowhere' })).toThrow(Error);
    expect(st.loadFile(small, { device: 'cpu', mmap: false }).a!.tolist()).toEqual([1, 1]);
  });
});
