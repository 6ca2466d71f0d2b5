// What bench/op-overhead.mjs and bench/train-article.mjs share to run their three sides (Node,
// Python, the C++ reference in this folder) as child processes under one allocator setting.
//
// glibc malloc's mmap and trim thresholds are dynamic by default: the first free of an mmapped
// block raises the mmap threshold to that block's size and the trim threshold to twice it, so the
// thresholds a process runs with depend on the order of its first large frees, and with a trim
// threshold of a few MB the top of the heap is handed back to the kernel and faulted in again
// every training step. Either moves a training step by tenths of a millisecond between two runs of
// the same program. Every side therefore starts with the same fixed thresholds, from the
// environment, which glibc reads once at start-up (so the Node side is a child process too):
//   MALLOC_MMAP_THRESHOLD_=33554432   32 MiB, the ceiling glibc's dynamic threshold stops at:
//                                     blocks below it come from the heap, as they would once the
//                                     dynamic threshold had grown, but from the first step on;
//   MALLOC_TRIM_THRESHOLD_=134217728  128 MiB: a training step's freed temporaries stay mapped.
// The arena count is left alone: each side does its tensor work on its main thread, which always
// allocates from the main arena. --malloc-defaults runs every side with glibc's defaults instead.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const MALLOC_ENV = {
  MALLOC_MMAP_THRESHOLD_: String(32 * 1024 * 1024),
  MALLOC_TRIM_THRESHOLD_: String(128 * 1024 * 1024),
};

/** The environment every side runs in: this one with MALLOC_ENV set (or removed, for glibc's defaults). */
export function sideEnv(mallocDefaults) {
  const env = { ...process.env };
  for (const [k, v] of Object.entries(MALLOC_ENV)) {
    if (mallocDefaults) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** A line for the bench header saying which allocator setting the sides ran with. */
export function mallocNote(mallocDefaults) {
  return mallocDefaults
    ? 'malloc: glibc defaults (dynamic mmap/trim thresholds) on every side'
    : `malloc on every side: ${Object.entries(MALLOC_ENV).map(([k, v]) => `${k}=${v}`).join(' ')}`;
}

/**
 * The C++ reference program `name` (op_overhead, train_article) as built by `npm run bench:reference`,
 * or null. TORCH_NODE_REFERENCE_DIR names another folder holding them.
 */
export function referenceProgram(name) {
  const dirs = process.env.TORCH_NODE_REFERENCE_DIR
    ? [process.env.TORCH_NODE_REFERENCE_DIR]
    : [join(root, 'build', 'bench', 'reference')];
  for (const d of dirs) if (existsSync(join(d, name))) return join(d, name);
  return null;
}

export const HOW_TO_BUILD =
  'the C++ reference is not built: `npm run bench:reference` builds it (cmake-js, target torch_node_reference; ' +
  'into build/bench/reference/), or set TORCH_NODE_REFERENCE_DIR to where it is';

/** Runs a side and returns its stdout's JSON lines, parsed; throws with its stderr when it fails. */
export function runSide(command, args, env) {
  const r = spawnSync(command, args, { encoding: 'utf8', env, maxBuffer: 16 * 1024 * 1024 });
  if (r.error) throw new Error(`${command} could not start: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (status ${r.status}):\n${r.stderr}`);
  return r.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
}
