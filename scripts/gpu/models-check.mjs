#!/usr/bin/env node
// Models in and out on a device (a step of scripts/gpu/check.sh): torch.save of device tensors and
// torch.load with mapLocation, safetensors loadFile onto the device, a traced TorchScript module
// moved to the device with mapLocation and with to(), its forward and forwardAsync against the CPU
// result. Prints one line per check and a JSON summary; exits 1 if any check fails.
//
//   node scripts/gpu/models-check.mjs [--device cuda]    (--device cpu runs the same checks here)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from '../../dist/lib/index.js';

const argv = process.argv.slice(2);
const device = argv.includes('--device') ? argv[argv.indexOf('--device') + 1] : 'cuda';
const dir = mkdtempSync(join(tmpdir(), 'tn-gpu-models-'));
const results = [];

async function check(name, fn) {
  const t0 = performance.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true, ms: Math.round(performance.now() - t0), detail });
    console.log(`ok    ${name}${detail ? `: ${detail}` : ''}`);
  } catch (e) {
    results.push({ name, ok: false, ms: Math.round(performance.now() - t0), error: String(e?.stack ?? e) });
    console.log(`FAIL  ${name}: ${e?.message ?? e}`);
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

function sameValues(a, b, what) {
  assert(torch.allclose(a.cpu(), b.cpu(), 1e-5, 1e-6), `${what}: values differ`);
}

try {
  torch.manualSeed(0);
  const w = torch.randn([64, 32]).to(device);
  const b = torch.randn([64]).to(device).requiresGrad_();

  await check('torch.save of device tensors, load on CPU and on the device', () => {
    const path = join(dir, 'sd.pt');
    torch.save({ w, b, view: w.narrow(0, 2, 3) }, path);
    const cpu = torch.load(path, { mapLocation: 'cpu' });
    assert(cpu.w.device === 'cpu', `mapLocation cpu gave ${cpu.w.device}`);
    sameValues(cpu.w, w, 'w');
    const back = torch.load(path, { mapLocation: device });
    assert(back.w.device.startsWith(device), `mapLocation ${device} gave ${back.w.device}`);
    assert(back.b.requiresGrad, 'requires_grad lost');
    sameValues(back.view, w.narrow(0, 2, 3), 'view');
    return `${back.w.device}`;
  });

  await check('saveAsync / loadAsync with mapLocation', async () => {
    const path = join(dir, 'async.pt');
    await torch.saveAsync({ w }, path);
    const back = await torch.loadAsync(path, { mapLocation: device });
    assert(back.w.device.startsWith(device), `gave ${back.w.device}`);
    sameValues(back.w, w, 'w');
  });

  await check('safetensors saveFile of device tensors, loadFile onto the device', () => {
    const path = join(dir, 'sd.safetensors');
    torch.safetensors.saveFile({ w, b: b.detach() }, path);
    const back = torch.safetensors.loadFile(path, { device });
    assert(back.w.device.startsWith(device), `gave ${back.w.device}`);
    sameValues(back.w, w, 'w');
  });

  const model = new torch.nn.Sequential(new torch.nn.Linear(32, 16), new torch.nn.SiLU(), new torch.nn.Linear(16, 4)).eval();
  const x = torch.randn([8, 32]);
  const expected = torch.noGrad(() => model(x));
  const scriptPath = join(dir, 'model.pt');
  torch.jit.trace(model, [x]).save(scriptPath);

  await check('torch.jit.load with mapLocation: forward and forwardAsync on the device', async () => {
    const m = torch.jit.load(scriptPath, { mapLocation: device });
    const xd = x.to(device);
    const y = torch.noGrad(() => m(xd));
    assert(y.device.startsWith(device), `output on ${y.device}`);
    sameValues(y, expected, 'forward');
    const ya = await torch.noGrad(() => m.forwardAsync(xd));
    sameValues(ya, expected, 'forwardAsync');
    const many = await Promise.all(Array.from({ length: 4 }, () => m.forwardAsync(xd)));
    for (const r of many) sameValues(r, expected, 'concurrent forwardAsync');
  });

  await check('ScriptModule.to(device), then torch.jit.save from the device', () => {
    const m = torch.jit.load(scriptPath).to(device);
    const y = torch.noGrad(() => m(x.to(device)));
    sameValues(y, expected, 'forward after to()');
    const again = join(dir, 'again.pt');
    m.save(again);
    const cpu = torch.jit.load(again, { mapLocation: 'cpu' });
    sameValues(torch.noGrad(() => cpu(x)), expected, 'reloaded on CPU');
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const failed = results.filter((r) => !r.ok).length;
console.log(JSON.stringify({ device, passed: results.length - failed, failed, results }));
process.exitCode = failed === 0 ? 0 : 1;
