// lib/generated/return_types.ts: torch.return_types, the named tuples of Python's operators, as
// types. An operator returning one gives an array that also carries the fields by name
// (native/op_call.cpp), so `const [values, indices] = x.max(1)` and `x.max(1).indices` both work.
import { header, schemaText } from './emit_common.mjs';

export function emitReturnTypes(model) {
  const out = [
    header(model),
    '// torch.return_types: what operators returning a Python named tuple return. Types only.',
    "import type { Tensor } from '../tensor.js';",
    "import type { DType } from '../dtype.js';",
    '',
  ];
  for (const t of model.returnTypes.values()) {
    const renamed = t.fields.filter((f) => f.name !== f.jsName);
    out.push('/**');
    out.push(` * Python's \`torch.return_types.${t.op}\`: an array \`[${t.fields.map((f) => f.jsName).join(', ')}]\` that also carries`);
    out.push(` * each element under its name${renamed.length ? ` (camelCase: ${renamed.map((f) => `Python's \`${f.name}\` is \`${f.jsName}\``).join(', ')})` : ''}.`);
    for (const o of t.schemas) out.push(` * - \`${schemaText(o)}\``);
    out.push(` * @example const { ${t.fields.map((f) => f.jsName).join(', ')} } = result; const [${t.fields.map((f) => f.jsName).join(', ')}] = result;`);
    out.push(' */');
    const tuple = t.fields.map((f) => `${f.jsName}: ${f.type}`).join(', ');
    const props = t.fields.map((f) => `readonly ${f.jsName}: ${f.type}`).join('; ');
    out.push(`export type ${t.name} = [${tuple}] & { ${props} };`);
  }
  out.push('');
  return { 'lib/generated/return_types.ts': out.join('\n') };
}
