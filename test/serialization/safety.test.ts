// torch.load never runs code from a file: PyTorch's weights_only allow-list by default, code
// globals refused even with weightsOnly: false, legacy-format files through the same checks, and a
// few hundred corrupted or truncated files (seeded, zip and legacy) each give an error, never a
// crash or a hang.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as torch from '../../lib/index.js';
import { Tensor, serialization } from '../../lib/index.js';
import { oracle } from '../helpers/python.js';

const dir = mkdtempSync(join(tmpdir(), 'tn-ser-safe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => join(dir, name);
const pwned = file('pwned');

describe('malicious pickles', () => {
  beforeAll(() => {
    oracle('serialization/safety', 'malicious_pickles', dir, pwned);
  });

  it.each([
    ['os_system', /GLOBAL posix\.system whose module posix is blocked/],
    ['eval', /Unsupported global: GLOBAL builtins\.eval was not an allowed global/],
    ['popen', /Unsupported global: GLOBAL subprocess\.Popen was not an allowed global/],
    ['exec', /Unsupported global: GLOBAL builtins\.exec was not an allowed global/],
  ])('%s is refused with the global named (default weightsOnly)', (name, message) => {
    expect(() => torch.load(file(`${name}.pt`))).toThrow(message);
    expect(existsSync(pwned)).toBe(false);
  });

  it.each([
    ['os_system', /refusing GLOBAL posix\.system/],
    ['eval', /refusing GLOBAL builtins\.eval/],
    ['popen', /refusing GLOBAL subprocess\.Popen/],
    ['exec', /refusing GLOBAL builtins\.exec/],
  ])('%s is refused with weightsOnly: false too', (name, message) => {
    expect(() => torch.load(file(`${name}.pt`), { weightsOnly: false })).toThrow(message);
    expect(() => torch.load(readFileSync(file(`${name}.pt`)), { weightsOnly: false })).toThrow(message);
    expect(existsSync(pwned)).toBe(false);
  });

  it('an unknown class is refused by default and an inert record with weightsOnly: false', () => {
    expect(() => torch.load(file('namespace.pt'))).toThrow(/GLOBAL argparse\.Namespace was not an allowed global/);
    const d = torch.load(file('namespace.pt'), { weightsOnly: false }) as { args: serialization.PythonObject; w: Tensor };
    expect(d.args).toBeInstanceOf(serialization.PythonObject);
    expect(d.args.pythonClass.fullName).toBe('argparse.Namespace');
    expect(d.args.state).toEqual({ lr: 0.1, name: 'run' });
    expect(d.w.tolist()).toEqual([1, 1]);
    // Saved again, Python reads the same Namespace.
    torch.save(d, file('namespace_again.pt'));
    const back = oracle<string>('serialization/safety', 'namespace_repr', file('namespace_again.pt'));
    expect(back).toBe("Namespace(lr=0.1, name='run')");
  });

  it('the legacy (pre-1.6) format goes through the same allow-list; it cannot be mapped', () => {
    expect((torch.load(file('legacy.pt')) as { w: Tensor }).w.tolist()).toEqual([0, 1, 2]);
    expect(() => torch.load(file('legacy_os_system.pt'))).toThrow(/GLOBAL posix\.system whose module posix is blocked/);
    expect(() => torch.load(file('legacy_os_system.pt'), { weightsOnly: false })).toThrow(/refusing GLOBAL posix\.system/);
    expect(() => torch.load(file('legacy.pt'), { mmap: true })).toThrow(/legacy \(pre-1\.6\) format, which cannot be mapped/);
    expect(existsSync(pwned)).toBe(false);
  });

  it('files that are not torch archives give clear errors', () => {
    writeFileSync(file('empty.pt'), '');
    writeFileSync(file('text.pt'), 'hello world, not a zip');
    expect(() => torch.load(file('empty.pt'))).toThrow(/is empty/);
    expect(() => torch.load(file('text.pt'))).toThrow(/neither a zip archive .* nor the legacy format/);
    expect(() => torch.load(Buffer.alloc(0))).toThrow(/is empty/);
    expect(() => torch.load(dir)).toThrow(/is a directory \(EISDIR\)/);
    execFileSync('mkfifo', [file('fifo')]);
    expect(() => torch.load(file('fifo'))).toThrow(/is not a regular file/);
    expect(() => torch.load(file('fifo'), { mmap: true })).toThrow(/is not a regular file/);
    expect(() => torch.load(file('script.pt'))).toThrow(/TorchScript archive \(torch\.jit\.save\); load it with torch\.jit\.load/);
  });
});

/** mulberry32: a small seeded PRNG. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('corrupted and truncated files', () => {
  it('300 seeded mutations each load or fail with an Error, in a child process that must not crash or hang', () => {
    const fuzzDir = file('fuzz');
    mkdirSync(fuzzDir);
    const base = torch.arange(64, { dtype: 'float32' });
    const nodeFile = torch.save({
      sd: serialization.asOrderedDict({ w: base.view([8, 8]), b: base.narrow(0, 3, 5), i: torch.arange(4, { dtype: 'int64' }) }),
      meta: { step: 3, lr: 0.1, tags: ['a', 'b'], big: 2n ** 70n, t: serialization.asTuple([1, 2]) },
    });
    oracle('serialization/safety', 'fuzz_bases', file('py_base.pt'), file('py_legacy_base.pt'));
    const bases = [nodeFile, readFileSync(file('py_base.pt')), readFileSync(file('py_legacy_base.pt'))];
    const rand = rng(20261206);
    const paths: string[] = [];
    for (let i = 0; i < 300; i++) {
      const src = bases[i % 3]!;
      let b = Buffer.from(src);
      const kind = i % 5;
      if (kind === 0) {
        b = b.subarray(0, Math.floor(rand() * b.length)); // truncated
      } else if (kind === 1) {
        for (let k = 0, n = 1 + Math.floor(rand() * 8); k < n; k++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
      } else if (kind === 2) {
        // Mutate the pickles (data.pkl is the first record, from byte ~64; a legacy file starts with them).
        const end = Math.min(b.length, 64 + 900);
        for (let k = 0, n = 1 + Math.floor(rand() * 4); k < n; k++) b[64 + Math.floor(rand() * (end - 64))] = Math.floor(rand() * 256);
      } else if (kind === 3) {
        // The central directory and end records (sizes and offsets).
        for (let k = 0, n = 1 + Math.floor(rand() * 4); k < n; k++) b[b.length - 1 - Math.floor(rand() * Math.min(b.length, 400))] = Math.floor(rand() * 256);
      } else {
        const at = Math.floor(rand() * b.length);
        b.fill(rand() < 0.5 ? 0 : 0xff, at, Math.min(b.length, at + 1 + Math.floor(rand() * 64)));
      }
      const p = join(fuzzDir, `m${i}.pt`);
      writeFileSync(p, b);
      paths.push(p);
    }
    const dist = fileURLToPath(new URL('../../dist/lib', import.meta.url));
    const child = spawnSync(process.execPath, [fileURLToPath(new URL('./load_many_child.mjs', import.meta.url)), dist], {
      input: paths.join('\n'), encoding: 'utf8', timeout: 50_000, maxBuffer: 64 << 20, env: { ...process.env, OMP_NUM_THREADS: '1' },
    });
    expect(child.error).toBeUndefined();
    expect(child.signal).toBeNull();
    expect(child.stderr).not.toMatch(/Segmentation|Aborted|terminate called/);
    expect(child.status).toBe(0);
    const lines = child.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; results: string[] });
    expect(lines.length).toBe(300);
    const all = lines.flatMap((l) => l.results);
    for (const r of all) expect(r === 'ok' || /^(UnpicklingError|Error|TypeError|RangeError): \S/.test(r)).toBe(true);
    // Every truncated file fails, and the mutations were not all harmless.
    for (const l of lines.filter((_, i) => i % 5 === 0)) expect(l.results.every((r) => r !== 'ok')).toBe(true);
    expect(all.filter((r) => r !== 'ok').length).toBeGreaterThan(all.length / 3);
  });
});
