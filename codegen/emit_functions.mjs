// lib/generated/functions.ts: torch.NAME where Python has torch.NAME (or torch._C._nn.NAME, which
// torch.nn.functional wraps: torch.linear, torch.gelu, ...). Every body is one callOp().
import { header, wrapperImports, docLines } from './emit_common.mjs';

export function emitFunctions(model) {
  const out = [header(model), '/* eslint-disable */', ...wrapperImports('type'), ''];
  for (const f of model.functions) {
    const id = `f_${f.name}`;
    out.push(`const ${id} = opFamily('${f.name}');`);
    for (const s of f.sigs) {
      out.push(...docLines('', f.doc, [s.o], f.example));
      out.push(`export function ${f.exportName}(${s.params}): ${s.ret};`);
    }
    out.push(`export function ${f.exportName}(...args: unknown[]): unknown { return callOp(${id}, args); }`);
    if (f.exportName !== f.jsName) out.push(`export { ${f.exportName} as ${f.jsName} };`);
  }
  out.push('');
  return { 'lib/generated/functions.ts': out.join('\n') };
}
