// Writes JS values as a protocol-2 pickle (what torch.save writes), with Python's memo so that
// shared objects stay shared and cycles through lists and dicts work. Tensors are written by the
// owner (lib/serialization/save.ts) through `tensor`, which emits their reduce with the opcode
// helpers below; everything else is mapped here (see docs/serialization.md, "Type mapping").
import { PythonComplex, PythonGlobal, PythonObject, dictAttributes, isOrderedDict, isTuple } from './python_types.js';
import { checkDense } from '../arrays.js';

export const OP = {
  MARK: 0x28, STOP: 0x2e, NONE: 0x4e, NEWTRUE: 0x88, NEWFALSE: 0x89, BININT1: 0x4b, BININT2: 0x4d, BININT: 0x4a,
  LONG1: 0x8a, LONG4: 0x8b, BINFLOAT: 0x47, BINUNICODE: 0x58, EMPTY_TUPLE: 0x29, TUPLE1: 0x85, TUPLE2: 0x86,
  TUPLE3: 0x87, TUPLE: 0x74, EMPTY_LIST: 0x5d, APPENDS: 0x65, EMPTY_DICT: 0x7d, SETITEMS: 0x75, BINPUT: 0x71,
  LONG_BINPUT: 0x72, BINGET: 0x68, LONG_BINGET: 0x6a, GLOBAL: 0x63, REDUCE: 0x52, NEWOBJ: 0x81, BUILD: 0x62,
  BINPERSID: 0x51, PROTO: 0x80, POP: 0x30,
} as const;

const BATCH = 1000;
const encoder = new TextEncoder();

/** How a value other than plain data is written: the owner handles tensors (and may rewrite objects). */
export interface PickleHooks {
  /** Writes a tensor (true), or returns false when v is not one. */
  tensor(v: unknown, p: Pickler, path: string): boolean;
  /** A replacement to write instead of a plain object (e.g. an optimizer state dict in PyTorch's keys). */
  rewriteObject?(v: Record<string, unknown>): unknown;
  /** Whether a plain object is written as a collections.OrderedDict. */
  orderedObject?(v: Record<string, unknown>): boolean;
}

export class Pickler {
  private buf = new Uint8Array(1 << 12);
  private view = new DataView(this.buf.buffer);
  private len = 0;
  private readonly memo = new Map<unknown, number>();
  private readonly globals = new Map<string, number>();
  private readonly strings = new Map<string, number>();
  /** Values written after their items (tuples, sets, Python objects' arguments): one reached through itself is refused. */
  private readonly inProgress = new Set<object>();
  private nextIndex = 0;

  constructor(private readonly hooks: PickleHooks) {}

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  op(code: number): void {
    this.reserve(1);
    this.buf[this.len++] = code;
  }

  private raw(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
  }

  private u32(n: number): void {
    this.reserve(4);
    this.view.setUint32(this.len, n, true);
    this.len += 4;
  }

  /** The finished pickle: PROTO 2, the value, STOP. */
  static dump(value: unknown, hooks: PickleHooks): Uint8Array {
    const p = new Pickler(hooks);
    p.op(OP.PROTO);
    p.op(2);
    p.value(value, 'obj');
    p.op(OP.STOP);
    return p.buf.subarray(0, p.len);
  }

  private put(obj: unknown): void {
    const i = this.nextIndex++;
    this.memo.set(obj, i);
    this.putIndex(i);
  }

  private putIndex(i: number): void {
    if (i < 256) {
      this.op(OP.BINPUT);
      this.op(i);
    } else {
      this.op(OP.LONG_BINPUT);
      this.u32(i);
    }
  }

  private get(i: number): void {
    if (i < 256) {
      this.op(OP.BINGET);
      this.op(i);
    } else {
      this.op(OP.LONG_BINGET);
      this.u32(i);
    }
  }

  /** Writes `obj` from the memo when it was written before (returns true), else nothing. */
  memoized(obj: unknown): boolean {
    const i = this.memo.get(obj);
    if (i === undefined) return false;
    this.get(i);
    return true;
  }

  /** Records the value on the stack top as `obj` in the memo. */
  remember(obj: unknown): void {
    this.put(obj);
  }

  global(module: string, name: string): void {
    const key = `${module}\n${name}\n`;
    const i = this.globals.get(key);
    if (i !== undefined) {
      this.get(i);
      return;
    }
    this.op(OP.GLOBAL);
    this.raw(encoder.encode(key));
    const idx = this.nextIndex++;
    this.globals.set(key, idx);
    this.putIndex(idx);
  }

  string(s: string): void {
    const i = this.strings.get(s);
    if (i !== undefined) {
      this.get(i);
      return;
    }
    const b = encoder.encode(s);
    this.op(OP.BINUNICODE);
    this.u32(b.length);
    this.raw(b);
    if (s.length <= 64) {
      const idx = this.nextIndex++;
      this.strings.set(s, idx);
      this.putIndex(idx);
    }
  }

  int(n: number | bigint): void {
    if (typeof n === 'number' && n >= 0 && n < 256) {
      this.op(OP.BININT1);
      this.op(n);
    } else if (typeof n === 'number' && n >= 0 && n < 65536) {
      this.op(OP.BININT2);
      this.reserve(2);
      this.view.setUint16(this.len, n, true);
      this.len += 2;
    } else if (typeof n === 'number' && n >= -(2 ** 31) && n < 2 ** 31) {
      this.op(OP.BININT);
      this.reserve(4);
      this.view.setInt32(this.len, n, true);
      this.len += 4;
    } else {
      let v = BigInt(n);
      const bytes: number[] = [];
      // Two's complement, little-endian, as short as Python's encode_long.
      for (;;) {
        const byte = Number(v & 0xffn);
        bytes.push(byte);
        v >>= 8n;
        if ((v === 0n && (byte & 0x80) === 0) || (v === -1n && (byte & 0x80) !== 0)) break;
      }
      if (bytes.length < 256) {
        this.op(OP.LONG1);
        this.op(bytes.length);
      } else {
        this.op(OP.LONG4);
        this.u32(bytes.length);
      }
      this.raw(Uint8Array.from(bytes));
    }
  }

  float(x: number): void {
    this.op(OP.BINFLOAT);
    this.reserve(8);
    this.view.setFloat64(this.len, x, false);
    this.len += 8;
  }

  bool(b: boolean): void {
    this.op(b ? OP.NEWTRUE : OP.NEWFALSE);
  }

  /** A tuple of already-written items: `write()` runs the writers, then TUPLE. */
  tuple(items: (() => void)[]): void {
    if (items.length === 0) {
      this.op(OP.EMPTY_TUPLE);
      return;
    }
    if (items.length <= 3) {
      for (const w of items) w();
      this.op([OP.TUPLE1, OP.TUPLE2, OP.TUPLE3][items.length - 1]!);
      return;
    }
    this.op(OP.MARK);
    for (const w of items) w();
    this.op(OP.TUPLE);
  }

  /** collections.OrderedDict() (empty), remembered as `obj` when given. */
  emptyOrderedDict(obj?: unknown): void {
    this.global('collections', 'OrderedDict');
    this.op(OP.EMPTY_TUPLE);
    this.op(OP.REDUCE);
    if (obj !== undefined) this.put(obj);
  }

  private setItems(entries: Iterable<[unknown, unknown]>, path: string, keyIsString: boolean): void {
    let n = 0;
    for (const [k, v] of entries) {
      if (n === 0) this.op(OP.MARK);
      if (keyIsString) this.string(k as string);
      else this.value(k, `${path} key`);
      this.value(v, keyIsString ? `${path}.${String(k)}` : `${path}[${String(k)}]`);
      if (++n === BATCH) {
        this.op(OP.SETITEMS);
        n = 0;
      }
    }
    if (n > 0) this.op(OP.SETITEMS);
  }

  private dict(obj: object, entries: Iterable<[unknown, unknown]>, ordered: boolean, path: string, keyIsString: boolean): void {
    if (ordered) this.emptyOrderedDict(obj);
    else {
      this.op(OP.EMPTY_DICT);
      this.put(obj);
    }
    this.setItems(entries, path, keyIsString);
    const attrs = ordered ? dictAttributes(obj) : undefined;
    if (attrs !== undefined && attrs !== null) {
      this.value(attrs, `${path} attributes`);
      this.op(OP.BUILD);
    }
  }

  private enter(o: object, what: string, path: string): void {
    if (this.inProgress.has(o)) throw new TypeError(`torch.save: ${what} cannot contain itself (at ${path}); Python could not build it`);
    this.inProgress.add(o);
  }

  /** Writes any supported JS value; `path` names it in errors (`obj.model.weight`). */
  value(v: unknown, path: string): void {
    if (v === null || v === undefined) {
      this.op(OP.NONE);
      return;
    }
    switch (typeof v) {
      case 'boolean': this.bool(v); return;
      case 'number':
        if (Number.isInteger(v) && !Object.is(v, -0)) this.int(v);
        else this.float(v);
        return;
      case 'bigint': this.int(v); return;
      case 'string': this.string(v); return;
      case 'object': break;
      default:
        throw new TypeError(`torch.save: cannot save a ${typeof v} (at ${path})`);
    }
    const o = v as object;
    if (this.memoized(o)) return;
    if (this.hooks.tensor(o, this, path)) return;
    if (Array.isArray(o)) {
      // A sparse array has no Python form, and walking one of length 2^32 - 1 would never end.
      checkDense(`torch.save: the array at ${path}`, o);
      if (isTuple(o)) {
        this.enter(o, 'a tuple', path);
        this.tuple(o.map((x, i) => () => this.value(x, `${path}[${i}]`)));
        this.inProgress.delete(o);
        // Python memoizes the tuple after its items; a tuple reached through its own items was refused above.
        if (!this.memo.has(o)) this.put(o);
        return;
      }
      this.op(OP.EMPTY_LIST);
      this.put(o);
      for (let start = 0; start < o.length; start += BATCH) {
        this.op(OP.MARK);
        const end = Math.min(o.length, start + BATCH);
        for (let i = start; i < end; i++) this.value(o[i], `${path}[${i}]`);
        this.op(OP.APPENDS);
      }
      return;
    }
    if (o instanceof Map) {
      this.dict(o, o.entries(), isOrderedDict(o), path, false);
      return;
    }
    if (o instanceof Set) {
      this.enter(o, 'a Set', path);
      this.global('__builtin__', 'set');
      this.op(OP.EMPTY_LIST);
      const items = [...o];
      if (items.length > 0) {
        this.op(OP.MARK);
        items.forEach((x, i) => this.value(x, `${path} item ${i}`));
        this.op(OP.APPENDS);
      }
      this.op(OP.TUPLE1);
      this.op(OP.REDUCE);
      this.inProgress.delete(o);
      this.put(o);
      return;
    }
    if (o instanceof Uint8Array && (o.constructor === Uint8Array || Buffer.isBuffer(o))) {
      // Python's protocol-2 spelling of bytes: _codecs.encode(latin-1 text, 'latin1').
      this.global('_codecs', 'encode');
      this.string(Buffer.from(o.buffer, o.byteOffset, o.byteLength).toString('latin1'));
      this.string('latin1');
      this.op(OP.TUPLE2);
      this.op(OP.REDUCE);
      this.put(o);
      return;
    }
    if (o instanceof PythonComplex) {
      this.global('__builtin__', 'complex');
      this.float(o.real);
      this.float(o.imag);
      this.op(OP.TUPLE2);
      this.op(OP.REDUCE);
      this.put(o);
      return;
    }
    if (o instanceof PythonGlobal) {
      this.global(o.module, o.name);
      return;
    }
    if (o instanceof PythonObject) {
      this.enter(o, 'a PythonObject (through its arguments)', path);
      this.global(o.pythonClass.module, o.pythonClass.name);
      this.tuple(o.args.map((x, i) => () => this.value(x, `${path}.args[${i}]`)));
      this.op(o.viaNew ? OP.NEWOBJ : OP.REDUCE);
      this.inProgress.delete(o);
      this.put(o);
      if (o.items.length > 0) {
        this.op(OP.MARK);
        o.items.forEach((x, i) => this.value(x, `${path}.items[${i}]`));
        this.op(OP.APPENDS);
      }
      if (o.dictItems.length > 0) {
        this.op(OP.MARK);
        for (const [k, x] of o.dictItems) {
          this.value(k, `${path} key`);
          this.value(x, `${path}[${String(k)}]`);
        }
        this.op(OP.SETITEMS);
      }
      if (o.state !== undefined) {
        this.value(o.state, `${path}.state`);
        this.op(OP.BUILD);
      }
      return;
    }
    const proto = Object.getPrototypeOf(o);
    if (proto === Object.prototype || proto === null) {
      const rec = o as Record<string, unknown>;
      const rewritten = this.hooks.rewriteObject?.(rec);
      if (rewritten !== undefined && rewritten !== rec) {
        this.value(rewritten, path);
        // Later references to the original object refer to the written replacement.
        const i = this.memo.get(rewritten);
        if (i !== undefined) this.memo.set(o, i);
        return;
      }
      const ordered = isOrderedDict(rec) || (this.hooks.orderedObject?.(rec) ?? false);
      this.dict(rec, Object.entries(rec), ordered, path, true);
      return;
    }
    const name = (o as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    throw new TypeError(`torch.save: cannot save a ${name} (at ${path}); supported: tensors, numbers, bigints, strings, ` +
      'booleans, null/undefined, arrays, plain objects, Maps, Sets, Uint8Arrays/Buffers (see docs/serialization.md)');
  }
}
