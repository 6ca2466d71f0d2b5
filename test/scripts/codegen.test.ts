// codegen/ (npm run codegen): `--check` passes on the committed generated files and fails, naming
// each file and its first difference, when the output would differ. CI runs the check; here it
// runs on a copy of the generated folders, so that a changed or stale file can be planted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as torch from '../../lib/index.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const header = readFileSync(join(repo, 'lib/generated/functions.ts'), 'utf8').split('\n', 1)[0]!;
const generatedFrom = /from LibTorch (\S+)\./.exec(header)?.[1];
let work: string;

function check(): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [join(repo, 'codegen/index.mjs'), '--check', '--out', work], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'torch-node-codegen-'));
  for (const dir of ['lib/generated', 'test/generated']) cpSync(join(repo, dir), join(work, dir), { recursive: true });
});
afterAll(() => { rmSync(work, { recursive: true, force: true }); });

// Another LibTorch (a GPU machine's older one) has other schemas: the committed files are this one's.
describe.runIf(generatedFrom === torch.libtorchVersion)('codegen --check', () => {
  it('passes on the committed generated files', () => {
    const r = check();
    expect(r.out).toContain('up to date');
    expect(r.status).toBe(0);
  });

  it('fails on a changed, a missing or a stale generated file, naming each', () => {
    const methods = join(work, 'lib/generated/tensor_methods.ts');
    writeFileSync(methods, readFileSync(methods, 'utf8').replace("opFamily('abs')", "opFamily('abs_')"));
    appendFileSync(join(work, 'test/generated/generated_names.json'), '\n');
    rmSync(join(work, 'lib/generated/namespaces.ts'));
    writeFileSync(join(work, 'lib/generated/old_ops.ts'), 'export {};\n');
    const r = check();
    expect(r.status).toBe(1);
    expect(r.out).toContain('4 generated file(s)');
    expect(r.out).toMatch(/lib\/generated\/tensor_methods\.ts: \+1 -1 lines; first at line \d+:\n\s+committed: const f_abs = opFamily\('abs_'\);\n\s+generated: const f_abs = opFamily\('abs'\);/);
    expect(r.out).toContain('test/generated/generated_names.json: +0 -1 lines');
    expect(r.out).toContain('lib/generated/namespaces.ts: missing');
    expect(r.out).toContain('lib/generated/old_ops.ts: not generated any more');
  });
});
