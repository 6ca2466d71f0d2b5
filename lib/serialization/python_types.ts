// The JS side of Python values that have no exact JS counterpart, and the marks that let a loaded
// value be saved back as the same Python type (a tuple stays a tuple, an OrderedDict an
// OrderedDict, an OrderedDict's attributes such as a state_dict's `_metadata` survive).

/** A Python `complex` (JS has no complex number). @example new PythonComplex(1, 2) */
export class PythonComplex {
  constructor(readonly real: number, readonly imag: number) {}
  toString(): string { return `(${this.real}${this.imag < 0 || Object.is(this.imag, -0) ? '-' : '+'}${Math.abs(this.imag)}j)`; }
}

/**
 * A reference to a Python class or function that was loaded with `weightsOnly: false` and is not
 * one torch-node knows (for example `argparse.Namespace` seen as a value). Nothing is imported or
 * run: it is only a name.
 * @example new PythonGlobal('argparse', 'Namespace').fullName // 'argparse.Namespace'
 */
export class PythonGlobal {
  constructor(readonly module: string, readonly name: string) {}
  get fullName(): string { return `${this.module}.${this.name}`; }
  toString(): string { return `<python ${this.fullName}>`; }
}

/**
 * An instance of a Python class that torch-node does not know, loaded with `weightsOnly: false`:
 * the class's name, the arguments its pickle passed to it, and the state its pickle set (what
 * Python's `__setstate__` would have received). Nothing of the class runs; saving it again writes
 * the same construction (class, arguments, state).
 * @example const ns = torch.load(f, { weightsOnly: false }).args; ns.state.get('lr')
 */
export class PythonObject {
  /** The state passed to Python's BUILD (`__setstate__`), usually an object of attributes. */
  state: unknown = undefined;
  /** Items appended after construction (list subclasses). */
  items: unknown[] = [];
  /** Key/value pairs set after construction (dict subclasses). */
  dictItems: [unknown, unknown][] = [];
  constructor(readonly pythonClass: PythonGlobal, readonly args: unknown[], readonly viaNew = false) {}
  toString(): string { return `<python ${this.pythonClass.fullName} object>`; }
}

const tuples = new WeakSet<object>();
const orderedDicts = new WeakSet<object>();
const attributesOf = new WeakMap<object, unknown>();

/**
 * Marks an array as a Python tuple for torch.save (arrays are saved as lists otherwise). Arrays
 * loaded from tuples carry the mark already. Returns the array.
 * @example torch.save({ betas: torch.serialization.asTuple([0.9, 0.999]) }, 'opt.pt')
 */
export function asTuple<T extends unknown[]>(array: T): T {
  if (!Array.isArray(array)) throw new TypeError('asTuple(array): array must be an array');
  tuples.add(array);
  return array;
}

/**
 * True for arrays loaded from a Python tuple or marked with asTuple.
 * @example torch.serialization.isTuple(torch.load(f).betas) // true
 */
export function isTuple(value: unknown): boolean {
  return typeof value === 'object' && value !== null && tuples.has(value);
}

/**
 * Marks an object or Map to be saved as a `collections.OrderedDict` (objects and Maps are saved as
 * `dict` otherwise, except state dicts: see docs/serialization.md). Loaded OrderedDicts carry the mark.
 * @example torch.save(torch.serialization.asOrderedDict({ a: 1 }), 'x.pt')
 */
export function asOrderedDict<T extends object>(dict: T): T {
  if (dict === null || typeof dict !== 'object') throw new TypeError('asOrderedDict(dict): dict must be an object or a Map');
  orderedDicts.add(dict);
  return dict;
}

/**
 * True for objects/Maps loaded from a Python OrderedDict or marked with asOrderedDict.
 * @example torch.serialization.isOrderedDict(torch.load('model.pt')) // true for a state_dict
 */
export function isOrderedDict(value: unknown): boolean {
  return typeof value === 'object' && value !== null && orderedDicts.has(value);
}

/** @internal the attributes a loaded OrderedDict had (a state_dict's `_metadata`), kept for saving. */
export function setDictAttributes(dict: object, attrs: unknown): void {
  attributesOf.set(dict, attrs);
}

/**
 * The Python attributes of a loaded OrderedDict, e.g. a state_dict's `{ _metadata: ... }`, or
 * undefined.
 * @example torch.serialization.dictAttributes(sd)?._metadata
 */
export function dictAttributes(dict: object): unknown {
  return attributesOf.get(dict);
}
