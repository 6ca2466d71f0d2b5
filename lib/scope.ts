// Deterministic release: torch.tidy() scopes. Every tensor created while a scope is open is
// recorded in it; when the scope's function returns, all of them but those returned are disposed.
import type { Tensor } from './tensor.js';

const scopes: Tensor[][] = [];

/** Records a new tensor in the innermost open scope (called by the Tensor constructor). */
export function trackInScope(t: Tensor): void {
  const top = scopes[scopes.length - 1];
  if (top !== undefined) top.push(t);
}

/**
 * Takes a tensor out of the open torch.tidy() scopes so that they leave it alive: for long-lived
 * state created lazily inside a step (optimizer moments, module buffers). Returns the tensor.
 */
export function escapeScopes<T extends Tensor>(t: T): T {
  for (let s = scopes.length - 1; s >= 0; s--) {
    const scope = scopes[s]!;
    const i = scope.lastIndexOf(t);
    if (i >= 0) { scope.splice(i, 1); break; }
  }
  return t;
}

export function scopeDepth(): number {
  return scopes.length;
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
  const scope: Tensor[] = [];
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (error) {
    scopes.pop();
    for (const t of scope) t.dispose();
    throw error;
  }
  scopes.pop();
  if (result instanceof Promise) {
    for (const t of scope) t.dispose();
    throw new TypeError('tidy(fn): fn must be synchronous; it returned a Promise');
  }
  const kept = new Set<Tensor>();
  collectTensors(result, kept, isTensor);
  const parent = scopes[scopes.length - 1];
  for (const t of scope) {
    if (kept.has(t)) parent?.push(t);
    else t.dispose();
  }
  return result;
}
