// Grad-mode switches: torch.noGrad(fn), enableGrad, inferenceMode, setGradEnabled.
import { native } from '../binding.js';

function runWithGradMode<T>(enabled: boolean, fn: () => T, name: string): T {
  if (typeof fn !== 'function') throw new TypeError(`${name}(fn): fn must be a function (got ${typeof fn})`);
  const previous = native.isGradEnabled();
  native.setGradEnabled(enabled);
  try {
    return fn();
  } finally {
    native.setGradEnabled(previous);
  }
}

/** Runs fn with gradient recording off. @example const y = torch.noGrad(() => model(x)); */
export function noGrad<T>(fn: () => T): T {
  return runWithGradMode(false, fn, 'noGrad');
}

/** Runs fn with gradient recording on. @example torch.enableGrad(() => x.mul(2)) */
export function enableGrad<T>(fn: () => T): T {
  return runWithGradMode(true, fn, 'enableGrad');
}

/** Runs fn in inference mode (no autograd bookkeeping at all). @example torch.inferenceMode(() => model(x)) */
export function inferenceMode<T>(fn: () => T, mode: boolean = true): T {
  if (typeof fn !== 'function') throw new TypeError(`inferenceMode(fn): fn must be a function (got ${typeof fn})`);
  native.enterInferenceMode(mode);
  try {
    return fn();
  } finally {
    native.exitInferenceMode();
  }
}

/** Turns gradient recording on or off globally. @example torch.setGradEnabled(false) */
export function setGradEnabled(mode: boolean): void {
  if (typeof mode !== 'boolean') throw new TypeError(`setGradEnabled(mode): mode must be a boolean (got ${typeof mode})`);
  native.setGradEnabled(mode);
}

/** @example torch.isGradEnabled() // true */
export function isGradEnabled(): boolean {
  return native.isGradEnabled();
}

/** @example torch.isInferenceModeEnabled() */
export function isInferenceModeEnabled(): boolean {
  return native.isInferenceModeEnabled();
}
