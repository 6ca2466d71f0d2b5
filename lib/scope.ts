// Deterministic release: torch.tidy() scopes. The scopes themselves are native
// (native/tidy_scope.h): every tensor object made while one is open is recorded there, weakly,
// so that temporaries the collector finds first are not kept alive by the scope. When the scope's
// function returns, all of them but those returned are disposed.
import { native } from './binding.js';
import type { Tensor } from './tensor.js';

/**
 * Takes a tensor out of the open torch.tidy() scopes so that they leave it alive: for long-lived
 * state created lazily inside a step (optimizer moments, module buffers). Returns the tensor.
 */
export function escapeScopes<T extends Tensor>(t: T): T {
  native.scopeEscape(t);
  return t;
}

export function scopeDepth(): number {
  return native.scopeDepth();
}

function collectTensors(value: unknown, out: Set<Tensor>, isTensor: (v: unknown) => v is Tensor, seen = new Set<unknown>()): void {
  if (value === null || typeof value !== 'object' || seen.has(value)) return;
  seen.add(value);
  if (isTensor(value)) { out.add(value); return; }
  if (Array.isArray(value)) { for (const v of value) collectTensors(v, out, isTensor, seen); return; }
  if (value instanceof Map) { for (const v of value.values()) collectTensors(v, out, isTensor, seen); return; }
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    for (const v of Object.values(value)) collectTensors(v, out, isTensor, seen);
  }
}

/** Runs fn in a scope; see torch.tidy. */
export function runInScope<T>(fn: () => T, isTensor: (v: unknown) => v is Tensor): T {
  if (typeof fn !== 'function') throw new TypeError(`tidy(fn): fn must be a function (got ${typeof fn})`);
  native.scopeOpen();
  let result: T;
  try {
    result = fn();
  } catch (error) {
    native.scopeClose(null);
    throw error;
  }
  if (result instanceof Promise) {
    native.scopeClose(null);
    throw new TypeError('tidy(fn): fn must be synchronous; it returned a Promise');
  }
  const kept = new Set<Tensor>();
  collectTensors(result, kept, isTensor);
  native.scopeClose([...kept]);
  return result;
}
