// A worker_threads script for test/memory.test.ts: loads the addon, makes tensors, leaves some
// alive at exit (the addon's teardown must free them without crashing).
import { parentPort, workerData } from 'node:worker_threads';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const native = require(workerData.addon);
const add = native.opFamily('add');
const mul = native.opFamily('mul');
const keep = [];
const a = native.fromTypedArray(new Float32Array(1024).fill(1), 'float32', [1024], false);
for (let i = 0; i < workerData.iterations; i++) {
  const b = native.callOp(add, undefined, a, a);
  const c = native.callOp(mul, undefined, b, b);
  if (i % 1000 === 0) keep.push(c);
  if (i % 7 === 0) native.dispose(b);
}
parentPort.postMessage({ live: native.liveTensorCount(), kept: keep.length });
if (workerData.hang) setInterval(() => {}, 1000); // terminated by the parent while holding tensors
