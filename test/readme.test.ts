// The README's user-facing snippets (Install, CUDA, Memory) run as written: each is saved as an
// .mjs in a folder whose node_modules/torch-node is this package (so `import 'torch-node'` goes
// through package.json's exports to dist/), with `import * as torch from 'torch-node'` added
// when the snippet leaves it out. Snippets with `using` are compiled by TypeScript first, and on
// Node < 24 the raw snippet is the SyntaxError the README warns about.
// Needs dist/ (`npx tsc -p tsconfig.json`), as test/helpers/child.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

/** The fenced code blocks of the section under `heading` (down to the next heading of its level or above). */
function blocks(heading: string): { lang: string; code: string }[] {
  const lines = readme.split('\n');
  const level = heading.indexOf(' ');
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`README has no heading "${heading}"`);
  const out: { lang: string; code: string }[] = [];
  let fence: { lang: string; body: string[] } | null = null;
  for (const line of lines.slice(start + 1)) {
    if (fence) {
      if (line.startsWith('```')) { out.push({ lang: fence.lang, code: fence.body.join('\n') + '\n' }); fence = null; } else fence.body.push(line);
      continue;
    }
    if (line.startsWith('```')) { fence = { lang: line.slice(3).trim(), body: [] }; continue; }
    const m = /^(#+) /.exec(line);
    if (m && m[1]!.length <= level) break;
  }
  return out;
}

let dir: string;
function runSnippet(code: string, name: string) {
  const src = /from 'torch-node'/.test(code) ? code : `import * as torch from 'torch-node';\n${code}`;
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, src);
  // One LibTorch thread: the snippets are small, and the test machines' cores are shared.
  return spawnSync(process.execPath, [file], { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, OMP_NUM_THREADS: '1' } });
}
const jsLike = (b: { lang: string }) => b.lang === 'js' || b.lang === 'ts';

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'lib', 'index.js'))) throw new Error('dist/lib/index.js is missing: run `npx tsc -p tsconfig.json` first');
  dir = mkdtempSync(join(tmpdir(), 'torch-node-readme-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'torch-node'), 'dir');
});
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

describe('README snippets', () => {
  it('Install: the first program runs', () => {
    const [b] = blocks('## Install').filter(jsLike);
    const r = runSnippet(b!.code, 'install');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^tensor\(\[\[/);
  });

  it('CUDA: the snippet runs on a machine without CUDA (its fallback is the CPU)', () => {
    const [b] = blocks('## CUDA').filter(jsLike);
    expect(b!.code).toContain('torch.cuda.isAvailable()');
    const r = runSnippet(b!.code, 'cuda');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('Memory: the `using` snippet compiled by TypeScript, and the try/finally one as plain JS', () => {
    const [withUsing, plain] = blocks('## Memory: dispose, `using`, tidy').filter(jsLike);
    expect(withUsing!.code).toMatch(/\busing big\b/);
    const compiled = ts.transpileModule(withUsing!.code, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, lib: ['lib.es2022.d.ts', 'lib.esnext.disposable.d.ts'] },
    }).outputText;
    const r = runSnippet(compiled, 'memory-ts');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(Number(r.stdout.trim())).toBeGreaterThan(3);
    if (Number(process.versions.node.split('.')[0]) < 24) {
      const raw = runSnippet(withUsing!.code, 'memory-raw');
      expect(raw.status).not.toBe(0);
      expect(raw.stderr).toMatch(/SyntaxError: Unexpected identifier/);
    }
    expect(plain!.lang).toBe('js');
    const p = runSnippet(plain!.code, 'memory-js');
    expect(p.stderr).toBe('');
    expect(p.status).toBe(0);
    expect(Number(p.stdout.trim())).toBeGreaterThan(3);
  });
});
