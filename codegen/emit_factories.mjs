// lib/generated/factories.ts: the operators torch.setDefaultDevice applies to, classed by the one
// factory rule (model.mjs: isFactoryOverload), which also decides which typings take requiresGrad.
import { header } from './emit_common.mjs';

export function emitFactories(model) {
  const out = [
    header(model),
    '',
    '/**',
    ' * The aten:: operators that create a tensor from no tensor (some overload takes the keyword-only',
    ' * TensorOptions and no Tensor): calls without a device get torch.setDefaultDevice\'s.',
    ' */',
    'export const factoryOperators: ReadonlySet<string> = new Set([',
    ...model.factories.map((n) => `  ${JSON.stringify(n)},`),
    ']);',
    '',
  ];
  return { 'lib/generated/factories.ts': out.join('\n') };
}
