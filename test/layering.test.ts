// The layering of lib/, read from the import statements of its files, so that it cannot regress:
//   - the tensor core (lib/*.ts, lib/autograd, lib/generated, lib/utils/hooks.ts) imports only
//     the tensor core: never lib/nn, nor any layer built on it;
//   - each layer above it imports only the core and the layers below it (nn below optim, jit and
//     serialization: torch.optim.swa_utils.AveragedModel is an nn.Module; utils/data below
//     vision), and lib/nn, lib/optim, lib/utils/data and lib/vision never import the native
//     binding: they are written against the public Tensor API, so the layers port line for line
//     from PyTorch and the native surface stays the core's;
//   - no lib module but the package entry (lib/index.ts) imports the torch.ts barrel;
//   - one owner each: one RemovableHandle class, one describer of values for messages (lib/validate.ts),
//     one module that installs Tensor members (lib/tensor_prototype.ts), loaded by both package entries.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const libDir = fileURLToPath(new URL('../lib', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every lib file (a path relative to lib/, with '/') and its source. */
const sources = new Map<string, string>(
  tsFiles(libDir).map((f) => [relative(libDir, f).split('\\').join('/'), readFileSync(f, 'utf8')]),
);

// Static imports and re-exports (type-only ones too: a layer's types are part of its
// dependencies), side-effect imports, and dynamic import() calls.
const IMPORT_RE = /(?:^|[\n;])\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The lib files a file imports (paths relative to lib/); node: and package imports are left out. */
function importsOf(file: string, source: string): string[] {
  return [...source.matchAll(IMPORT_RE)]
    .map((m) => m[1] ?? m[2]!)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => posix.normalize(posix.join(posix.dirname(file), spec)).replace(/\.js$/, '.ts'));
}

const graph = new Map<string, string[]>([...sources].map(([file, src]) => [file, importsOf(file, src)]));

type Layer = 'entry' | 'core' | 'func' | 'nn' | 'optim' | 'utils' | 'utils/data' | 'vision' | 'jit' | 'serialization' | 'distributions';

function layerOf(file: string): Layer {
  if (file === 'index.ts') return 'entry';
  // The types of the addon's TorchScript functions: part of the binding's declaration.
  if (file === 'jit/native_types.ts') return 'core';
  if (file === 'utils/hooks.ts') return 'core';
  if (!file.includes('/') || file.startsWith('autograd/') || file.startsWith('generated/')) return 'core';
  // The functorch transforms (as torch/_functorch) sit in the core: autograd.functional vectorizes with vmap.
  if (file.startsWith('_functorch/')) return 'core';
  // torch.autocast is part of torch itself (lib/torch.ts), so torch.amp sits in the core.
  if (file.startsWith('amp/')) return 'core';
  // torch.distributed binds c10d (as torch/distributed binds torch._C._distributed_c10d): core-level, so
  // that lib/nn/parallel reaches c10d through it and never through the binding.
  if (file.startsWith('distributed/')) return 'core';
  // torch.profiler drives LibTorch's profiler (as torch/profiler binds torch._C._profiler).
  if (file.startsWith('profiler/')) return 'core';
  if (file === 'utils/index.ts') return 'utils';
  if (file === 'utils/checkpoint.ts') return 'utils';
  if (file.startsWith('utils/data/')) return 'utils/data';
  const top = file.slice(0, file.indexOf('/'));
  if (top === 'func') return 'func';
  if (top === 'distributions') return 'distributions';
  if (top === 'nn' || top === 'optim' || top === 'vision' || top === 'jit' || top === 'serialization') return top;
  throw new Error(`layering.test.ts: ${file} is in no layer; add its folder to layerOf and ALLOWED`);
}

/** What each layer may import besides itself. */
const ALLOWED: Record<Exclude<Layer, 'entry'>, readonly Layer[]> = {
  core: [],
  nn: ['core'],
  optim: ['core', 'nn'],
  'utils/data': ['core'],
  utils: ['core', 'utils/data'],
  // torchvision's models are nn modules whose weights torch.load reads; its datasets read pickles.
  vision: ['core', 'nn', 'utils', 'utils/data', 'serialization'],
  jit: ['core', 'nn'],
  // torch.func's functionalCall and stackModuleState take nn modules.
  func: ['core', 'nn'],
  serialization: ['core', 'nn'],
  // torch.distributions uses nn.functional (softplus, binary_cross_entropy_with_logits, one_hot, pad).
  distributions: ['core', 'nn'],
};

function offendingImports(test: (file: string, dep: string) => boolean): string[] {
  const out: string[] = [];
  for (const [file, deps] of graph) for (const dep of deps) if (test(file, dep)) out.push(`${file} -> ${dep}`);
  return out;
}

/** Files whose source (comments left out) matches re. */
function filesMatching(re: RegExp): string[] {
  return [...sources].filter(([, src]) => re.test(src.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ''))).map(([file]) => file).sort();
}

describe('lib layering', () => {
  it('reads the import graph of every lib file', () => {
    expect(sources.size).toBeGreaterThan(80);
    // Every import resolves to a lib file: a renamed file cannot hide an edge from the rules below.
    expect(offendingImports((_file, dep) => !sources.has(dep))).toEqual([]);
    // The parser sees the edges it must see.
    expect(graph.get('index.ts')).toContain('torch.ts');
    expect(graph.get('nn/modules/linear.ts')).toContain('tensor.ts');
  });

  it('the tensor core imports only the tensor core (never lib/nn or a layer above it)', () => {
    expect(offendingImports((file, dep) => layerOf(file) === 'core' && layerOf(dep) !== 'core')).toEqual([]);
  });

  it('each layer imports only the core and the layers below it', () => {
    expect(offendingImports((file, dep) => {
      const from = layerOf(file);
      const to = layerOf(dep);
      return from !== 'entry' && from !== to && !ALLOWED[from].includes(to);
    })).toEqual([]);
  });

  it('lib/nn, lib/optim, lib/utils/data and lib/vision never import the native binding', () => {
    const apiOnly = new Set<Layer>(['nn', 'optim', 'utils/data', 'vision', 'distributions']);
    expect(offendingImports((file, dep) => apiOnly.has(layerOf(file)) && dep === 'binding.ts')).toEqual([]);
  });

  it('no lib module but the package entry imports the torch.ts barrel', () => {
    expect(offendingImports((file, dep) => dep === 'torch.ts' && file !== 'index.ts')).toEqual([]);
  });

  it('one RemovableHandle class, in lib/utils/hooks.ts (as torch/utils/hooks.py), for tensor, module and optimizer hooks', () => {
    expect(filesMatching(/\bclass\s+RemovableHandle\b/)).toEqual(['utils/hooks.ts']);
    // Every hook registration returns one (no ad-hoc `{ remove }` objects).
    expect(filesMatching(/\bremove\s*:\s*\(\)\s*=>/)).toEqual([]);
  });

  it('one describer of values and one plain-object test, in lib/validate.ts', () => {
    expect(filesMatching(/\bfunction\s+(describeValue|isPlainObject|isOptions)\b/)).toEqual(['validate.ts']);
    // Python's type names for JS values (PyTorch's messages) come from describeValue(v, 'python').
    expect(filesMatching(/'NoneType'/)).toEqual(['validate.ts']);
    // lib/nn/_utils.ts keeps only nn's own helpers (Python reprs, reductions): no argument checks.
    expect(filesMatching(/\bfunction\s+(parseArgs|check(Int|Number|Bool|Choice|Tensor|IntTuple))\b/)).toEqual(['validate.ts']);
  });

  it('Tensor.prototype is assembled in lib/tensor_prototype.ts alone, which both package entries load', () => {
    // lib/tensor.ts chains the addon's TensorBase.prototype to Tensor.prototype, and the generated
    // methods are data (property descriptors); nothing but lib/tensor_prototype.ts defines or
    // assigns members on it.
    const patches = /\bdefinePropert(?:y|ies)\(\s*Tensor\.prototype\b|\bTensor\.prototype(?:\.[\w$]+|\[[^\]]+\])\s*=[^=]/;
    expect(filesMatching(patches)).toEqual(['tensor_prototype.ts']);
    expect(graph.get('torch.ts')).toContain('tensor_prototype.ts');
    expect(graph.get('vision/index.ts')).toContain('tensor_prototype.ts');
    const importers = [...graph].filter(([, deps]) => deps.includes('tensor_prototype.ts')).map(([file]) => file).sort();
    expect(importers).toEqual(['torch.ts', 'vision/index.ts']);
  });

  it('no TensorHandle: native calls take the Tensor objects themselves', () => {
    expect(filesMatching(/\bTensorHandle\b/)).toEqual([]);
    expect(filesMatching(/\bget\s+handle\s*\(/)).toEqual([]);
  });
});
