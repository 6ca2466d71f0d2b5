// torch.autograd: backward, grad, grad-mode switches (custom Functions and gradcheck join here).
export { backward, grad } from './backward.js';
export type { GradOptions } from './backward.js';
export { noGrad, enableGrad, inferenceMode, setGradEnabled, isGradEnabled } from './grad_mode.js';
