// sharp for synchronous callers: sharp is async-only, so the sync functions of io hand the job to a
// dedicated decode worker thread (sharp loaded there) and block on Atomics.wait until it answers.
// The worker copies sharp's output into a SharedArrayBuffer and posts it on a MessageChannel whose
// receiving end the blocked thread reads with receiveMessageOnPort: the pixels cross without a
// second copy and the tensor wraps the shared memory (torch.fromBuffer).
//
// The worker runs from source text (eval), not from a file: its one dependency is sharp, found
// from here with createRequire, so the same code serves the ESM build, the CommonJS build
// (import.meta.url is shimmed there) and the TypeScript sources under a test runner.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { runSharpJob, type SharpJob, type SharpJobResult } from './sharp_job.js';

/** Resolves the sharp package installed beside torch-node, as a file URL the worker can import(). */
export function sharpUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('sharp')).href;
}

// The worker: import sharp, then answer each job with { ok, result | error } on the reply port
// and wake the caller. Any failure, including a failed import or the worker's own exit, is
// reported through the same channel, so a blocked caller always wakes.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const runSharpJob = ${runSharpJob.toString()};
const state = new Int32Array(workerData.state);
const reply = workerData.reply;
let sharp;
function wake(code) { Atomics.store(state, 0, code); Atomics.notify(state, 0); }
function fail(e) {
  const err = e instanceof Error ? e : new Error(String(e));
  try { reply.postMessage({ ok: false, name: err.name, message: err.message, stack: err.stack }); } catch {}
  wake(2);
}
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
process.on('exit', () => { if (Atomics.load(state, 0) === 0) { try { reply.postMessage({ ok: false, name: 'Error', message: 'the decode worker exited', stack: '' }); } catch {} wake(2); } });
parentPort.on('message', async (job) => {
  try {
    if (sharp === undefined) sharp = (await import(workerData.sharpUrl)).default;
    const r = await runSharpJob(sharp, job);
    const shared = new Uint8Array(new SharedArrayBuffer(r.data.byteLength));
    shared.set(r.data);
    reply.postMessage({ ok: true, result: { data: shared, width: r.width, height: r.height, channels: r.channels, pages: r.pages } });
    wake(1);
  } catch (e) { fail(e); }
});
`;

interface Bridge {
  worker: Worker;
  state: Int32Array;
  port: MessagePort;
}

let bridge: Bridge | undefined;

function start(): Bridge {
  const state = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { state: state.buffer, reply: port2, sharpUrl: sharpUrl() },
    transferList: [port2],
    // The caller's flags (a test runner's loaders, --inspect) are not the worker's business.
    execArgv: [],
    stdout: false,
    stderr: false,
  });
  // Neither the worker nor the reply port keeps the process alive: an idle bridge costs nothing
  // at exit.
  worker.unref();
  port1.unref();
  const b: Bridge = { worker, state, port: port1 };
  worker.on('error', () => { if (bridge === b) bridge = undefined; });
  worker.on('exit', () => { if (bridge === b) bridge = undefined; });
  return b;
}

/**
 * Runs a sharp job synchronously: blocks the calling thread (Atomics.wait) until the decode
 * worker answers. Errors thrown by sharp in the worker are thrown here, with sharp's message.
 */
export function runSync(job: SharpJob): SharpJobResult {
  bridge ??= start();
  const b = bridge;
  Atomics.store(b.state, 0, 0);
  // The input is copied into the message (structured clone); the caller's buffer stays theirs.
  b.worker.postMessage(job);
  for (;;) {
    Atomics.wait(b.state, 0, 0, 1000);
    if (Atomics.load(b.state, 0) !== 0) break;
    // A worker gone without a word (terminated from outside) leaves state 0: its 'exit' handler
    // has run on this thread's loop only if we were not blocked, so look at threadId too.
    if (b.worker.threadId === -1) {
      bridge = undefined;
      throw new Error('io: the decode worker stopped before answering');
    }
  }
  const msg = receiveMessageOnPort(b.port)?.message as
    | { ok: true; result: SharpJobResult }
    | { ok: false; name: string; message: string; stack: string }
    | undefined;
  if (msg === undefined) {
    bridge = undefined;
    void b.worker.terminate();
    throw new Error('io: the decode worker answered nothing');
  }
  if (!msg.ok) {
    if (msg.message === 'the decode worker exited') bridge = undefined;
    throw new Error(msg.message);
  }
  return msg.result;
}
