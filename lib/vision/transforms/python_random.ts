// Python's `random` module (the Mersenne Twister MT19937 with CPython's seeding and its
// random/getrandbits/shuffle/choices), for the few torchvision transforms that draw from Python's
// `random` rather than from torch: RandomChoice (random.choices) and RandomOrder (random.shuffle).
// `random.seed(n)` here and in Python give the same draws, so a port that seeds both gives
// torchvision's choices; torch.manualSeed does not touch this generator, as in Python.
import { randomBytes } from 'node:crypto';
import { argTypeError } from '../../validate.js';

const N = 624;
const M = 397;

/**
 * A generator with the draws of Python's `random.Random`: the same seed gives the same
 * `random()`, `getrandbits(k)`, `randbelow(n)`, `shuffle(list)` and `choices(...)` as CPython.
 * @example
 * const r = new PythonRandom(0);
 * r.random() // 0.8444218515250481, as Python's random.seed(0); random.random()
 */
export class PythonRandom {
  readonly #mt = new Uint32Array(N);
  #mti = N + 1;

  /**
   * A generator seeded with `seed` (as `random.Random(seed)`), or from the operating system's
   * randomness when no seed is given.
   * @example new PythonRandom(42)
   */
  constructor(seed?: number | bigint) { this.seed(seed); }

  /**
   * Reseeds, as Python's `random.seed(a)` for an integer `a` (all its bits, its sign ignored);
   * without a seed, from the operating system's randomness.
   * @example transforms.random.seed(0)
   */
  seed(a?: number | bigint): void {
    let n: bigint;
    if (a === undefined || a === null) n = BigInt(`0x${randomBytes(32).toString('hex')}`);
    else if (typeof a === 'bigint') n = a;
    else if (typeof a === 'number' && Number.isSafeInteger(a)) n = BigInt(a);
    else throw argTypeError('random.seed', 'a', 'an integer (number or bigint)', a);
    if (n < 0n) n = -n;
    // CPython: the absolute value as 32-bit words, least significant first (at least one).
    const key: number[] = [];
    do { key.push(Number(n & 0xffffffffn)); n >>= 32n; } while (n > 0n);
    this.#initByArray(key);
  }

  #initGenrand(s: number): void {
    const mt = this.#mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.#mti = N;
  }

  #initByArray(key: readonly number[]): void {
    const mt = this.#mt;
    this.#initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = ((mt[i]! ^ Math.imul(prev, 1664525)) + key[j]! + j) >>> 0;
      i++; j++;
      if (i >= N) { mt[0] = mt[N - 1]!; i = 1; }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = ((mt[i]! ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) { mt[0] = mt[N - 1]!; i = 1; }
    }
    mt[0] = 0x80000000;
    this.#mti = N;
  }

  /** The next 32 random bits as an unsigned integer (MT19937's genrand_uint32). */
  #next(): number {
    const mt = this.#mt;
    if (this.#mti >= N) {
      let kk = 0;
      for (; kk < N - M; kk++) {
        const y = (mt[kk]! & 0x80000000) | (mt[kk + 1]! & 0x7fffffff);
        mt[kk] = mt[kk + M]! ^ (y >>> 1) ^ ((y & 1) * 0x9908b0df);
      }
      for (; kk < N - 1; kk++) {
        const y = (mt[kk]! & 0x80000000) | (mt[kk + 1]! & 0x7fffffff);
        mt[kk] = mt[kk + (M - N)]! ^ (y >>> 1) ^ ((y & 1) * 0x9908b0df);
      }
      const y = (mt[N - 1]! & 0x80000000) | (mt[0]! & 0x7fffffff);
      mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ ((y & 1) * 0x9908b0df);
      this.#mti = 0;
    }
    let y = mt[this.#mti++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * A float in [0, 1) with 53 random bits, as Python's `random.random()`.
   * @example transforms.random.random()
   */
  random(): number {
    const a = this.#next() >>> 5;
    const b = this.#next() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /**
   * A non-negative integer of `k` random bits (k <= 53 here), as Python's `random.getrandbits(k)`.
   * @example transforms.random.getrandbits(8)
   */
  getrandbits(k: number): number {
    if (!Number.isInteger(k) || k < 0 || k > 53) throw argTypeError('random.getrandbits', 'k', 'an integer in [0, 53]', k);
    if (k === 0) return 0;
    if (k <= 32) return this.#next() >>> (32 - k);
    // Words least significant first; the last one keeps its top bits (CPython's _random_getrandbits).
    const low = this.#next();
    const high = this.#next() >>> (64 - k);
    return high * 4294967296 + low;
  }

  /**
   * An integer in [0, n), as Python's `random._randbelow(n)` (getrandbits with rejection).
   * @example transforms.random.randbelow(10)
   */
  randbelow(n: number): number {
    if (!Number.isSafeInteger(n) || n <= 0) throw argTypeError('random.randbelow', 'n', 'a positive integer', n);
    const k = Math.floor(Math.log2(n)) + 1;
    let r = this.getrandbits(k);
    while (r >= n) r = this.getrandbits(k);
    return r;
  }

  /**
   * Shuffles `x` in place, as Python's `random.shuffle(x)`.
   * @example const order = [0, 1, 2, 3]; transforms.random.shuffle(order);
   */
  shuffle<T>(x: T[]): void {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.randbelow(i + 1);
      const t = x[i]!;
      x[i] = x[j]!;
      x[j] = t;
    }
  }

  /**
   * `k` elements drawn with replacement, optionally weighted, as Python's
   * `random.choices(population, weights, k=k)`.
   * @example transforms.random.choices(['a', 'b', 'c'], [1, 1, 2])
   */
  choices<T>(population: readonly T[], weights?: readonly number[] | null, k = 1): T[] {
    const n = population.length;
    const out: T[] = [];
    if (weights === undefined || weights === null) {
      for (let i = 0; i < k; i++) out.push(population[Math.floor(this.random() * n)]!);
      return out;
    }
    const cum: number[] = [];
    let acc = 0;
    for (const w of weights) { acc += w; cum.push(acc); }
    if (cum.length !== n) throw new RangeError('The number of weights does not match the population');
    const total = cum[n - 1]!;
    if (!(total > 0)) throw new RangeError('Total of weights must be greater than zero');
    if (!Number.isFinite(total)) throw new RangeError('Total of weights must be finite');
    for (let i = 0; i < k; i++) {
      // bisect_right(cum, x, 0, n - 1)
      const x = this.random() * total;
      let lo = 0;
      let hi = n - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (x < cum[mid]!) hi = mid; else lo = mid + 1;
      }
      out.push(population[lo]!);
    }
    return out;
  }
}

/**
 * The generator behind RandomChoice and RandomOrder, Python's module-level `random`: seed it with
 * `transforms.random.seed(n)` where a Python program calls `random.seed(n)`. Seeded from the
 * operating system's randomness until then.
 * @example
 * transforms.random.seed(0);
 * const t = transforms.RandomChoice([transforms.RandomInvert(1), transforms.Grayscale()]);
 */
export const random: PythonRandom = new PythonRandom();
