// Guards for user arrays walked by index up to their `length`. A sparse array such as
// `Object.assign([], { length: 2 ** 32 - 1 })` costs nothing to make, yet reading it element by
// element takes billions of steps: callers compare `length` to a bound first, and stop at the
// first hole (a hole reads as undefined, told from a stored undefined by `i in array` only then,
// so dense arrays pay one comparison per element).

/** The error for a hole at `index` of an array of `length` elements named `what`. */
export function holeError(what: string, index: number, length: number): TypeError {
  return new TypeError(`${what}: the array has a hole at index ${index} (a sparse array of length ${length}); arrays must be dense`);
}

/**
 * Throws holeError at the first hole of `a`, before map(), forEach(), every(), some() or a spread
 * walk it: those visit every index below `length` (the array methods skip holes, still one step
 * each; a spread makes an undefined of each), so a sparse array would take billions of steps.
 */
export function checkDense(what: string, a: readonly unknown[]): void {
  const n = a.length;
  for (let i = 0; i < n; i++) if (a[i] === undefined && !(i in a)) throw holeError(what, i, n);
}
