// Every class and function the package exports carries a JSDoc `@example`: the public API is what
// `import ... from 'torch-node'` and 'torch-node/vision' reach, read with the TypeScript compiler
// (one program over lib/, no build), following each re-export and each namespace
// (`export * as nn`, nn.functional, nn.init, nn.utils and its namespaces, optim.lr_scheduler,
// optim.swa_utils, utils.data, ...) down to the declaration it names:
//   - a class needs the example in its own JSDoc (not only on its constructor or members);
//   - an overloaded function needs it on one of its overloads or on the implementation;
//   - a `const` that can be called or constructed (transforms.Normalize, nn.init.kaimingUniform)
//     counts as a function;
//   - types, interfaces and other values (constants, namespace objects) are exempt;
//   - so are the names the package marks as not public: `@internal` in their JSDoc (helpers the
//     layers share, reachable only through a file's namespace), or Python's private leading
//     underscore (nn.utils.parametrizations._Orthogonal, as in PyTorch).
// Each example must also parse as TypeScript, so that it is code to copy, not prose.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import ts from 'typescript';

const libDir = fileURLToPath(new URL('../lib', import.meta.url));
const entries = ['index.ts', 'vision/index.ts'].map((f) => fileURLToPath(new URL(`../lib/${f}`, import.meta.url)));

const program = ts.createProgram(entries, {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
});
const checker = program.getTypeChecker();

/** `file:name` (file relative to lib/) of a declaration, as the failure list names it. */
function keyOf(decl: ts.Node, name: string): string {
  return `${relative(libDir, decl.getSourceFile().fileName).split('\\').join('/')}:${name}`;
}

function jsDocTags(decl: ts.Node, tag: string): ts.JSDocTag[] {
  return ts.getJSDocTags(decl).filter((t) => t.tagName.text === tag);
}

/** The code of a declaration's `@example` tags (TypeScript's JSDoc parser: an inline `... @example x` counts). */
function examplesOf(decl: ts.Node): string[] {
  return jsDocTags(decl, 'example').map((t) => ts.getTextOfJSDocComment(t.comment) ?? '').filter((code) => code.trim() !== '');
}

/** Whether a `const` is a function or class: a value that can be called or constructed. */
function isCallable(sym: ts.Symbol): boolean {
  const type = checker.getTypeOfSymbol(sym);
  return type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0;
}

/** The declarations of a class or function symbol the rule applies to (empty for types and other values). */
function documentedDeclarations(sym: ts.Symbol): ts.Node[] {
  const decls = sym.declarations ?? [];
  if (sym.flags & ts.SymbolFlags.Class) return decls.filter(ts.isClassDeclaration);
  if (sym.flags & ts.SymbolFlags.Function) return decls.filter(ts.isFunctionDeclaration);
  if (sym.flags & ts.SymbolFlags.Variable && isCallable(sym)) return decls.filter(ts.isVariableDeclaration);
  return [];
}

/** Every public class and function reachable from the entries: `file:name` -> the code of its examples. */
function publicDeclarations(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const seenModules = new Set<ts.Symbol>();
  const walk = (moduleSymbol: ts.Symbol): void => {
    if (seenModules.has(moduleSymbol)) return;
    seenModules.add(moduleSymbol);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const sym = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (sym.flags & ts.SymbolFlags.ValueModule) {
        walk(sym);
        continue;
      }
      const decls = documentedDeclarations(sym);
      if (decls.length === 0) continue;
      if (sym.name.startsWith('_') || decls.some((d) => jsDocTags(d, 'internal').length > 0)) continue;
      found.set(keyOf(decls[0]!, sym.name), decls.flatMap(examplesOf));
    }
  };
  for (const entry of entries) {
    const source = program.getSourceFile(entry);
    if (!source) throw new Error(`jsdoc.test.ts: ${entry} is not in the program`);
    walk(checker.getSymbolAtLocation(source)!);
  }
  return found;
}

const declarations = publicDeclarations();

/**
 * The examples (`file:name: code`) that do not parse as TypeScript. An example may leave out what
 * does not matter to it with `...` (`catch (e) { ... }`, `for (const b of loader) ...`): those
 * placeholders are read as empty blocks. All the examples are parsed by one program over
 * in-memory files, without the ES library or imports (syntax only).
 */
function unparsableExamples(): string[] {
  const files = new Map<string, { key: string; code: string }>();
  for (const [key, codes] of declarations) {
    for (const code of codes) {
      const parsed = code.replace(/\{\s*\.\.\.\s*\}/g, '{}').replace(/\.\.\.(?=\s*(?:[})\]]|\/\/|$))/g, '{}');
      files.set(`/example${files.size}.ts`, { key, code: parsed });
    }
  }
  const host = ts.createCompilerHost({});
  host.getSourceFile = (name, languageVersion) => {
    const file = files.get(name);
    return file && ts.createSourceFile(name, file.code, languageVersion);
  };
  host.fileExists = (name) => files.has(name);
  host.readFile = (name) => files.get(name)?.code;
  const examples = ts.createProgram([...files.keys()], { noLib: true, noResolve: true, types: [], target: ts.ScriptTarget.ES2022 }, host);
  return [...files].flatMap(([name, { key, code }]) => {
    const [diagnostic] = examples.getSyntacticDiagnostics(examples.getSourceFile(name));
    return diagnostic ? [`${key}: ${JSON.stringify(code)}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`] : [];
  });
}

describe('JSDoc @example on the public API', () => {
  it('walks every namespace of the package down to its declarations', () => {
    const keys = [...declarations.keys()];
    expect(keys.length).toBeGreaterThan(1000);
    // Names reached only through namespaces: nn, nn.functional, nn.init, nn.utils (and its own
    // namespaces), optim and its submodules, utils.data, the vision entry, the generated operators.
    for (const key of [
      'nn/modules/linear.ts:Linear', 'nn/modules/activation.ts:Hardshrink', 'nn/init.ts:kaimingUniform_',
      'nn/utils/clip_grad.ts:clipGradNorm_', 'optim/adam.ts:Adam', 'optim/lr_scheduler.ts:StepLR',
      'optim/swa_utils.ts:AveragedModel', 'utils/data/dataloader.ts:DataLoader', 'vision/transforms/core.ts:Normalize',
      'generated/functions.ts:abs', 'tensor.ts:Tensor',
    ]) expect(keys, key).toContain(key);
    expect(keys.some((k) => k.startsWith('nn/functional'))).toBe(true);
    expect(keys.some((k) => k.startsWith('nn/utils/parametrize'))).toBe(true);
  });

  it('every public class and function has an @example', () => {
    const missing = [...declarations].filter(([, examples]) => examples.length === 0).map(([key]) => key).sort();
    expect(missing, `add a JSDoc @example to:\n  ${missing.join('\n  ')}\n`).toEqual([]);
  });

  it('every example parses as TypeScript', () => {
    expect(unparsableExamples()).toEqual([]);
  });
});
