// Runs a codec plan: its direct result, its native decoder's, or its sharp job on the decode worker (sync) or on sharp
// in the calling thread (async), then the plan's finish. Errors name the calling function.
import { runSync } from './bridge.js';
import type { Plan } from './codec.js';
import { loadSharp } from './load_sharp.js';
import { runSharpJob, type SharpJob } from './sharp_job.js';

export function runPlanSync<R>(where: string, plan: Plan<SharpJob, R>): R {
  if (plan.direct !== undefined) return plan.direct();
  if (plan.native !== undefined) {
    const r = withWhere(where, plan.native.sync);
    if (r !== null) return r;
  }
  return plan.finish(withWhere(where, () => runSync(plan.job)));
}

export async function runPlanAsync<R>(where: string, plan: Plan<SharpJob, R>): Promise<R> {
  if (plan.direct !== undefined) return plan.direct();
  if (plan.native !== undefined) {
    let r: R | null;
    try {
      r = await plan.native.async();
    } catch (e) {
      throw wrapError(where, e);
    }
    if (r !== null) return r;
  }
  const sharp = await loadSharp();
  let result;
  try {
    result = await runSharpJob(sharp, plan.job);
  } catch (e) {
    throw wrapError(where, e);
  }
  return plan.finish(result);
}

export function withWhere<T>(where: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    throw wrapError(where, e);
  }
}

/** sharp's message, prefixed with the function that called it. */
export function wrapError(where: string, e: unknown): Error {
  const message = e instanceof Error ? e.message : String(e);
  // libvips repeats its log lines: keep each once.
  const lines = [...new Set(message.split('\n').map((l) => l.trim()).filter((l) => l !== ''))];
  return new Error(`${where}: ${lines.join('; ')}`, { cause: e });
}

