// Anomaly detection (torch.autograd.detect_anomaly / set_detect_anomaly) over LibTorch's
// AnomalyMode. While it is on, every graph node made keeps the JS stack of the op that made it
// (native/graph_tools.cpp), the engine checks each backward output for NaN (with checkNan), and
// the error of a failing backward carries the forward stack of the failing node, where Python
// prints it as a warning: "Error detected in MulBackward0. Traceback of forward call that caused
// the error: ...".
import { fileURLToPath, pathToFileURL } from 'node:url';
import { native } from '../binding.js';
import { describeValue, isPlainObject } from '../validate.js';
import { openScope, runScoped, type Scope } from './scoped.js';

/** The options of detectAnomaly: Python's `check_nan`. */
export interface DetectAnomalyOptions {
  /** Check every backward output for NaN and raise on the first (default true). */
  checkNan?: boolean;
}

let warned = false;

function parseOptions(options: unknown): boolean {
  if (options === undefined) return true;
  if (!isPlainObject(options)) throw new TypeError(`detectAnomaly(): options must be an object (got ${describeValue(options)})`);
  for (const key of Object.keys(options)) {
    if (key !== 'checkNan') throw new TypeError(`detectAnomaly(): unknown option '${key}' (expected checkNan)`);
  }
  const checkNan = options.checkNan ?? true;
  if (typeof checkNan !== 'boolean') throw new TypeError(`detectAnomaly(): checkNan must be a boolean (got ${describeValue(checkNan)})`);
  return checkNan;
}

/**
 * Anomaly detection as a scope (Python's `with torch.autograd.detect_anomaly():`): with a
 * callback, runs it with anomaly mode on and returns its value; without one, returns a scope for
 * `using`. The previous mode is restored on exit.
 * @example
 * torch.autograd.detectAnomaly(() => {
 *   const y = x.div(z);   // the stack of this line is kept on y's grad_fn
 *   y.sum().backward();   // throws "Function 'DivBackward0' returned nan values in its 0th output." + the forward stack
 * });
 * @example
 * { using _ = torch.autograd.detectAnomaly({ checkNan: false }); loss.backward(); }
 */
export function detectAnomaly(options?: DetectAnomalyOptions): Scope;
export function detectAnomaly<T>(fn: () => T): T;
export function detectAnomaly<T>(options: DetectAnomalyOptions, fn: () => T): T;
export function detectAnomaly<T>(a?: DetectAnomalyOptions | (() => T), b?: () => T): T | Scope {
  const fn = typeof a === 'function' ? a : b;
  const checkNan = parseOptions(typeof a === 'function' ? undefined : a);
  if (fn !== undefined && typeof fn !== 'function') throw new TypeError(`detectAnomaly(fn): fn must be a function (got ${describeValue(fn)})`);
  if (!warned) {
    warned = true;
    process.emitWarning('Anomaly Detection has been enabled. This mode will increase the runtime and should only be enabled for debugging.', 'UserWarning');
  }
  const prev = native.isAnomalyEnabled();
  const prevCheckNan = native.isAnomalyCheckNanEnabled();
  const enter = (): void => native.setDetectAnomaly(true, checkNan);
  const exit = (): void => native.setDetectAnomaly(prev, prevCheckNan);
  return fn === undefined ? openScope(enter, exit) : runScoped(enter, exit, fn);
}

/**
 * Turns anomaly detection on or off (Python's `set_detect_anomaly(mode, check_nan=True)`, here as
 * a plain switch; use detectAnomaly for a scope).
 * @example
 * torch.autograd.setDetectAnomaly(true);
 * loss.backward();
 * torch.autograd.setDetectAnomaly(false);
 */
export function setDetectAnomaly(mode: boolean, checkNan: boolean = true): void {
  if (typeof mode !== 'boolean') throw new TypeError(`setDetectAnomaly(mode): mode must be a boolean (got ${describeValue(mode)})`);
  if (typeof checkNan !== 'boolean') throw new TypeError(`setDetectAnomaly(mode, checkNan): checkNan must be a boolean (got ${describeValue(checkNan)})`);
  native.setDetectAnomaly(mode, checkNan);
}

/** Whether anomaly detection is on. @example torch.autograd.isAnomalyEnabled() // false */
export function isAnomalyEnabled(): boolean {
  return native.isAnomalyEnabled();
}

/** Whether anomaly detection checks backward outputs for NaN. @example torch.autograd.isAnomalyCheckNanEnabled() */
export function isAnomalyCheckNanEnabled(): boolean {
  return native.isAnomalyCheckNanEnabled();
}

/** An error thrown by backward while anomaly detection was on: the failing node's forward stack. */
export interface AnomalyError extends Error {
  /** "Error detected in XBackward0. Traceback of forward call that caused the error:\n" + the JS stack. */
  anomalyTraceback?: string;
}

/**
 * Appends the failing node's forward traceback (if anomaly mode recorded one) to an error thrown
 * by the engine; backward() and autograd.grad() pass their errors through here.
 */
// The frames of this library (the op-call path) are left out of the forward traceback, as Python's
// shows the caller's frames and not torch's own.
const libRoot = fileURLToPath(new URL('..', import.meta.url));
const libRootUrl = pathToFileURL(libRoot).href;

function userFrames(report: string): string {
  return report.split('\n').filter((line) => !(line.trimStart().startsWith('at ') &&
    (line.includes(libRoot) || line.includes(libRootUrl)))).join('\n');
}

export function withAnomalyReport(error: unknown): unknown {
  const raw = native.takeAnomalyReport();
  const report = raw === null ? null : userFrames(raw);
  if (report !== null && error instanceof Error) {
    error.message = `${error.message}\n\n${report}`;
    (error as AnomalyError).anomalyTraceback = report;
  }
  return error;
}
