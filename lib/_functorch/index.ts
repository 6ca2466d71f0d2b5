// The functorch transforms (torch/_functorch): vmap and the grad/jvp transforms built on it.
export { vmap } from './vmap.js';
export type { InDims, VmapOptions } from './vmap.js';
export { grad, gradAndValue, vjp, jvp, jacrev, jacfwd, hessian } from './eager_transforms.js';
export type { Argnums, GradTransformOptions, VjpFn, JacrevOptions, JacfwdOptions } from './eager_transforms.js';
