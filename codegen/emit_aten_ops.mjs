// lib/generated/aten_ops.ts: the return types of every aten:: name, for torch.ops.aten.NAME
// (private names included). Types only: nothing of it reaches the runtime bundle.
import { header, schemaText } from './emit_common.mjs';
import { returnsOf } from './model.mjs';

export function emitAtenOps(model) {
  const out = [
    header(model),
    "import type { Tensor } from '../tensor.js';",
    "import type { DType } from '../dtype.js';",
    "import type { AtenOp } from '../ops_namespace.js';",
    "import type * as return_types from './return_types.js';",
    '',
    '/** Every `aten::` operator of the LibTorch the typings were generated from, with its return type. */',
    'export interface AtenOps {',
  ];
  for (const name of model.names) {
    const overloads = model.families.get(name);
    const rets = [...new Set(overloads.map((o) => returnsOf(o, -1)))];
    out.push(`  /** ${overloads.map((o) => `\`${schemaText(o)}\``).join('<br>')} */`);
    out.push(`  readonly ${JSON.stringify(name)}: AtenOp<${rets.join(' | ')}>;`);
  }
  out.push('}', '');
  return { 'lib/generated/aten_ops.ts': out.join('\n') };
}
