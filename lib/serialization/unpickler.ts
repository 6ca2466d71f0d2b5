// A pickle reader that never runs code: it is a stack machine over the opcodes of protocols 0-5
// whose only way to make anything but plain data is the `resolver` (lib/serialization/allowlist.ts),
// which decides what each GLOBAL / REDUCE / NEWOBJ / BUILD may produce. Dicts are read as Maps
// (Python keys can be anything) and turned into plain objects where exact, at the end (finish()).
import { PythonGlobal, PythonObject, asOrderedDict, asTuple, dictAttributes, isOrderedDict, isTuple, setDictAttributes } from './python_types.js';

/**
 * What torch.load throws for a corrupt, truncated or refused pickle (PyTorch's
 * `pickle.UnpicklingError`).
 * @example try { torch.load(f) } catch (e) { if (e instanceof torch.serialization.UnpicklingError) ... }
 */
export class UnpicklingError extends Error {
  override name = 'UnpicklingError';
}

/** What the unpickler asks of its owner (torch.load): every point where Python would run code. */
export interface PickleResolver {
  /** GLOBAL module.name: the value to push (a PythonGlobal, or something the resolver knows), or throw. */
  global(module: string, name: string): unknown;
  /** REDUCE: callable(...args). */
  reduce(callable: unknown, args: unknown[]): unknown;
  /** NEWOBJ: cls.__new__(cls, *args). */
  newObject(cls: unknown, args: unknown[], kwargs?: Map<unknown, unknown>): unknown;
  /** BUILD: inst.__setstate__(state); returns the (possibly replaced) instance. */
  build(inst: unknown, state: unknown): unknown;
  /** BINPERSID / PERSID. */
  persistentLoad(pid: unknown): unknown;
  /**
   * BINSTRING (Python 2's `str`, read as latin1 text by default), for readers that want large
   * ones as bytes (NumPy arrays' raw data in Python 2 pickles).
   */
  binString?(bytes: Uint8Array): unknown;
}

const MARK = Symbol('mark');

/** Marks Maps that are Python dicts (all Maps an unpickle makes are). */
const pyDicts = new WeakSet<Map<unknown, unknown>>();

/** A new empty Python dict (a Map until finish()). */
export function newDict(ordered = false): Map<unknown, unknown> {
  const m = new Map<unknown, unknown>();
  pyDicts.add(m);
  if (ordered) asOrderedDict(m);
  return m;
}

export function isPyDict(v: unknown): v is Map<unknown, unknown> {
  return v instanceof Map && pyDicts.has(v);
}

/** Python ints: a number when exact, else a bigint. */
export function pyInt(v: bigint): number | bigint {
  return v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v;
}

/** Dict keys: tuples are compared by value in Python; here a tuple key is its own identity. */
function dictKey(k: unknown): unknown {
  return typeof k === 'bigint' && k >= -9007199254740991n && k <= 9007199254740991n ? Number(k) : k;
}

export class Unpickler {
  private pos = 0;
  private stack: unknown[] = [];
  private readonly marks: number[] = [];
  private readonly memo = new Map<number, unknown>();
  private readonly view: DataView;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(private readonly data: Uint8Array, private readonly resolver: PickleResolver, start = 0) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    this.pos = start;
  }

  /** Where reading stopped: just after STOP once load() returned (the legacy format has pickles back to back). */
  get position(): number {
    return this.pos;
  }

  private fail(message: string): never {
    throw new UnpicklingError(`torch.load: ${message} (pickle byte ${this.pos})`);
  }

  private need(n: number): number {
    if (n < 0 || this.pos + n > this.data.length) this.fail('the pickle is truncated');
    const at = this.pos;
    this.pos += n;
    return at;
  }

  private u8(): number { return this.data[this.need(1)]!; }
  private u16(): number { return this.view.getUint16(this.need(2), true); }
  private u32(): number { return this.view.getUint32(this.need(4), true); }
  private u64(): number {
    const lo = this.view.getUint32(this.need(8), true);
    const hi = this.view.getUint32(this.pos - 4, true);
    const n = hi * 2 ** 32 + lo;
    if (n > this.data.length) this.fail(`a length of ${n} bytes runs past the pickle`);
    return n;
  }
  private bytes(n: number): Uint8Array {
    if (n > this.data.length - this.pos) this.fail(`a length of ${n} bytes runs past the pickle`);
    const at = this.need(n);
    return this.data.subarray(at, at + n);
  }
  private line(): string {
    const end = this.data.indexOf(0x0a, this.pos);
    if (end < 0) this.fail('the pickle is truncated (a text opcode has no newline)');
    const s = Buffer.from(this.data.subarray(this.pos, end)).toString('latin1');
    this.pos = end + 1;
    return s;
  }
  private utf8(b: Uint8Array): string {
    try {
      return this.decoder.decode(b);
    } catch {
      // Python's "surrogatepass": lone surrogates encoded as UTF-8. Rare; decode leniently.
      return Buffer.from(b).toString('utf8');
    }
  }

  private pop(): unknown {
    if (this.stack.length === 0 || (this.marks.length > 0 && this.stack.length <= this.marks[this.marks.length - 1]!)) {
      this.fail('the pickle pops an empty stack');
    }
    return this.stack.pop();
  }
  private top(): unknown {
    if (this.stack.length === 0) this.fail('the pickle reads an empty stack');
    return this.stack[this.stack.length - 1];
  }
  private popMark(): unknown[] {
    const m = this.marks.pop();
    if (m === undefined) this.fail('the pickle has no MARK to pop to');
    return this.stack.splice(m);
  }
  private memoGet(i: number): unknown {
    if (!this.memo.has(i)) this.fail(`memo entry ${i} does not exist`);
    return this.memo.get(i);
  }
  private memoPut(i: number): void {
    this.memo.set(i, this.top());
  }
  private setItem(target: unknown, k: unknown, v: unknown): void {
    if (isPyDict(target)) target.set(dictKey(k), v);
    else if (target instanceof PythonObject) target.dictItems.push([k, v]);
    else this.fail(`SETITEM on ${describe(target)}, which is not a dict`);
  }
  private append(target: unknown, v: unknown): void {
    if (Array.isArray(target) && !isTuple(target)) target.push(v);
    else if (target instanceof PythonObject) target.items.push(v);
    else this.fail(`APPEND on ${describe(target)}, which is not a list`);
  }
  private tuple(items: unknown[]): unknown[] {
    return asTuple(items);
  }
  private longFromBytes(b: Uint8Array): number | bigint {
    if (b.length === 0) return 0;
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    if (b[b.length - 1]! & 0x80) v -= 1n << BigInt(8 * b.length);
    return pyInt(v);
  }

  /** Reads the pickle: the value STOP returns, with dicts still Maps (see finish()). */
  load(): unknown {
    const d = this.data;
    for (;;) {
      if (this.pos >= d.length) this.fail('the pickle ends before its STOP opcode');
      const op = d[this.pos++]!;
      switch (op) {
        case 0x80: { // PROTO
          const proto = this.u8();
          if (proto > 5) this.fail(`unsupported pickle protocol ${proto}`);
          break;
        }
        case 0x95: this.need(8); break; // FRAME: framing is irrelevant with the whole pickle in memory
        case 0x2e: { // STOP
          if (this.stack.length === 0) this.fail('the pickle stops with an empty stack');
          return this.stack.pop();
        }
        case 0x28: this.marks.push(this.stack.length); break; // MARK
        case 0x30: this.pop(); break; // POP
        case 0x31: this.popMark(); break; // POP_MARK
        case 0x32: this.stack.push(this.top()); break; // DUP
        case 0x4e: this.stack.push(null); break; // NONE
        case 0x88: this.stack.push(true); break; // NEWTRUE
        case 0x89: this.stack.push(false); break; // NEWFALSE
        case 0x4b: this.stack.push(this.u8()); break; // BININT1
        case 0x4d: this.stack.push(this.u16()); break; // BININT2
        case 0x4a: this.stack.push(this.view.getInt32(this.need(4), true)); break; // BININT
        case 0x8a: this.stack.push(this.longFromBytes(this.bytes(this.u8()))); break; // LONG1
        case 0x8b: { // LONG4
          const n = this.view.getInt32(this.need(4), true);
          if (n < 0) this.fail('LONG4 with a negative length');
          this.stack.push(this.longFromBytes(this.bytes(n)));
          break;
        }
        case 0x47: this.stack.push(this.view.getFloat64(this.need(8), false)); break; // BINFLOAT
        case 0x49: { // INT (text)
          const s = this.line();
          if (s === '01') this.stack.push(true);
          else if (s === '00') this.stack.push(false);
          else this.stack.push(this.parseInt(s));
          break;
        }
        case 0x4c: this.stack.push(this.parseInt(this.line().replace(/L$/, ''))); break; // LONG (text)
        case 0x46: { // FLOAT (text)
          const s = this.line();
          const f = Number(s);
          if (Number.isNaN(f) && !/^[-+]?nan$/i.test(s.trim())) this.fail(`FLOAT ${JSON.stringify(s)} is not a number`);
          this.stack.push(f);
          break;
        }
        case 0x58: this.stack.push(this.utf8(this.bytes(this.u32()))); break; // BINUNICODE
        case 0x8c: this.stack.push(this.utf8(this.bytes(this.u8()))); break; // SHORT_BINUNICODE
        case 0x8d: this.stack.push(this.utf8(this.bytes(this.u64()))); break; // BINUNICODE8
        case 0x56: this.stack.push(rawUnicodeEscape(this.line())); break; // UNICODE (text)
        case 0x55: this.stack.push(Buffer.from(this.bytes(this.u8())).toString('latin1')); break; // SHORT_BINSTRING
        case 0x54: { // BINSTRING
          const n = this.view.getInt32(this.need(4), true);
          if (n < 0) this.fail('BINSTRING with a negative length');
          const b = this.bytes(n);
          this.stack.push(this.resolver.binString === undefined ? Buffer.from(b).toString('latin1') : this.resolver.binString(b));
          break;
        }
        case 0x53: this.stack.push(pythonStringLiteral(this.line(), (m) => this.fail(m))); break; // STRING (text)
        case 0x43: this.stack.push(Buffer.from(this.bytes(this.u8()))); break; // SHORT_BINBYTES
        case 0x42: this.stack.push(Buffer.from(this.bytes(this.u32()))); break; // BINBYTES
        case 0x8e: this.stack.push(Buffer.from(this.bytes(this.u64()))); break; // BINBYTES8
        case 0x96: this.stack.push(Buffer.from(this.bytes(this.u64()))); break; // BYTEARRAY8
        case 0x29: this.stack.push(this.tuple([])); break; // EMPTY_TUPLE
        case 0x85: this.stack.push(this.tuple([this.pop()])); break; // TUPLE1
        case 0x86: { const b = this.pop(); const a = this.pop(); this.stack.push(this.tuple([a, b])); break; } // TUPLE2
        case 0x87: { const c = this.pop(); const b = this.pop(); const a = this.pop(); this.stack.push(this.tuple([a, b, c])); break; } // TUPLE3
        case 0x74: this.stack.push(this.tuple(this.popMark())); break; // TUPLE
        case 0x5d: this.stack.push([]); break; // EMPTY_LIST
        case 0x6c: this.stack.push(this.popMark()); break; // LIST
        case 0x7d: this.stack.push(newDict()); break; // EMPTY_DICT
        case 0x64: { // DICT
          const items = this.popMark();
          const m = newDict();
          for (let i = 0; i + 1 < items.length; i += 2) m.set(dictKey(items[i]), items[i + 1]);
          this.stack.push(m);
          break;
        }
        case 0x8f: this.stack.push(new Set()); break; // EMPTY_SET
        case 0x90: { // ADDITEMS
          const items = this.popMark();
          const s = this.top();
          if (!(s instanceof Set)) this.fail('ADDITEMS on something that is not a set');
          for (const x of items) s.add(x);
          break;
        }
        case 0x91: this.stack.push(new Set(this.popMark())); break; // FROZENSET
        case 0x61: { const v = this.pop(); this.append(this.top(), v); break; } // APPEND
        case 0x65: { // APPENDS
          const items = this.popMark();
          const target = this.top();
          for (const v of items) this.append(target, v);
          break;
        }
        case 0x73: { const v = this.pop(); const k = this.pop(); this.setItem(this.top(), k, v); break; } // SETITEM
        case 0x75: { // SETITEMS
          const items = this.popMark();
          if (items.length % 2 !== 0) this.fail('SETITEMS with an odd number of items');
          const target = this.top();
          for (let i = 0; i < items.length; i += 2) this.setItem(target, items[i], items[i + 1]);
          break;
        }
        case 0x70: { // PUT (text)
          const i = Number(this.line());
          if (!Number.isSafeInteger(i) || i < 0) this.fail('PUT with an invalid index');
          this.memoPut(i);
          break;
        }
        case 0x71: this.memoPut(this.u8()); break; // BINPUT
        case 0x72: this.memoPut(this.u32()); break; // LONG_BINPUT
        case 0x94: this.memoPut(this.memo.size); break; // MEMOIZE
        case 0x67: { // GET (text)
          const i = Number(this.line());
          if (!Number.isSafeInteger(i)) this.fail('GET with an invalid index');
          this.stack.push(this.memoGet(i));
          break;
        }
        case 0x68: this.stack.push(this.memoGet(this.u8())); break; // BINGET
        case 0x6a: this.stack.push(this.memoGet(this.u32())); break; // LONG_BINGET
        case 0x63: { // GLOBAL
          const module = this.line();
          const name = this.line();
          this.stack.push(this.resolver.global(module, name));
          break;
        }
        case 0x93: { // STACK_GLOBAL
          const name = this.pop();
          const module = this.pop();
          if (typeof module !== 'string' || typeof name !== 'string') this.fail('STACK_GLOBAL needs two strings');
          this.stack.push(this.resolver.global(module, name));
          break;
        }
        case 0x52: { // REDUCE
          const args = this.pop();
          const fn = this.pop();
          if (!Array.isArray(args)) this.fail('REDUCE arguments are not a tuple');
          this.stack.push(this.resolver.reduce(fn, args));
          break;
        }
        case 0x81: { // NEWOBJ
          const args = this.pop();
          const cls = this.pop();
          if (!Array.isArray(args)) this.fail('NEWOBJ arguments are not a tuple');
          this.stack.push(this.resolver.newObject(cls, args));
          break;
        }
        case 0x92: { // NEWOBJ_EX
          const kwargs = this.pop();
          const args = this.pop();
          const cls = this.pop();
          if (!Array.isArray(args) || !isPyDict(kwargs)) this.fail('NEWOBJ_EX needs a tuple and a dict');
          this.stack.push(this.resolver.newObject(cls, args, kwargs));
          break;
        }
        case 0x62: { // BUILD
          const state = this.pop();
          const inst = this.pop();
          this.stack.push(this.resolver.build(inst, state));
          break;
        }
        case 0x51: this.stack.push(this.resolver.persistentLoad(this.pop())); break; // BINPERSID
        case 0x50: this.stack.push(this.resolver.persistentLoad(this.line())); break; // PERSID
        case 0x69: // INST
        case 0x6f: // OBJ
          this.fail(`the protocol-0 opcode ${op === 0x69 ? 'INST' : 'OBJ'} (old-style class instances) is not supported`);
        // eslint-disable-next-line no-fallthrough
        case 0x82: case 0x83: case 0x84: // EXT1/2/4
          this.fail('extension-registry opcodes (EXT1/EXT2/EXT4) are not supported');
        // eslint-disable-next-line no-fallthrough
        case 0x97: case 0x98: // NEXT_BUFFER, READONLY_BUFFER
          this.fail('out-of-band buffers (pickle protocol 5) are not supported');
        // eslint-disable-next-line no-fallthrough
        default:
          this.pos--;
          this.fail(`unknown pickle opcode 0x${op.toString(16).padStart(2, '0')}`);
      }
    }
  }

  private parseInt(s: string): number | bigint {
    const t = s.trim();
    if (!/^[-+]?\d+$/.test(t)) this.fail(`${JSON.stringify(s)} is not an integer`);
    return pyInt(BigInt(t));
  }
}

function describe(v: unknown): string {
  if (v === null) return 'None';
  if (Array.isArray(v)) return isTuple(v) ? 'a tuple' : 'a list';
  if (v instanceof PythonGlobal) return v.fullName;
  return typeof v === 'object' ? (v as object).constructor?.name ?? 'an object' : typeof v;
}

function rawUnicodeEscape(s: string): string {
  return s.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_m, a: string | undefined, b: string | undefined) =>
    String.fromCodePoint(parseInt((a ?? b)!, 16)));
}

function pythonStringLiteral(line: string, fail: (m: string) => never): string {
  const s = line.trim();
  const q = s[0];
  if (s.length < 2 || (q !== '"' && q !== "'") || s[s.length - 1] !== q) fail('STRING opcode argument is not quoted');
  const body = s.slice(1, -1);
  return body.replace(/\\(x[0-9a-fA-F]{2}|[0-7]{1,3}|.)/g, (_m, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return ({ n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v' } as Record<string, string>)[e] ?? `\\${e}`;
  });
}

const ARRAY_INDEX = /^(0|[1-9]\d*)$/;

function canBePlainObject(m: Map<unknown, unknown>): boolean {
  for (const k of m.keys()) {
    // Integer-like keys would be reordered by JS (and '4294967295' and up are not indices, but
    // the rule stays simple): such dicts stay Maps so that order is kept.
    if (typeof k !== 'string' || ARRAY_INDEX.test(k)) return false;
  }
  return true;
}

/**
 * Turns the Maps an unpickle made into their JS form (a plain object when every key is a string
 * that JS keeps in order, else a Map), recursively, keeping shared references shared and cycles
 * intact. Tuples stay marked, OrderedDicts too (and their attributes are kept on the side).
 */
export function finish(root: unknown, convertLeaf: (v: unknown) => unknown): unknown {
  const done = new Map<object, unknown>();
  const visit = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (done.has(v)) return done.get(v);
    if (isPyDict(v)) {
      const ordered = isOrderedDict(v);
      const attrs = dictAttributes(v);
      let out: Record<string, unknown> | Map<unknown, unknown>;
      if (canBePlainObject(v)) {
        const o: Record<string, unknown> = {};
        done.set(v, o);
        for (const [k, x] of v) Object.defineProperty(o, k as string, { value: visit(x), writable: true, enumerable: true, configurable: true });
        out = o;
      } else {
        const m = new Map<unknown, unknown>();
        done.set(v, m);
        for (const [k, x] of v) m.set(visit(k), visit(x));
        out = m;
      }
      if (ordered) asOrderedDict(out);
      if (attrs !== undefined) setDictAttributes(out, visit(attrs));
      return out;
    }
    if (Array.isArray(v)) {
      done.set(v, v);
      for (let i = 0; i < v.length; i++) v[i] = visit(v[i]);
      return v;
    }
    if (v instanceof Set) {
      const s = new Set<unknown>();
      done.set(v, s);
      for (const x of v) s.add(visit(x));
      return s;
    }
    if (v instanceof PythonObject) {
      done.set(v, v);
      for (let i = 0; i < v.args.length; i++) v.args[i] = visit(v.args[i]);
      for (let i = 0; i < v.items.length; i++) v.items[i] = visit(v.items[i]);
      for (const pair of v.dictItems) {
        pair[0] = visit(pair[0]);
        pair[1] = visit(pair[1]);
      }
      v.state = visit(v.state);
      return v;
    }
    const leaf = convertLeaf(v);
    done.set(v, leaf);
    return leaf;
  };
  return visit(root);
}

/** @internal a dict's attributes from BUILD (OrderedDict's `__dict__`), converted like the rest. */
export function keepDictAttributes(dict: Map<unknown, unknown>, state: unknown): void {
  setDictAttributes(dict, state);
}
