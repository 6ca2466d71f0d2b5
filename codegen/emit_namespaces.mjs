// lib/generated/namespaces.ts: torch.linalg / torch.fft / torch.special, the aten::linalg_*,
// fft_*, special_* operators Python exposes in those modules, under their short names.
import { header, wrapperImports, docLines } from './emit_common.mjs';

export function emitNamespaces(model) {
  const out = [
    header(model),
    '// torch.linalg, torch.fft and torch.special: the aten::linalg_*, fft_*, special_* operators Python',
    '// exposes in those modules, under their short names.',
    ...wrapperImports('type'),
    '',
  ];
  for (const mod of [...model.namespaces.keys()].sort()) {
    const entries = model.namespaces.get(mod);
    const iface = `Torch${mod[0].toUpperCase()}${mod.slice(1)}`;
    const decls = [];
    for (const e of entries) {
      for (const s of e.sigs) {
        decls.push(...docLines('  ', e.doc, [s.o], e.example));
        decls.push(`  ${e.member}(${s.params}): ${s.ret};`);
      }
    }
    out.push(...entries.map((e) => `const f_${e.name} = opFamily('${e.name}');`));
    out.push('', `/** torch.${mod}: as Python's torch.${mod} module. */`, `export interface ${iface} {`, ...decls, '}', '');
    out.push(`/** torch.${mod}, as in Python. @example torch.${mod}.${entries[0].member}(x) */`);
    out.push(`export const ${mod}: ${iface} = {`);
    out.push(...entries.map((e) => `  ${e.member}: (...args: unknown[]): unknown => callOp(f_${e.name}, args),`));
    out.push(`} as unknown as ${iface};`, '');
  }
  return { 'lib/generated/namespaces.ts': out.join('\n') };
}
