// Call k of seed s as program text: the JS that the child runs (and that a crash report prints as
// its repro), and, where every value has one, the same call in Python through torch.ops.aten (for
// test/fuzz/check_python_crash.py). Everything random comes from a PRNG seeded by (s, k) alone,
// so one call re-runs by itself. Arguments follow the operator's schema most of the time (so
// calls get past argument parsing and into kernels) and are replaced by odd values some of the
// time (so argument parsing is fuzzed too).

/** dtypes with the weight of their share of generated tensors. */
const DTYPES = [
  ['float32', 30], ['float64', 10], ['int64', 15], ['int32', 6], ['bool', 8], ['float16', 5], ['bfloat16', 5],
  ['complex64', 5], ['complex128', 2], ['int8', 3], ['int16', 2], ['uint8', 4], ['uint16', 1], ['uint32', 1], ['uint64', 1],
];
const FLOATING = new Set(['float32', 'float64', 'float16', 'bfloat16']);
const COMPLEX = new Set(['complex64', 'complex128']);
/** Extreme values per integer dtype, for tensors made of edge values. */
const INT_EDGES = {
  int8: [-128, 127, 0, -1], int16: [-32768, 32767, 0, -1], int32: [-2147483648, 2147483647, 0, -1],
  int64: [-(2n ** 63n), 2n ** 63n - 1n, 0n, -1n], uint8: [0, 255, 1], uint16: [0, 65535, 1], uint32: [0, 4294967295, 1],
  uint64: [0n, 2n ** 64n - 1n, 1n],
};
const FLOAT_EDGES = [NaN, Infinity, -Infinity, -0, 0, 1, -1, 1e-45, 65504, 3.4e38, 1e308, -1e308, 5e-324, 0.5];

/** Strings for str arguments, by argument name, and a pool for the rest. */
const STRINGS = {
  reduce: ['sum', 'mean', 'prod', 'amax', 'amin', 'none', 'add', 'multiply'],
  reduction: ['sum', 'mean', 'none'],
  rounding_mode: ['floor', 'trunc'],
  approximate: ['none', 'tanh'],
  padding_mode: ['zeros', 'border', 'reflection'],
  mode: ['constant', 'reflect', 'replicate', 'circular', 'bilinear', 'nearest', 'reduced', 'complete', 'r'],
  equation: ['ij,jk->ik', 'i,i->', '...ij->...ji', 'ii->i', 'ij->', 'bij,bjk->bik', 'i,j->ij'],
  indexing: ['ij', 'xy'],
  side: ['left', 'right'],
  norm: ['forward', 'backward', 'ortho'],
  UPLO: ['L', 'U'],
  uplo: ['L', 'U'],
  interpolation: ['linear', 'lower', 'higher', 'midpoint', 'nearest'],
  padding: ['same', 'valid'],
  driver: ['gelsy', 'gelsd', 'gelss', 'gels'],
  ord: ['fro', 'nuc'],
};
const ANY_STRINGS = ['', 'a', 'sum', 'mean', 'none', 'float32', 'cpu', 'meta', 'cuda', 'L', 'ij', 'x'.repeat(10000), '\u0000', 'torch.float64'];

/** Keys tried in options objects of functions without a schema. */
const OPTION_KEYS = [
  'dim', 'keepdim', 'dtype', 'out', 'p', 'sorted', 'returnInverse', 'returnCounts', 'asTuple', 'shape', 'device',
  'requiresGrad', 'retainGraph', 'createGraph', 'inputs', 'allowUnused', 'pivot', 'computeMode', 'nFft', 'hopLength',
  'window', 'returnComplex', 'inplace', 'training', 'reduction', 'weight', 'bias', 'ignoreIndex', 'labelSmoothing', 'mode',
  'alignCorners', 'scaleFactor', 'size', 'eps', 'momentum', 'share', 'precision', 'threshold', 'profile', 'sciMode',
];
/** Keys tried in the options of torch.nn layer constructors. */
const MODULE_KEYS = [
  'bias', 'batchFirst', 'bidirectional', 'numLayers', 'dropout', 'padding', 'stride', 'kernelSize', 'affine', 'eps',
  'elementwiseAffine', 'numHeads', 'dimFeedforward', 'paddingIdx', 'maxNorm', 'reduction', 'inplace', 'dilation', 'groups',
  'projSize', 'nonlinearity', 'trackRunningStats', 'momentum', 'kdim', 'vdim', 'normFirst', 'scaleFactor', 'mode',
];

/** 32-bit avalanche mix (lowbias32). */
function mix(x) {
  x ^= x >>> 16; x = Math.imul(x, 0x7feb352d); x ^= x >>> 15; x = Math.imul(x, 0x846ca68b); x ^= x >>> 16;
  return x >>> 0;
}

/** The seed of call k of a run: the PRNG's and torch.manualSeed's. */
function callSeed(seed, k) {
  return mix(mix(seed >>> 0) ^ mix(k >>> 0) ^ Math.floor(k / 2 ** 32));
}

/** mulberry32. */
function prng(s) {
  let a = s;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A value as JS source and Python source (null: none in Python). */
const node = (js, py) => ({ js, py });

function numNode(x, pyFloat = false) {
  let js;
  let py;
  if (Number.isNaN(x)) { js = 'NaN'; py = "float('nan')"; }
  else if (x === Infinity) { js = 'Infinity'; py = "float('inf')"; }
  else if (x === -Infinity) { js = '-Infinity'; py = "float('-inf')"; }
  else if (Object.is(x, -0)) { js = '-0'; py = '-0.0'; }
  else {
    js = String(x);
    // Integral numbers act as Python ints (README); beyond 2**53 spell the double exactly.
    if (!Number.isInteger(x)) py = js;
    else if (Number.isSafeInteger(x)) py = pyFloat ? `${js}.0` : js;
    else py = pyFloat ? `float('${js}')` : `int(float('${js}'))`;
  }
  return node(js, py);
}
const bigNode = (x) => node(`${x}n`, String(x));
const strNode = (s) => node(s.length > 40 && /^(.)\1*$/.test(s) ? `${JSON.stringify(s[0])}.repeat(${s.length})` : JSON.stringify(s),
  s.length > 40 && /^(.)\1*$/.test(s) ? `${JSON.stringify(s[0])} * ${s.length}` : JSON.stringify(s));
const boolNode = (b) => node(String(b), b ? 'True' : 'False');
function listNode(items) {
  return node(`[${items.map((i) => i.js).join(', ')}]`, items.every((i) => i.py !== null) ? `[${items.map((i) => i.py).join(', ')}]` : null);
}
const camel = (name) => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const jsKey = (k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));

class Gen {
  constructor(seed, k) {
    this.rand = prng(callSeed(seed, k));
    this.js = [];
    this.py = [];
    this.pyOk = true;
    this.count = 0;
    // Argument kinds that crash today (known bugs, LibTorch's mkldnn kernels): reports group
    // crashes by them, and known-crash entries can require them.
    this.tags = new Set();
    // Sizes drawn from a small per-call pool, and a per-call dtype and shape that most tensors
    // share: arguments then agree often enough (matmul, broadcasting, same dtype) to reach kernels.
    this.pool = [1 + this.int(4), 1 + this.int(6), 2 + this.int(3)];
    this.dtype = this.weighted(DTYPES);
    this.shape = this.shapeGen();
    this.rank = this.shape.length;
  }
  r() { return this.rand(); }
  int(n) { return Math.floor(this.rand() * n); }
  range(lo, hi) { return lo + this.int(hi - lo + 1); }
  chance(p) { return this.rand() < p; }
  pick(a) { return a[this.int(a.length)]; }
  weighted(pairs) {
    let total = 0;
    for (const [, w] of pairs) total += w;
    let x = this.rand() * total;
    for (const [v, w] of pairs) if ((x -= w) < 0) return v;
    return pairs[pairs.length - 1][0];
  }
  fresh(prefix) { return `${prefix}${this.count++}`; }
  /** A statement before the call; Python's null: the call has no Python twin. */
  stmt(js, py) {
    this.js.push(js);
    if (py === null) this.pyOk = false;
    else this.py.push(py);
  }
  dim() {
    return this.weighted([[this.pick(this.pool), 70], [0, 8], [1, 12], [this.range(2, 8), 8], [this.range(64, 512), 2]]);
  }
  shapeGen() {
    const rank = this.weighted([[0, 10], [1, 30], [2, 30], [3, 18], [4, 9], [this.range(5, 7), 3]]);
    const shape = Array.from({ length: rank }, () => this.dim());
    // At most 2^20 elements: a few large dims together made 400M-element tensors (10 s to fill).
    // Huge sizes come from size arguments instead, where they fail fast.
    while (shape.reduce((a, b) => a * b, 1) > 2 ** 20) shape[shape.indexOf(Math.max(...shape))] = this.pick(this.pool);
    return shape;
  }
}

// ---- tensors ---------------------------------------------------------------------------------

function shapeList(shape) {
  return `[${shape.join(', ')}]`;
}

/** A statement making a tensor; returns its variable. hint: { dtype, shape, index, mask }. */
function tensorNode(g, hint = {}) {
  const name = g.fresh('t');
  let dtype = hint.dtype ?? (g.chance(0.6) ? g.dtype : g.weighted(DTYPES));
  const shape = hint.shape ?? (g.chance(0.5) ? g.shape : g.shapeGen());
  if (hint.index) dtype = g.chance(0.85) ? 'int64' : g.pick(['int32', 'float32', 'uint8']);
  if (hint.mask) dtype = g.chance(0.85) ? 'bool' : 'uint8';
  const numel = shape.reduce((a, b) => a * b, 1);
  const s = shapeList(shape);
  const pyDtype = `torch.${dtype}`;
  let js;
  let py;
  const make = g.weighted([['random', 86], ['edges', 8], ['meta', 2], ['zerotensor', 1], ['js-memory', 3]]);
  if (hint.index) {
    const hi = 1 + g.pick(g.pool);
    const lo = g.chance(0.1) ? -hi : 0;
    js = `torch.randint(${lo}, ${hi}, ${s}).to('${dtype}')`;
    py = `torch.randint(${lo}, ${hi}, ${s}).to(${pyDtype})`;
  } else if (make === 'edges' && numel > 0 && numel <= 16 && shape.length > 0 && dtype !== 'bool' && !COMPLEX.has(dtype)) {
    const pool = INT_EDGES[dtype] ?? FLOAT_EDGES;
    const values = Array.from({ length: numel }, () => g.pick(pool));
    const items = values.map((v) => (typeof v === 'bigint' ? bigNode(v) : numNode(v, FLOATING.has(dtype))));
    js = `torch.tensor(${listNode(items).js}, { dtype: '${dtype}' }).reshape(${s})`;
    py = `torch.tensor(${listNode(items).py}, dtype=${pyDtype}).reshape(${s})`;
  } else if (make === 'meta') {
    js = `torch.empty(${s}, { dtype: '${dtype}', device: 'meta' })`;
    py = `torch.empty(${s}, dtype=${pyDtype}, device='meta')`;
  } else if (make === 'zerotensor') {
    g.tags.add('zerotensor');
    js = `torch.ops.aten._efficientzerotensor(${s}, { dtype: '${dtype}' })`;
    py = `torch.ops.aten._efficientzerotensor(${s}, dtype=${pyDtype})`;
  } else if (make === 'js-memory' && numel <= 4096) {
    js = jsMemoryTensor(g, shape, numel);
    py = null;
    dtype = 'float32';
  } else if (FLOATING.has(dtype) || COMPLEX.has(dtype)) {
    js = `torch.randn(${s}, { dtype: '${dtype}' })`;
    py = `torch.randn(${s}, dtype=${pyDtype})`;
  } else if (dtype === 'bool') {
    js = `torch.randint(0, 2, ${s}).to('bool')`;
    py = `torch.randint(0, 2, ${s}).to(torch.bool)`;
  } else {
    const lo = dtype.startsWith('u') ? 0 : -5;
    js = `torch.randint(${lo}, 6, ${s}, { dtype: '${dtype}' })`;
    py = `torch.randint(${lo}, 6, ${s}, dtype=${pyDtype})`;
  }
  // Layout and view variants: autograd, strides that are not row-major, zero strides, lazy
  // conjugation, sparse, and disposed tensors.
  if ((FLOATING.has(dtype) || COMPLEX.has(dtype)) && make !== 'meta' && g.chance(0.15)) {
    js += '.requiresGrad_()';
    if (py !== null) py += '.requires_grad_()';
  }
  const view = g.weighted([['none', 74], ['transpose', 8], ['expand', 5], ['step', 5], ['permute', 3], ['conj', 2], ['sparse', 1], ['mkldnn', 1], ['parameter', 1]]);
  if (view === 'transpose' && shape.length >= 2) {
    js += '.transpose(0, -1)';
    if (py !== null) py += '.transpose(0, -1)';
  } else if (view === 'expand') {
    const target = shapeList([g.pick(g.pool), ...shape]);
    js += `.unsqueeze(0).expand(${target})`;
    if (py !== null) py += `.unsqueeze(0).expand(${target})`;
  } else if (view === 'step' && shape.length >= 1) {
    const d = g.int(shape.length);
    js = `torch.ops.aten.slice.Tensor(${js}, ${d}, 0, null, 2)`;
    if (py !== null) py = `torch.ops.aten.slice.Tensor(${py}, ${d}, 0, None, 2)`;
  } else if (view === 'permute' && shape.length >= 3) {
    const perm = shapeList([...shape.keys()].reverse());
    js += `.permute(${perm})`;
    if (py !== null) py += `.permute(${perm})`;
  } else if (view === 'conj' && COMPLEX.has(dtype)) {
    js += '.conj()';
    if (py !== null) py += '.conj()';
  } else if (view === 'sparse') {
    js += '.toSparse()';
    if (py !== null) py += '.to_sparse()';
  } else if (view === 'mkldnn' && dtype === 'float32') {
    g.tags.add('mkldnn');
    js += '.toMkldnn()';
    if (py !== null) py += '.to_mkldnn()';
  } else if (view === 'parameter' && (FLOATING.has(dtype) || COMPLEX.has(dtype))) {
    js = `new torch.nn.Parameter(${js})`;
    if (py !== null) py = `torch.nn.Parameter(${py})`;
  }
  g.stmt(`const ${name} = ${js};`, py === null ? null : `${name} = ${py}`);
  if (g.chance(0.02)) {
    g.stmt(`${name}.dispose();`, null);
    g.tags.add('disposed');
  }
  return node(name, name);
}

/**
 * A float32 tensor over JS memory: shared, or (rarely: each crashes today, and a crash costs a
 * child restart) over a resizable buffer resized after, or over a buffer detached after.
 */
function jsMemoryTensor(g, shape, numel) {
  const s = shapeList(shape);
  switch (g.weighted([['shared', 80], ['resized', 10], ['detached', 10]])) {
    case 'shared': return `torch.fromTypedArray(new Float32Array(${numel}).fill(1.5), { shape: ${s} })`;
    case 'resized': g.tags.add('resized-buffer'); return `(() => { const b = new ArrayBuffer(${4 * numel}, { maxByteLength: ${8 * numel + 8} }); const t = torch.fromTypedArray(new Float32Array(b), { shape: ${s} }); b.resize(${g.pick([0, 4, 8 * numel + 8])}); return t; })()`;
    default: g.tags.add('detached-buffer'); return `(() => { const a = new Float32Array(${numel}); const t = torch.fromTypedArray(a, { shape: ${s} }); structuredClone(a.buffer, { transfer: [a.buffer] }); return t; })()`;
  }
}

function tensorListNode(g, hint = {}) {
  const n = g.weighted([[0, 5], [1, 30], [2, 35], [3, 20], [4, 10]]);
  const same = g.chance(0.6) ? { dtype: g.dtype, shape: g.shape } : {};
  return listNode(Array.from({ length: n }, () => tensorNode(g, { ...same, ...hint })));
}

// ---- odd values ------------------------------------------------------------------------------

const TYPED_ARRAYS = [
  'new Float32Array(4)', 'new Float64Array([1, NaN, -0])', 'new BigInt64Array(2)', 'new Uint8Array(3)', 'new Int32Array(0)',
  'new Uint8ClampedArray(2)', 'new Int16Array([1, 2, 3, 4])', 'new BigUint64Array(1)',
  "Object.defineProperty(new Float32Array(4), 'length', { value: 1e9 })",
  "Object.defineProperty(new Uint8Array(2), 'length', { get() { throw new Error('getter'); } })",
  'new Float32Array(new ArrayBuffer(16, { maxByteLength: 64 }))',
  '(() => { const b = new ArrayBuffer(16, { maxByteLength: 64 }); const a = new Float32Array(b); b.resize(0); return a; })()',
  '(() => { const a = new Float32Array(4); structuredClone(a.buffer, { transfer: [a.buffer] }); return a; })()',
  'new Float32Array(new ArrayBuffer(20), 4, 3)', 'new Uint8Array(new ArrayBuffer(9), 1)',
  'new Float32Array(new SharedArrayBuffer(16))', 'new DataView(new ArrayBuffer(8))', 'Buffer.from([1, 2, 3])',
];

/** Values no schema asks for: each a function of the generator, since some need statements. */
const ODD = [
  () => node('null', 'None'), () => node('undefined', 'None'),
  () => numNode(NaN), () => numNode(Infinity), () => numNode(-Infinity), () => numNode(-0), () => numNode(-1),
  () => numNode(1e308), () => numNode(5e-324), () => numNode(1.5), () => numNode(2 ** 31), () => numNode(2 ** 34),
  () => numNode(2 ** 53), () => numNode(2 ** 63), () => numNode(-(2 ** 63)), () => numNode(2 ** 64),
  (g) => bigNode(g.pick([0n, -1n, 3n, 2n ** 31n, 2n ** 63n - 1n, 2n ** 63n, -(2n ** 63n), -(2n ** 63n) - 1n, 2n ** 64n, 2n ** 100n])),
  (g) => strNode(g.pick(ANY_STRINGS)), (g) => boolNode(g.chance(0.5)),
  () => node("Symbol('s')", null), () => node('() => 1', null), () => node("() => { throw new Error('callback'); }", null),
  () => node('{}', '{}'), () => node('[]', '[]'), () => node('[[]]', '[[]]'), () => node('[1, , 3]', null),
  () => node('new Array(5)', null), () => node("[1, 'a']", "[1, 'a']"), () => node('[1n, 2.5]', '[1, 2.5]'),
  () => node('[0.5, 2n ** 70n]', '[0.5, 2 ** 70]'), () => node('[[1, 2], [3]]', '[[1, 2], [3]]'),
  () => node('new Proxy([1, 2], {})', null),
  // A length just past the native list limit (2^24): 1e9 made every JS loop over the array (an
  // error message's String(), ModuleDict's entries) a hang by design, as a Python sequence with
  // that __len__ would be.
  () => node("new Proxy([1, 2], { get(t, k) { return k === 'length' ? 2 ** 24 + 1 : Reflect.get(t, k); } })", null),
  () => node("new Proxy({}, { get() { throw new Error('proxy get'); } })", null),
  () => node("new Proxy([1, 2], { get() { throw new Error('proxy get'); } })", null),
  () => node("new Proxy({ dim: 0 }, { ownKeys() { throw new Error('ownKeys'); } })", null),
  () => node("Object.defineProperty([1, 2], 0, { get() { throw new Error('getter'); } })", null),
  () => node("Object.defineProperty({}, 'dim', { get() { throw new Error('getter'); }, enumerable: true })", null),
  () => node('{ valueOf() { return 3; } }', null), () => node("{ [Symbol.toPrimitive]() { throw new Error('toPrimitive'); } }", null),
  () => node('Object.create(null)', null), () => node('{ length: 3 }', null),
  (g) => node(oddTypedArray(g), null), () => node('new ArrayBuffer(8)', null),
  () => node('new Date(0)', null), () => node('/re/', null), () => node('new Map([[1, 2]])', null), () => node('Promise.resolve(1)', null),
  () => node('(() => { const a = [1]; a.push(a); return a; })()', null),
  () => node('(() => { let a = [1]; for (let i = 0; i < 100000; i++) a = [a]; return a; })()', null),
  () => node('[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]', '[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]'),
  // Long, not huge: LibTorch's tile/repeat take quadratic time in the number of dims (Python's
  // torch.tile(t, [1] * 100000) runs for minutes too).
  () => node('new Array(10000).fill(1)', '[1] * 10000'),
  () => node('new torch.Generator()', 'torch.Generator()'),
  () => node('torch.Tensor.prototype', null), () => node('Object.create(torch.Tensor.prototype)', null),
  () => node('new Proxy(torch.ones(2), {})', null),
  (g) => tensorNode(g), (g) => tensorListNode(g),
  (g) => { const t = tensorNode(g); g.stmt(`${t.js}.dispose();`, null); return t; },
];
function oddTypedArray(g) {
  const a = g.pick(TYPED_ARRAYS);
  if (a.includes("'length'")) g.tags.add('lying-length');
  return a;
}

function oddNode(g) {
  return g.pick(ODD)(g);
}

// ---- values by schema type -------------------------------------------------------------------

const ODD_INTS = [2 ** 31, 2 ** 34, -(2 ** 31), 2 ** 53, 2 ** 62, -1e9, 1e9, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 64n, 1.5, NaN, Infinity, -0, -1, -5];

function intNode(g, name) {
  if (g.chance(0.08)) {
    const v = g.pick(ODD_INTS);
    return typeof v === 'bigint' ? bigNode(v) : numNode(v);
  }
  if (/dim|axis/.test(name)) return numNode(g.range(-g.rank - 1, g.rank));
  if (/size|length|num|groups|^n$|bins|^k$|steps|window|batch|channels|heads|layers|padding|kernel|stride|dilation|output|repeats|chunks|sections/.test(name)) {
    return numNode(g.weighted([[g.pick(g.pool), 6], [0, 1], [g.range(1, 4), 3]]));
  }
  if (/seed/.test(name)) return bigNode(BigInt(g.int(2 ** 31)));
  return numNode(g.range(-2, 5));
}

function intListNode(g, name) {
  if (g.chance(0.08)) {
    return g.pick([
      () => numNode(g.pick(g.pool)), () => listNode([numNode(2 ** 34)]), () => listNode([numNode(-1)]),
      () => listNode([numNode(2 ** 31), numNode(2 ** 31)]), () => listNode([numNode(1), numNode(2 ** 62)]),
      () => listNode([numNode(-5), numNode(3)]), () => node('new Array(3)', null), () => listNode([bigNode(1n), bigNode(2n)]),
      () => listNode([numNode(1.5)]), () => listNode([numNode(NaN)]), () => listNode([bigNode(2n ** 63n - 1n), numNode(2)]),
      () => node("Object.defineProperty(new Int32Array(2), 'length', { value: 1e9 })", null),
      () => listNode(Array.from({ length: 70 }, () => numNode(1))),
    ])();
  }
  let items;
  if (/size|shape/.test(name)) items = g.shapeGen();
  else if (/dim|axis|perm/.test(name)) items = Array.from({ length: g.range(0, Math.max(1, g.rank)) }, () => g.range(-g.rank, g.rank - 1));
  else if (/^pad$|^padding$/.test(name) && g.chance(0.5)) items = Array.from({ length: 2 * g.range(1, 3) }, () => g.range(-1, 3));
  else if (/kernel|stride|dilation|output|padding/.test(name)) items = Array.from({ length: g.range(1, 3) }, () => g.range(/padding/.test(name) ? 0 : 1, 3));
  else items = Array.from({ length: g.range(0, 4) }, () => g.range(-1, 5));
  return listNode(items.map((v) => numNode(v)));
}

function floatValue(g) {
  return g.chance(0.15) ? g.pick(FLOAT_EDGES) : Math.round((g.r() * 4 - 2) * 1000) / 1000;
}

function scalarNode(g) {
  return g.weighted([
    [() => numNode(g.range(-3, 5)), 40], [() => numNode(floatValue(g)), 40], [() => boolNode(g.chance(0.5)), 10],
    [() => bigNode(g.pick([0n, 7n, 2n ** 63n - 1n, -(2n ** 63n), 2n ** 64n])), 10],
  ])();
}

const LAYOUTS = ['strided', 'strided', 'strided', 'sparse_coo', 'sparse_csr'];
const MEMORY_FORMATS = ['contiguous_format', 'preserve_format', 'channels_last', 'channels_last_3d'];

/** A value for a schema argument: mostly of its type, sometimes an odd one. */
function argNode(g, arg) {
  if (g.chance(0.08)) return oddNode(g);
  let type = arg.type;
  if (type.endsWith('?')) {
    if (g.chance(0.2)) return node('null', 'None');
    type = type.slice(0, -1);
  }
  const name = arg.name;
  switch (type) {
    case 'Tensor': {
      const hint = {};
      if (/index|indices|target|offsets|lengths|batch_sizes|counts|labels|perm|crow|ccol|col|row|pivots|boundaries|sorted_sequence/.test(name)) hint.index = true;
      else if (/mask/.test(name)) hint.mask = true;
      return tensorNode(g, hint);
    }
    case 'Tensor[]': return tensorListNode(g, /indices|offsets/.test(name) ? { index: true } : {});
    case 'Tensor?[]': {
      const n = g.range(0, 3);
      return listNode(Array.from({ length: n }, () => (g.chance(0.3) ? node('null', 'None') : tensorNode(g, { index: g.chance(0.7) }))));
    }
    case 'int': case 'SymInt': return intNode(g, name);
    case 'int[]': case 'SymInt[]': return intListNode(g, name);
    case 'float': return numNode(floatValue(g), true);
    // Bigints stand for exact integers in float lists too.
    case 'float[]': return listNode(Array.from({ length: g.range(0, 3) }, () => (g.chance(0.1) ? bigNode(g.pick([3n, 2n ** 60n])) : numNode(floatValue(g), true))));
    case 'bool': return boolNode(g.chance(0.5));
    case 'bool[]': return listNode(Array.from({ length: g.range(1, 3) }, () => boolNode(g.chance(0.5))));
    case 'Scalar': return scalarNode(g);
    case 'Scalar[]': return listNode(Array.from({ length: g.range(0, 3) }, () => scalarNode(g)));
    case 'ScalarType': {
      const d = g.weighted(DTYPES);
      return node(`'${d}'`, `torch.${d}`);
    }
    case 'Layout': {
      const l = g.pick(LAYOUTS);
      return node(`'${l}'`, `torch.${l}`);
    }
    case 'MemoryFormat': {
      const m = g.pick(MEMORY_FORMATS);
      return node(`'${m}'`, `torch.${m}`);
    }
    case 'Device': return strNode(g.weighted([['cpu', 85], ['meta', 10], ['cuda', 5]]));
    case 'Generator': return node('new torch.Generator()', 'torch.Generator()');
    case 'str': return strNode(g.chance(0.85) && STRINGS[name] ? g.pick(STRINGS[name]) : g.pick(ANY_STRINGS));
    default: return oddNode(g);
  }
}

/** Arguments for one schema: { positional, kw: [schemaName, node][] }. */
function schemaArgs(g, schema) {
  const pos = schema.args.filter((a) => !a.kwargOnly);
  const kwOnly = schema.args.filter((a) => a.kwargOnly);
  let required = 0;
  pos.forEach((a, i) => { if (!a.hasDefault) required = i + 1; });
  const nPos = required + g.int(pos.length - required + 1);
  // The first tensor fixes the rank that dim arguments are drawn around.
  const positional = [];
  for (let i = 0; i < nPos; i++) {
    positional.push(argNode(g, pos[i]));
    if (i === 0 && pos[i].type.startsWith('Tensor')) g.rank = g.shape.length;
  }
  const kw = [];
  for (let i = nPos; i < pos.length; i++) if (g.chance(0.25)) kw.push([pos[i].name, argNode(g, pos[i])]);
  for (const a of kwOnly) if (!a.hasDefault || g.chance(0.3)) kw.push([a.name, argNode(g, a)]);
  return { positional, kw };
}

/** Arguments for a function without a schema: a tensor first most of the time, then a few of anything. */
function genericArgs(g, tensorFirst = true) {
  const positional = [];
  if (tensorFirst) positional.push(g.chance(0.75) ? tensorNode(g) : oddNode(g));
  const n = g.range(0, 3);
  for (let i = 0; i < n; i++) {
    positional.push(g.weighted([
      [() => tensorNode(g), 30], [() => numNode(g.range(-2, 5)), 20], [() => intListNode(g, 'size'), 15],
      [() => numNode(floatValue(g)), 10], [() => boolNode(g.chance(0.5)), 5], [() => strNode(g.pick(ANY_STRINGS)), 5], [() => oddNode(g), 5],
    ])());
  }
  const kw = [];
  if (g.chance(0.3)) {
    const n2 = g.range(1, 3);
    for (let i = 0; i < n2; i++) {
      kw.push([g.pick(OPTION_KEYS), g.weighted([
        [() => numNode(g.range(-2, 4)), 30], [() => boolNode(g.chance(0.5)), 25], [() => tensorNode(g), 15],
        [() => strNode(g.pick(ANY_STRINGS)), 10], [() => intListNode(g, 'size'), 10], [() => oddNode(g), 10],
      ])()]);
    }
  }
  return { positional, kw, pyKw: false };
}

/**
 * The hand-written functions that take JS data (typed arrays, nested arrays, seeds, print
 * options): most of the JS/native memory handling is theirs, so they get extra calls.
 */
const FOCUS = ['torch.tensor', 'torch.fromTypedArray', 'torch.fromBuffer', 'torch.setPrintOptions', 'torch.printOptions', 'torch.manualSeed', 'torch.setRngState'];

/** The arguments of the hand-written functions whose inputs are not tensors. */
const CUSTOM = {
  'torch.tensor': (g) => ({ positional: [dataNode(g, 0)], kw: creationOptions(g) }),
  'torch.fromTypedArray': (g) => ({ positional: [node(g.chance(0.7) ? plainTypedArray(g) : oddTypedArray(g), null)], kw: sharingOptions(g) }),
  'torch.fromBuffer': (g) => ({ positional: [node(g.chance(0.6) ? g.pick(['Buffer.alloc(16)', 'Buffer.from([1, 2, 3])', 'new Uint8Array(new ArrayBuffer(9), 1)']) : oddTypedArray(g), null)], kw: sharingOptions(g) }),
  'torch.setPrintOptions': (g) => ({ positional: [], kw: printOptionsKw(g), after: [tensorNode(g)] }),
  'torch.printOptions': (g) => {
    const t = tensorNode(g);
    return { positional: [objectNode(printOptionsKw(g)), node(`() => String(${t.js})`, null)], kw: [] };
  },
  'torch.manualSeed': (g) => ({ positional: [g.chance(0.5) ? bigNode(BigInt(g.int(2 ** 31))) : oddNode(g)], kw: [] }),
  'torch.setRngState': (g) => ({ positional: [g.chance(0.5) ? node('torch.getRngState()', null) : tensorNode(g, { dtype: 'uint8' })], kw: [] }),
  'torch.einsum': (g) => ({ positional: [strNode(g.pick(STRINGS.equation)), ...Array.from({ length: g.range(0, 3) }, () => tensorNode(g))], kw: [] }),
  'torch.autograd.grad': (g) => gradArgs(g),
  'torch.autograd.backward': (g) => gradArgs(g),
};
for (const name of ['tidy', 'noGrad', 'enableGrad', 'inferenceMode']) {
  const make = (g) => ({ positional: [callbackNode(g), ...(g.chance(0.2) ? [oddNode(g)] : [])], kw: [] });
  CUSTOM[`torch.${name}`] = make;
  CUSTOM[`torch.autograd.${name}`] = make;
}

function objectNode(kw) {
  return node(`{ ${kw.map(([k, v]) => `${jsKey(k)}: ${v.js}`).join(', ')} }`, null);
}

function callbackNode(g) {
  if (g.chance(0.1)) return oddNode(g);
  const t = tensorNode(g);
  return node(g.pick([
    `() => ${t.js}.mul(2)`, `() => [${t.js}.add(1), ${t.js}]`, "() => { throw new Error('callback'); }", `() => ({ a: ${t.js}.neg() })`,
    `() => { ${t.js}.dispose(); return ${t.js}; }`, `() => torch.tidy(() => ${t.js}.sum())`, '() => 42',
  ]), null);
}

function gradArgs(g) {
  const x = tensorNode(g, { dtype: g.pick(['float32', 'float64']) });
  const y = g.fresh('y');
  g.stmt(`const ${y} = ${x.js}.mul(${x.js}).sum();`, null);
  const inputs = g.chance(0.8) ? node(`[${x.js}]`, null) : oddNode(g);
  const kw = [];
  for (const k of ['retainGraph', 'createGraph', 'allowUnused', 'inputs']) if (g.chance(0.2)) kw.push([k, k === 'inputs' ? inputs : boolNode(g.chance(0.5))]);
  return { positional: [g.chance(0.8) ? node(y, null) : oddNode(g), ...(g.chance(0.7) ? [inputs] : [])], kw };
}

function plainTypedArray(g) {
  const ctor = g.pick(['Float32Array', 'Float64Array', 'Int32Array', 'BigInt64Array', 'Uint8Array', 'Int8Array', 'Uint16Array', 'Uint32Array', 'BigUint64Array', 'Int16Array']);
  return `new ${ctor}(${g.pick([0, 1, 4, 6, 12, 1000])})`;
}

function sharingOptions(g) {
  const kw = [];
  if (g.chance(0.5)) kw.push(['shape', intListNode(g, 'size')]);
  if (g.chance(0.3)) kw.push(['dtype', strNode(g.weighted(DTYPES))]);
  if (g.chance(0.3)) kw.push(['share', boolNode(g.chance(0.5))]);
  return kw;
}

function creationOptions(g) {
  const kw = [];
  if (g.chance(0.4)) kw.push(['dtype', strNode(g.weighted(DTYPES))]);
  if (g.chance(0.15)) kw.push(['requiresGrad', boolNode(g.chance(0.7))]);
  if (g.chance(0.1)) kw.push(['device', strNode(g.pick(['cpu', 'meta', 'cuda']))]);
  return kw;
}

function printOptionsKw(g) {
  const kw = [];
  const count = () => (g.chance(0.7) ? numNode(g.pick([0, 1, 2, 4, 8, 20, 100, 1000])) : g.chance(0.5) ? numNode(g.pick([2 ** 31, 1e9, Infinity, -1, 1.5, NaN])) : oddNode(g));
  for (const k of ['precision', 'threshold', 'edgeitems', 'linewidth']) if (g.chance(0.4)) kw.push([k, count()]);
  if (g.chance(0.3)) kw.push(['sciMode', g.chance(0.7) ? boolNode(g.chance(0.5)) : node('null', 'None')]);
  if (g.chance(0.2)) kw.push(['profile', strNode(g.pick(['default', 'short', 'full', 'long']))]);
  return kw;
}

/** torch.tensor data: nested arrays of numbers, booleans, bigints, typed arrays and tensors, some ragged or odd. */
function dataNode(g, depth) {
  if (depth > 3 || g.chance(0.15)) {
    return g.weighted([
      [() => numNode(floatValue(g)), 30], [() => bigNode(g.pick([0n, 5n, 2n ** 63n - 1n, 2n ** 64n])), 10], [() => boolNode(g.chance(0.5)), 10],
      [() => node(g.chance(0.5) ? plainTypedArray(g) : oddTypedArray(g), null), 15], [() => tensorNode(g, { shape: g.chance(0.7) ? [] : [2] }), 10], [() => oddNode(g), 10],
    ])();
  }
  const n = g.weighted([[0, 5], [1, 20], [2, 35], [3, 30], [1000, 2]]);
  const ragged = g.chance(0.05);
  const item = () => (g.chance(0.6) ? numNode(floatValue(g)) : dataNode(g, depth + 1));
  const first = item();
  const items = n === 1000 ? Array.from({ length: n }, () => numNode(g.range(0, 9))) : [first];
  while (items.length < n) items.push(ragged ? item() : first.js.startsWith('[') ? dataNode(g, depth + 1) : item());
  if (g.chance(0.03)) return node(`[${items.map((i) => i.js).join(', ')}, , 1]`, null);
  return listNode(items);
}

// ---- calls -----------------------------------------------------------------------------------

/** Argument-level mistakes applied to some calls: wrong counts, dropped or swapped arguments, odd options objects. */
function mutate(g, call) {
  if (!g.chance(0.12)) return;
  const p = call.positional;
  switch (g.int(6)) {
    case 0: if (p.length > 0) p.splice(g.int(p.length), 1); break;
    case 1: for (let i = g.range(1, 3); i > 0; i--) p.push(oddNode(g)); break;
    case 2: for (let i = g.range(25, 64); i > 0; i--) p.push(numNode(1)); break;
    case 3: p.length = 0; call.kw = []; break;
    case 4: if (p.length >= 2) { const i = g.int(p.length); const j = g.int(p.length); [p[i], p[j]] = [p[j], p[i]]; } break;
    default: call.oddOptions = g.pick([
      "Object.defineProperty({}, 'out', { get() { throw new Error('getter'); }, enumerable: true })",
      "new Proxy({ dim: 0 }, { ownKeys() { throw new Error('ownKeys'); } })",
      "new Proxy({ dim: 0 }, { get() { throw new Error('proxy get'); } })",
      'Object.assign(Object.create(null), { dim: 0, keepdim: true })',
      '{ notAnArgument: 1 }',
    ]);
  }
}

/** JS and Python source of an argument list (options object last). */
function renderArgs(g, call) {
  const js = call.positional.map((a) => a.js);
  let py = call.positional.every((a) => a.py !== null) ? call.positional.map((a) => a.py) : null;
  if (call.oddOptions) {
    js.push(call.oddOptions);
    py = null;
  } else if (call.kw.length > 0) {
    // Either spelling is accepted: the schema's snake_case name or its camelCase.
    js.push(`{ ${call.kw.map(([k, v]) => `${jsKey(g.chance(0.5) ? camel(k) : k)}: ${v.js}`).join(', ')} }`);
    if (py !== null && call.pyKw !== false && call.kw.every(([, v]) => v.py !== null)) py.push(...call.kw.map(([k, v]) => `${k}=${v.py}`));
    else py = null;
  }
  return { js: js.join(', '), py: py === null ? null : py.join(', ') };
}

const USES = [['none', 35], ['print', 25], ['data', 20], ['view', 8], ['backward', 12]];

/** What the child does with a result: print it, read its data, view it, backpropagate through it. */
export const USE_SOURCE = `function use(r, how) {
  const items = Array.isArray(r) ? r.flat(3) : [r];
  for (const t of items) {
    if (ArrayBuffer.isView(t) && !(t instanceof DataView)) {
      let s = 0;
      for (let i = 0; i < Math.min(t.length, 1e6); i++) s += Number(t[i]);
      if (t.length > 0) t[0] = t[0];
      continue;
    }
    if (!(t instanceof torch.Tensor)) continue;
    if (how === 'print') String(t);
    else if (how === 'data') (t.numel() <= 1e5 ? t.tolist() : t.dataSync());
    else if (how === 'view') use(t.dataView(), how);
    else if (how === 'backward' && t.requiresGrad) t.sum().backward();
  }
}`;

const PY_USE_SOURCE = `def use(r, how):
    for t in (r if isinstance(r, (list, tuple)) else [r]):
        if not isinstance(t, torch.Tensor):
            continue
        if how == 'print':
            str(t)
        elif how in ('data', 'view'):
            t.tolist()
        elif how == 'backward' and t.requires_grad:
            t.sum().backward()`;

/**
 * Call k of a seed: { seed, k, callSeed, label, kind, op, tags, setup, call, use, py, pyBody }.
 * setup/call/use are JS statements (the child marks the phase between them); py is a whole Python
 * program and pyBody its lines after the preamble, or both null.
 */
export function generateCall(surface, seed, k) {
  const g = new Gen(seed, k);
  const kind = g.weighted([['aten', 36], ['function', 30], ['method', 28], ['module', 6]]);
  let label;
  let op = null;
  let callJs;
  let callPy = null;
  let after = [];

  if (kind === 'aten') {
    op = g.pick(surface.atenNames);
    const schemas = surface.aten.get(op);
    const schema = g.pick(schemas);
    const call = schemaArgs(g, schema);
    mutate(g, call);
    const args = renderArgs(g, call);
    // The operator's packet resolves overloads natively; naming the overload calls that one.
    const named = g.chance(0.3);
    const suffix = named ? `.${schema.overload === '' ? 'default' : schema.overload}` : '';
    label = `aten::${op}${suffix}`;
    callJs = `const r = torch.ops.aten.${op}${suffix}(${args.js});`;
    if (args.py !== null) callPy = `r = torch.ops.aten.${op}${suffix}(${args.py})`;
  } else if (kind === 'function') {
    const f = g.chance(0.15) ? { path: g.pick(FOCUS), atenName: null, construct: false } : g.pick(surface.functions);
    label = f.path;
    let call;
    if (CUSTOM[f.path]) call = CUSTOM[f.path](g);
    else if (f.atenName !== null && g.chance(0.8)) call = schemaArgs(g, g.pick(surface.aten.get(f.atenName)));
    else call = genericArgs(g, !f.construct || f.path === 'torch.Tensor');
    mutate(g, call);
    after = call.after ?? [];
    const args = renderArgs(g, call);
    callJs = `const r = ${f.construct ? 'new ' : ''}${f.path}(${args.js});`;
    if (f.atenName !== null && !CUSTOM[f.path]) {
      // The kernel the call reaches (a known LibTorch crash excuses it, see runner.mjs).
      op = f.atenName;
      if (args.py !== null) callPy = `r = torch.ops.aten.${f.atenName}(${args.py})`;
    }
  } else if (kind === 'method') {
    const m = g.pick(surface.methods);
    label = `Tensor.${m.name}${m.kind === 'call' ? '()' : m.kind === 'get' ? ' (get)' : ' (set)'}`;
    const selfSchemas = m.atenName === null ? [] : surface.aten.get(m.atenName).filter((s) => s.args[0]?.name === 'self');
    let self;
    let rest = null;
    let value = null;
    if (m.kind === 'call' && selfSchemas.length > 0 && g.chance(0.85)) {
      const call = schemaArgs(g, g.pick(selfSchemas));
      mutate(g, call);
      // An odd value in self's place would only test JS's `(5).add` (not a function); odd
      // receivers come from `foreign` below.
      self = call.positional.shift();
      if (self === undefined || !/^t\d+$/.test(self.js)) self = tensorNode(g);
      rest = renderArgs(g, call);
      // The kernel a generated method reaches with its arguments as given (a known LibTorch crash
      // excuses it, see runner.mjs); a hand-written method may do anything before its kernel.
      if (m.generated) op = m.atenName;
      if (self.py !== null && rest.py !== null) {
        callPy = `r = torch.ops.aten.${m.atenName}(${[self.py, rest.py].filter((a) => a !== '').join(', ')})`;
      }
    } else if (m.kind === 'call') {
      self = tensorNode(g);
      const call = genericArgs(g, false);
      mutate(g, call);
      rest = renderArgs(g, call);
    } else {
      self = tensorNode(g);
      if (m.kind === 'set') value = setterValue(g, m.name).js;
    }
    // Some calls take the receiver from somewhere else: not a tensor, or a disposed one.
    const foreign = g.chance(0.04) ? oddNode(g).js : null;
    // A view of the receiver's memory taken before the call, read after it (the call may resize or free the storage).
    if (g.chance(m.name.endsWith('_') ? 0.2 : 0.03)) {
      g.stmt(`let v = null; try { v = ${self.js}.dataView(); } catch {}`, null);
      g.tags.add('view-held');
      after = [node('v', null)];
    }
    if (m.kind === 'call') {
      callJs = foreign === null ? `const r = ${self.js}.${m.name}(${rest.js});` : `const r = torch.Tensor.prototype.${m.name}.call(${foreign}${rest.js ? `, ${rest.js}` : ''});`;
    } else if (m.kind === 'get') {
      callJs = foreign === null ? `const r = ${self.js}.${m.name};` : `const r = Object.getOwnPropertyDescriptor(torch.Tensor.prototype, '${m.name}').get.call(${foreign});`;
    } else {
      callJs = foreign === null ? `${self.js}.${m.name} = ${value}; const r = ${self.js};` : `const r = Object.getOwnPropertyDescriptor(torch.Tensor.prototype, '${m.name}').set.call(${foreign}, ${value});`;
    }
    if (foreign !== null) callPy = null;
  } else {
    const name = g.pick(surface.modules);
    label = `nn.${name}`;
    const ctor = { positional: Array.from({ length: g.range(0, 4) }, () => (g.chance(0.9) ? numNode(g.pick(g.pool)) : oddNode(g))), kw: [] };
    if (g.chance(0.4)) {
      for (let i = g.range(1, 3); i > 0; i--) {
        ctor.kw.push([g.pick(MODULE_KEYS), g.weighted([[() => boolNode(g.chance(0.5)), 40], [() => numNode(g.pick([0, 1, 2, 0.5])), 40], [() => strNode(g.pick(ANY_STRINGS)), 10], [() => oddNode(g), 10]])()]);
      }
    }
    mutate(g, ctor);
    const inputs = { positional: Array.from({ length: g.range(1, 3) }, () => tensorNode(g, { dtype: g.chance(0.9) ? 'float32' : undefined })), kw: [] };
    const m = g.fresh('m');
    callJs = `const ${m} = new torch.nn.${name}(${renderArgs(g, ctor).js}); const r = ${m}(${renderArgs(g, inputs).js});`;
  }

  const how = g.weighted(USES);
  const use = [];
  if (how !== 'none') use.push(`use(r, '${how}');`);
  for (const a of after) use.push(`use(${a.js}, 'print');`);
  const pyOk = g.pyOk && callPy !== null && after.every((a) => a.py !== null);
  const pyUse = how !== 'none' ? [`use(r, '${how}')`] : [];
  const s = callSeed(seed, k);
  const pyBody = pyOk ? [...g.py, callPy, ...pyUse, ...after.map((a) => `use(${a.py}, 'print')`)] : null;
  const py = pyOk ? ['import torch', 'torch.set_num_threads(1)', PY_USE_SOURCE, `torch.manual_seed(${s})`, ...pyBody].join('\n') : null;
  return { seed, k, callSeed: s, label, kind, op, tags: [...g.tags].sort(), setup: g.js, call: callJs, use, py, pyBody };
}

function setterValue(g, name) {
  if (name === 'requiresGrad') return g.chance(0.7) ? boolNode(g.chance(0.5)) : oddNode(g);
  return g.chance(0.7) ? tensorNode(g) : g.chance(0.3) ? node('null', 'None') : oddNode(g);
}

/** The JS body the child runs: `phase` marks setup -> call -> use. */
export function childBody(c) {
  return [...c.setup, "phase('call');", c.call, "phase('use');", ...c.use].join('\n');
}

/** A copy-pasteable program for call c (run with node from anywhere). */
export function jsRepro(c, libPath) {
  return [
    `// torch-node fuzz: seed ${c.seed}, call ${c.k} (${c.label})`,
    `import * as torch from ${JSON.stringify(libPath)};`,
    USE_SOURCE,
    'torch.setNumThreads(1);',
    `torch.manualSeed(${c.callSeed});`,
    ...c.setup, c.call, ...c.use,
    "console.log('returned');",
  ].join('\n');
}
