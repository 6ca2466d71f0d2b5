// lib/generated/tensor_methods.ts: Tensor.prototype.NAME where Python's torch.Tensor has it (a
// getter where Python has a property: x.mT, x.real), in-place `_` variants included; typed through
// a `declare module` augmentation of the Tensor class. The file exports the methods as property
// descriptors; lib/tensor_prototype.ts, which assembles the prototype, defines them.
import { header, wrapperImports, docLines } from './emit_common.mjs';

export function emitTensorMethods(model) {
  const ids = [];
  const decls = [];
  const defs = [];
  for (const m of model.methods) {
    ids.push(`const f_${m.name} = opFamily('${m.name}');`);
    if (m.property) {
      const s0 = m.sigs[0];
      decls.push(...docLines('    ', m.doc, [s0.o], m.example));
      decls.push(`    readonly ${m.jsName}: ${s0.ret === 'this' ? 'Tensor' : s0.ret};`);
      defs.push(`  ${JSON.stringify(m.jsName)}: { get(this: Tensor) { return callOp(f_${m.name}, [], this); }, configurable: true },`);
      continue;
    }
    for (const s of m.sigs) {
      decls.push(...docLines('    ', m.doc, [s.o], m.example));
      decls.push(`    ${m.jsName}(${s.params}): ${s.ret};`);
    }
    const body = m.selfIndex === 0
      ? `return callOp(f_${m.name}, args, this);`
      : `args.splice(${m.selfIndex}, 0, this); return callOp(f_${m.name}, args);`;
    defs.push(`  ${JSON.stringify(m.jsName)}: { value(this: Tensor, ...args: unknown[]) { ${body} }, writable: true, configurable: true },`);
  }
  const out = [header(model), '/* eslint-disable */', ...wrapperImports('value'), '', ...ids];
  out.push('', "declare module '../tensor.js' {", '  interface Tensor {', ...decls, '  }', '}', '');
  out.push('/** The operator methods, as property descriptors (lib/tensor_prototype.ts defines them on Tensor.prototype). */');
  out.push('export const tensorMethods: PropertyDescriptorMap = {', ...defs, '};', '');
  return { 'lib/generated/tensor_methods.ts': out.join('\n') };
}
