// String form of tensors: a port of PyTorch's torch/_tensor_str.py (the _Formatter, summarisation
// of large tensors, nested bracket indentation and the suffixes), so that String(x) and
// console.log(x) print exactly what Python's str(x) prints.
import { constants as bufferConstants } from 'node:buffer';
import { native } from './binding.js';
import { Tensor } from './tensor.js';
import { callOp, opFamily } from './dispatch.js';
import { isFloatingDType, type DType } from './dtype.js';
import { argTypeError } from './validate.js';

/** The options of tensor printing, as torch.set_printoptions. */
export interface PrintOptions {
  /** Digits after the decimal point (default 4). */
  precision: number;
  /** Element count above which tensors are summarised with `...` (default 1000). */
  threshold: number;
  /** Items shown at the start and end of each summarised dimension (default 3). */
  edgeitems: number;
  /** Characters per line (default 80). */
  linewidth: number;
  /** Force (true) or forbid (false) scientific notation; null lets the formatter choose. */
  sciMode: boolean | null;
}

/** Arguments of setPrintOptions: any of PrintOptions, and a profile. */
export interface SetPrintOptions extends Partial<PrintOptions> {
  /** 'default', 'short' (precision 2, edgeitems 2) or 'full' (never summarise). */
  profile?: 'default' | 'short' | 'full';
}

const PRINT_OPTS: PrintOptions = { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sciMode: null };

/** The longest string V8 can make: no printout can be longer. */
const MAX_STRING_LENGTH = bufferConstants.MAX_STRING_LENGTH;

function checkCount(v: unknown, name: string, allowInfinity = false): number {
  if (typeof v !== 'number' || !(Number.isInteger(v) || (allowInfinity && v === Infinity)) || v < 0) {
    throw argTypeError('setPrintOptions()', name, `a non-negative integer${allowInfinity ? ' or Infinity' : ''}`, v, 'brief');
  }
  return v;
}

/**
 * Sets the printing options, as torch.set_printoptions (sciMode resets to automatic unless given).
 * Every option is checked before any is set, so a bad one changes nothing. Python accepts any
 * value and fails (or misprints) later; here a negative, fractional or non-number count is a
 * TypeError, and a precision no string could hold a RangeError.
 * @example
 * torch.setPrintOptions({ precision: 2 });
 * String(torch.tensor([1.12345]));   // 'tensor([1.12])'
 * torch.setPrintOptions({ profile: 'default' });
 */
export function setPrintOptions(options: SetPrintOptions = {}): void {
  if (options === null || typeof options !== 'object') throw new TypeError('setPrintOptions(options): options must be an object');
  const next: PrintOptions = { ...PRINT_OPTS };
  const { profile } = options;
  if (profile !== undefined) {
    if (profile === 'default') Object.assign(next, { precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80 });
    else if (profile === 'short') Object.assign(next, { precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80 });
    else if (profile === 'full') Object.assign(next, { precision: 4, threshold: Infinity, edgeitems: 3, linewidth: 80 });
    else throw argTypeError('setPrintOptions()', 'profile', "'default', 'short' or 'full'", profile, 'brief');
  }
  if (options.precision !== undefined) {
    const p = checkCount(options.precision, 'precision');
    // Python's own limit is 2**31 - 1 ("precision too big"); a JS string ends sooner, and a
    // single digit more than it holds could never be printed.
    if (p > MAX_STRING_LENGTH) {
      throw new RangeError(`setPrintOptions(): precision must be at most ${MAX_STRING_LENGTH}, the longest string JS can hold (got ${p})`);
    }
    next.precision = p;
  }
  if (options.threshold !== undefined) next.threshold = checkCount(options.threshold, 'threshold', true);
  if (options.edgeitems !== undefined) next.edgeitems = checkCount(options.edgeitems, 'edgeitems');
  if (options.linewidth !== undefined) next.linewidth = checkCount(options.linewidth, 'linewidth');
  const sci = options.sciMode ?? null;
  if (sci !== null && typeof sci !== 'boolean') throw argTypeError('setPrintOptions()', 'sciMode', 'a boolean or null', sci, 'brief');
  next.sciMode = sci;
  Object.assign(PRINT_OPTS, next);
}

/** The current printing options. @example torch.getPrintOptions().precision // 4 */
export function getPrintOptions(): PrintOptions {
  return { ...PRINT_OPTS };
}

/**
 * Runs fn with temporary printing options, restoring the previous ones after.
 * @example torch.printOptions({ precision: 2 }, () => String(x))
 */
export function printOptions<T>(options: SetPrintOptions, fn: () => T): T {
  const saved = getPrintOptions();
  setPrintOptions(options);
  try {
    return fn();
  } finally {
    Object.assign(PRINT_OPTS, saved);
  }
}

// ---- exact decimal formatting (Python's '{:.Nf}' and '{:.Ne}': correctly rounded, ties to even) ----

const scratch = new DataView(new ArrayBuffer(8));
const POW10: bigint[] = [1n];
function pow10(n: number): bigint {
  while (POW10.length <= n) POW10.push(POW10[POW10.length - 1]! * 10n);
  return POW10[n]!;
}

/** |x| = d * 10^-k exactly, for a finite x. */
function decompose(x: number): { d: bigint; k: number } {
  scratch.setFloat64(0, x);
  const hi = scratch.getUint32(0);
  const lo = scratch.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (biased === 0) e = -1074;
  else { m |= 1n << 52n; e = biased - 1075; }
  if (m === 0n) return { d: 0n, k: 0 };
  while ((m & 1n) === 0n) { m >>= 1n; e++; }
  if (e >= 0) return { d: m << BigInt(e), k: 0 };
  return { d: m * 5n ** BigInt(-e), k: -e };
}

/** Divides by 10^drop rounding half to even. */
function roundDrop(d: bigint, drop: number): bigint {
  if (drop <= 0) return d * pow10(-drop);
  const div = pow10(drop);
  let q = d / div;
  const twice = (d % div) * 2n;
  if (twice > div || (twice === div && (q & 1n) === 1n)) q++;
  return q;
}

function signOf(x: number): string {
  return x < 0 || Object.is(x, -0) ? '-' : '';
}

function nonFinite(x: number): string | null {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return null;
}

/**
 * Digits past which a finite double's decimal expansion is exact: it has at most 1074 digits
 * after the point (2^-1074 = 5^1074 * 10^-1074) and at most 767 significant ones (a 53-bit
 * mantissa times 5^1074). Beyond it every further digit is 0, so formatting pads with zeros
 * instead of scaling BigInts by 10^precision (which made precision 1e6 exhaust the heap).
 */
const EXACT_DIGITS = 1100;

let zerosCache = '';
/**
 * n zeros; consecutive calls share one string, so the elements of a tensor pad with one string
 * between them (tensorStr drops it after, not to keep a string of `precision` zeros alive).
 */
function zeros(n: number): string {
  if (zerosCache.length !== n) zerosCache = '0'.repeat(n);
  return zerosCache;
}

/** @internal Python's f'{x:.{p}f}'. @example formatFixed(0.125, 2) // '0.12' */
export function formatFixed(x: number, p: number): string {
  const nf = nonFinite(x);
  if (nf !== null) return nf;
  if (p > EXACT_DIGITS) return formatFixed(x, EXACT_DIGITS) + zeros(p - EXACT_DIGITS);
  const { d, k } = decompose(x);
  const s = roundDrop(d, k - p).toString().padStart(p + 1, '0');
  const intPart = s.slice(0, s.length - p);
  return signOf(x) + (p > 0 ? `${intPart}.${s.slice(s.length - p)}` : intPart);
}

/** @internal Python's f'{x:.{p}e}'. @example formatExp(12345, 2) // '1.23e+04' */
export function formatExp(x: number, p: number): string {
  const nf = nonFinite(x);
  if (nf !== null) return nf;
  if (p > EXACT_DIGITS) {
    const s = formatExp(x, EXACT_DIGITS);
    const e = s.lastIndexOf('e');
    return s.slice(0, e) + zeros(p - EXACT_DIGITS) + s.slice(e);
  }
  const { d, k } = decompose(x);
  let digits: string;
  let exp: number;
  if (d === 0n) {
    digits = '0'.repeat(p + 1);
    exp = 0;
  } else {
    const nd = d.toString().length;
    exp = nd - 1 - k;
    let q = roundDrop(d, nd - (p + 1));
    if (q >= pow10(p + 1)) { q /= 10n; exp++; }
    digits = q.toString();
  }
  const mantissa = p > 0 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const e = Math.abs(exp).toString().padStart(2, '0');
  return `${signOf(x)}${mantissa}e${exp < 0 ? '-' : '+'}${e}`;
}

/** formatFixed(x, p).length without making the string (finite x). */
function fixedWidth(x: number, p: number): number {
  return p > EXACT_DIGITS ? formatFixed(x, EXACT_DIGITS).length + (p - EXACT_DIGITS) : formatFixed(x, p).length;
}

/** formatExp(x, p).length without making the string (finite x). */
function expWidth(x: number, p: number): number {
  return p > EXACT_DIGITS ? formatExp(x, EXACT_DIGITS).length + (p - EXACT_DIGITS) : formatExp(x, p).length;
}

// ---- the formatter ----------------------------------------------------------------------------

type Value = number | bigint | boolean;

function pyStr(v: Value): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return String(v);
}

/** _Formatter: chooses int/sci/fixed mode and the common width from the (summarised) values. */
class Formatter {
  readonly floating: boolean;
  intMode = true;
  sciMode = false;
  maxWidth = 1;

  constructor(values: ArrayLike<Value>, floating: boolean) {
    this.floating = floating;
    const p = PRINT_OPTS.precision;
    const n = values.length;
    if (!floating) {
      for (let i = 0; i < n; i++) this.maxWidth = Math.max(this.maxWidth, pyStr(values[i]!).length);
      return;
    }
    // Python's nonzero_finite_vals, read in place rather than copied: a printout of tens of
    // millions of elements (threshold: Infinity) must not hold them twice.
    const xs = values as ArrayLike<number>;
    const useful = (x: number): boolean => Number.isFinite(x) && x !== 0;
    let min = Infinity;
    let max = 0;
    let any = false;
    for (let i = 0; i < n; i++) {
      const x = xs[i]!;
      if (!useful(x)) continue;
      any = true;
      const a = Math.abs(x);
      if (a < min) min = a;
      if (a > max) max = a;
      if (this.intMode && x !== Math.ceil(x)) this.intMode = false;
    }
    if (!any) return;
    this.sciMode = PRINT_OPTS.sciMode ?? (max / min > 1000.0 || max > 1.0e8 || min < 1.0e-4);
    // Widths are counted, not formatted: each value is formatted once more for the printout.
    const width: (x: number) => number = this.sciMode ? (x) => expWidth(x, p)
      : this.intMode ? (x) => formatFixed(x, 0).length + 1
      : (x) => fixedWidth(x, p);
    for (let i = 0; i < n; i++) {
      const x = xs[i]!;
      if (useful(x)) this.maxWidth = Math.max(this.maxWidth, width(x));
    }
  }

  width(): number {
    return this.maxWidth;
  }

  format(value: Value): string {
    let ret: string;
    if (this.floating) {
      const x = value as number;
      if (this.sciMode) ret = formatExp(x, PRINT_OPTS.precision);
      else if (this.intMode) {
        ret = formatFixed(x, 0);
        if (Number.isFinite(x)) ret += '.';
      } else ret = formatFixed(x, PRINT_OPTS.precision);
    } else {
      ret = pyStr(value);
    }
    return ret.length < this.maxWidth ? ' '.repeat(this.maxWidth - ret.length) + ret : ret;
  }
}

// ---- layout -----------------------------------------------------------------------------------

/** The (summarised) elements, row-major over `shape`, with the sizes they were taken from. */
interface Data {
  /** Sizes of the printed tensor. */
  orig: number[];
  /** Sizes of `values` (the summarised tensor: 2*edgeitems where a dimension was cut). */
  shape: number[];
  strides: number[];
  /** The elements (for complex tensors, the real parts), in a typed array where one fits. */
  values: ArrayLike<Value>;
  /** For complex tensors: the imaginary parts. */
  imag?: ArrayLike<number>;
}

interface Formatters { f1: Formatter; f2?: Formatter }

function elementStr(data: Data, i: number, fmt: Formatters): string {
  if (fmt.f2 === undefined) return fmt.f1.format(data.values[i]!);
  const real = fmt.f1.format(data.values[i]!);
  const imag = (fmt.f2.format(data.imag![i]!) + 'j').trimStart();
  return imag[0] === '+' || imag[0] === '-' ? real + imag : `${real}+${imag}`;
}

/**
 * '[' + parts.join(sep) + ']' as one flat string: the brackets go on the first and last part, so
 * that no concatenation of a long join is left to flatten (a copy) later.
 */
function bracketJoin(parts: string[], sep: string): string {
  if (parts.length === 0) return '[]';
  parts[0] = '[' + parts[0]!;
  parts[parts.length - 1] += ']';
  return parts.join(sep);
}

function vectorStr(data: Data, d: number, offset: number, indent: number, summarize: boolean, fmt: Formatters): string {
  let elementLength = fmt.f1.width() + 2;
  if (fmt.f2 !== undefined) elementLength += fmt.f2.width() + 1;
  const perLine = Math.max(1, Math.floor((PRINT_OPTS.linewidth - indent) / elementLength));
  const edge = PRINT_OPTS.edgeitems;
  const n = data.orig[d]!;
  const stride = data.strides[d]!;
  // Items are joined into lines as they come: a long vector holds its lines, not an item each.
  const lines: string[] = [];
  let line: string[] = [];
  const add = (item: string): void => {
    line.push(item);
    if (line.length === perLine) { lines.push(line.join(', ')); line = []; }
  };
  if (summarize && !edge) {
    add('...');
  } else if (summarize && n > 2 * edge) {
    for (let i = 0; i < edge; i++) add(elementStr(data, offset + i * stride, fmt));
    add(' ...');
    for (let i = edge; i < 2 * edge; i++) add(elementStr(data, offset + i * stride, fmt));
  } else {
    for (let i = 0; i < n; i++) add(elementStr(data, offset + i * stride, fmt));
  }
  if (line.length > 0) lines.push(line.join(', '));
  return bracketJoin(lines, ',\n' + ' '.repeat(indent + 1));
}

function tensorStrWith(data: Data, d: number, offset: number, indent: number, summarize: boolean, fmt: Formatters): string {
  const ndim = data.orig.length;
  if (ndim === 0) return elementStr(data, 0, fmt);
  if (d === ndim - 1) return vectorStr(data, d, offset, indent, summarize, fmt);
  const edge = PRINT_OPTS.edgeitems;
  const n = data.orig[d]!;
  const stride = data.strides[d]!;
  const slices: string[] = [];
  if (summarize && n > 2 * edge) {
    for (let i = 0; i < edge; i++) slices.push(tensorStrWith(data, d + 1, offset + i * stride, indent + 1, summarize, fmt));
    slices.push('...');
    for (let i = edge; i < 2 * edge; i++) slices.push(tensorStrWith(data, d + 1, offset + i * stride, indent + 1, summarize, fmt));
  } else {
    for (let i = 0; i < n; i++) slices.push(tensorStrWith(data, d + 1, offset + i * stride, indent + 1, summarize, fmt));
  }
  return bracketJoin(slices, ',' + '\n'.repeat(ndim - d - 1) + ' '.repeat(indent + 1));
}

const fNarrow = opFamily('narrow');
const fCat = opFamily('cat');
const fViewAsReal = opFamily('view_as_real');
const fResolveConj = opFamily('resolve_conj');
const fResolveNeg = opFamily('resolve_neg');

/** get_summarized_data: the first and last edgeitems along every dimension longer than 2*edgeitems. */
function summarized(t: Tensor, temps: Tensor[]): Tensor {
  const edge = PRINT_OPTS.edgeitems;
  const shape = t.shape;
  let r = t;
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d]!;
    if (n <= 2 * edge) continue;
    let next: Tensor;
    if (edge === 0) {
      next = callOp(fNarrow, [d, 0, 0], r) as Tensor;
    } else {
      const head = callOp(fNarrow, [d, 0, edge], r) as Tensor;
      const tail = callOp(fNarrow, [d, n - edge, edge], r) as Tensor;
      next = callOp(fCat, [[head, tail], d]) as Tensor;
      temps.push(head, tail);
    }
    temps.push(next);
    r = next;
  }
  return r;
}

/** The elements: dataSync's typed array itself (compact), booleans for bool tensors. */
function readValues(t: Tensor, dtype: DType): ArrayLike<Value> {
  const raw = t.dataSync() as unknown as ArrayLike<number | bigint>;
  if (dtype !== 'bool') return raw;
  const out: boolean[] = new Array<boolean>(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = raw[i] !== 0;
  return out;
}

function stridesOf(shape: number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]!; }
  return s;
}

/**
 * Refuses a printout longer than a JS string, before making it: V8 would throw only once the
 * elements (count * width characters, all alive until joined) were made, which at a huge
 * precision can exhaust the heap first.
 */
function checkPrintable(count: number, width: number): void {
  // The elements and the ', ' between them: less than the whole printout.
  if (count * width + 2 * (count - 1) > MAX_STRING_LENGTH) {
    throw new RangeError(`formatTensor(): ${count} element${count === 1 ? '' : 's'} of width ${width} take more than ${MAX_STRING_LENGTH} characters, the longest string JS can hold; lower the precision (now ${PRINT_OPTS.precision}) or the threshold (now ${PRINT_OPTS.threshold}) with torch.setPrintOptions()`);
  }
}

/** _tensor_str: the bracketed elements of a non-empty tensor. */
function tensorStr(t: Tensor, indent: number, dtype: DType): string {
  const orig = t.shape;
  const numel = orig.reduce((a, b) => a * b, 1);
  if (numel === 0) return '[]';
  const summarize = numel > PRINT_OPTS.threshold;
  const temps: Tensor[] = [];
  try {
    let base = t.detach();
    temps.push(base);
    base = callOp(fResolveNeg, [], base) as Tensor;
    temps.push(base);
    const complex = dtype === 'complex64' || dtype === 'complex128';
    if (complex) { base = callOp(fResolveConj, [], base) as Tensor; temps.push(base); }
    const part = summarize ? summarized(base, temps) : base;
    const shape = part.shape;
    // Every element takes a character at least: a tensor too long even so is refused unread.
    checkPrintable(shape.reduce((a, b) => a * b, 1), 1);
    const data: Data = { orig, shape, strides: stridesOf(shape), values: [] };
    const fmt: Formatters = { f1: new Formatter([], true) };
    if (complex) {
      const pairs = callOp(fViewAsReal, [], part) as Tensor;
      temps.push(pairs);
      const flat = readValues(pairs, 'float64') as ArrayLike<number>;
      const re = new Float64Array(flat.length / 2);
      const im = new Float64Array(flat.length / 2);
      for (let i = 0; i < re.length; i++) { re[i] = flat[2 * i]!; im[i] = flat[2 * i + 1]!; }
      data.values = re;
      data.imag = im;
      fmt.f1 = new Formatter(re, true);
      fmt.f2 = new Formatter(im, true);
    } else {
      data.values = readValues(part, dtype);
      fmt.f1 = new Formatter(data.values, isFloatingDType(dtype));
    }
    checkPrintable(data.values.length, fmt.f1.width() + (fmt.f2 === undefined ? 0 : fmt.f2.width() + 1));
    return tensorStrWith(data, 0, 0, indent, summarize, fmt);
  } finally {
    for (const x of temps) if (x !== t) x.dispose();
    zerosCache = '';
  }
}

/**
 * prefix + body + the suffixes and ')'. Python's last_line_len of prefix + body is found in body
 * alone, and the pieces are concatenated rather than joined: a body of hundreds of megabytes is
 * not copied again here (whoever reads the result flattens it once).
 */
function addSuffixes(prefix: string, body: string, suffixes: string[], indent: number, forceNewline: boolean): string {
  const nl = body.lastIndexOf('\n');
  let lastLineLen = nl < 0 ? prefix.length + body.length + 2 : body.length - nl + 1;
  let out = prefix + body;
  for (const suffix of suffixes) {
    if (forceNewline || lastLineLen + suffix.length + 2 > PRINT_OPTS.linewidth) {
      out += ',\n' + ' '.repeat(indent) + suffix;
      lastLineLen = indent + suffix.length;
      forceNewline = false;
    } else {
      out += ', ' + suffix;
      lastLineLen += suffix.length + 2;
    }
  }
  return out + ')';
}

/** Python's str() of a tuple of sizes: (), (3,), (2, 3). */
function sizeTuple(shape: number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

const DEFAULT_DTYPES = new Set<DType>(['float32', 'complex64', 'int64', 'bool']);

type SparseLayout = 'sparse_coo' | 'sparse_csr' | 'sparse_csc' | 'sparse_bsr' | 'sparse_bsc';

const fIndices = opFamily('_indices');
const fValues = opFamily('_values');
const fSparseValues = opFamily('values');
const fNnz = opFamily('_nnz');
const fCrow = opFamily('crow_indices');
const fCol = opFamily('col_indices');
const fCcol = opFamily('ccol_indices');
const fRow = opFamily('row_indices');
const fDenseDim = opFamily('dense_dim');

function tryOp(f: ReturnType<typeof opFamily>, t: Tensor): unknown {
  try { return callOp(f, [], t); } catch { return undefined; }
}

/**
 * The sparse layout, or null for strided tensors. Compressed layouts have no strides; COO ones
 * report all-zero strides, which among dense tensors only broadcast (expanded) ones share.
 */
function sparseLayout(t: Tensor): SparseLayout | null {
  let strides: number[] | null = null;
  try { strides = t.stride(); } catch { /* not strided */ }
  if (strides !== null && (strides.length === 0 || strides.some((s) => s !== 0))) return null;
  const probe = (f: ReturnType<typeof opFamily>): boolean => {
    const r = tryOp(f, t);
    if (r instanceof Tensor) { r.dispose(); return true; }
    return false;
  };
  if (probe(fIndices)) return 'sparse_coo';
  const values = tryOp(fSparseValues, t);
  const denseDim = tryOp(fDenseDim, t);
  let blocked = false;
  if (values instanceof Tensor) {
    blocked = typeof denseDim === 'number' && values.dim() > 1 + denseDim;
    values.dispose();
  }
  if (probe(fCrow)) return blocked ? 'sparse_bsr' : 'sparse_csr';
  if (probe(fCcol)) return blocked ? 'sparse_bsc' : 'sparse_csc';
  return null;
}

/** The body of a sparse tensor: indices=tensor(...), values=tensor(...), as PyTorch prints it. */
function sparseStr(t: Tensor, layout: SparseLayout, indent: number, dtype: DType, shape: number[], suffixes: string[]): string {
  suffixes.push('size=' + sizeTuple(shape));
  suffixes.push('nnz=' + String(callOp(fNnz, [], t)));
  if (!DEFAULT_DTYPES.has(dtype)) suffixes.push(`dtype=torch.${dtype}`);
  const part = (name: string, f: ReturnType<typeof opFamily>): string => {
    const prefix = `${name}=tensor(`;
    const x = callOp(f, [], t) as Tensor;
    try {
      let str = tensorStr(x, indent + prefix.length, x.dtype);
      if (x.numel() === 0) str += ', size=' + sizeTuple(x.shape);
      return prefix + str + ')';
    } finally {
      x.dispose();
    }
  };
  const sep = ',\n' + ' '.repeat(indent);
  if (layout === 'sparse_coo') return part('indices', fIndices) + sep + part('values', fValues);
  const rowMajor = layout === 'sparse_csr' || layout === 'sparse_bsr';
  const compressed = rowMajor ? part('crow_indices', fCrow) : part('ccol_indices', fCcol);
  const plain = rowMajor ? part('col_indices', fCol) : part('row_indices', fRow);
  return compressed + sep + plain + sep + part('values', fSparseValues);
}

/**
 * The string PyTorch's str(tensor) gives: `tensor([[0.1000, 0.2000]], requires_grad=True)`.
 * Used by `toString()` and `console.log`.
 * @example torch.formatTensor(torch.tensor([1.5, 2])) // 'tensor([1.5000, 2.0000])'
 */
export function formatTensor(t: Tensor): string {
  if (!(t instanceof Tensor)) throw new TypeError('formatTensor(t): t must be a Tensor');
  if (t.isDisposed) return 'tensor(<disposed>)';
  // Inside torch.func transforms: the wrapper and its level around the wrapped value, read by
  // ops that run below the functorch layers (as Python's _DisableFuncTorch around printing).
  if (native.functorchStackDepth() > 0 || native.functorchMaybeGetLevel(t) !== -1) {
    native.functorchDisableEnter();
    try {
      const level = native.functorchMaybeGetLevel(t);
      return level === -1 ? formatPlainTensor(t) : formatFunctorchWrapper(t, level);
    } finally {
      native.functorchDisableExit();
    }
  }
  return formatPlainTensor(t);
}

/** A functorch wrapper as torch._tensor_str's _functorch_wrapper_str_intern prints it. */
function formatFunctorchWrapper(t: Tensor, level: number): string {
  const inner = native.functorchGetUnwrapped(t);
  const level2 = native.functorchMaybeGetLevel(inner);
  const value = (level2 === -1 ? formatPlainTensor(inner) : formatFunctorchWrapper(inner, level2)).replace(/^(?=.)/gm, '    ');
  const bdim = native.functorchMaybeGetBdim(t);
  if (bdim !== -1) return `BatchedTensor(lvl=${level}, bdim=${bdim}, value=\n${value}\n)`;
  return `GradTrackingTensor(lvl=${level}, value=\n${value}\n)`;
}

function formatPlainTensor(t: Tensor): string {
  const prefix = 'tensor(';
  const indent = prefix.length;
  const suffixes: string[] = [];
  const device = t.device;
  const dtype = t.dtype;
  const shape = t.shape;
  const numel = shape.reduce((a, b) => a * b, 1);
  if (!device.startsWith('cpu')) suffixes.push(`device='${device}'`);
  let body: string;
  let forceNewline = false;
  const sparse = device === 'meta' ? null : sparseLayout(t);
  if (sparse !== null) {
    body = sparseStr(t, sparse, indent, dtype, shape, suffixes);
    forceNewline = sparse === 'sparse_coo';
  } else if (device === 'meta') {
    suffixes.push('size=' + sizeTuple(shape));
    if (dtype !== 'float32') suffixes.push(`dtype=torch.${dtype}`);
    body = '...';
  } else if (numel === 0) {
    if (shape.length !== 1) suffixes.push('size=' + sizeTuple(shape));
    if (dtype !== 'float32') suffixes.push(`dtype=torch.${dtype}`);
    body = '[]';
  } else {
    if (!PRINT_OPTS.edgeitems) suffixes.push('size=' + sizeTuple(shape));
    if (!DEFAULT_DTYPES.has(dtype)) suffixes.push(`dtype=torch.${dtype}`);
    body = tensorStr(t, indent, dtype);
  }
  if (sparse !== null) suffixes.push(`layout=torch.${sparse}`);
  const gradFn = t.gradFn;
  if (gradFn !== null) {
    // Python prints the node's type name: the C++ name without its namespace.
    const name = gradFn.name();
    const cut = name.lastIndexOf('::');
    suffixes.push(`grad_fn=<${cut < 0 ? name : name.slice(cut + 2)}>`);
  }
  else if (t.requiresGrad) suffixes.push('requires_grad=True');
  return addSuffixes(prefix, body, suffixes, indent, forceNewline);
}
