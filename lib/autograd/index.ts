// torch.autograd: backward, grad, grad-mode switches (custom Functions and gradcheck join here).
export { backward, grad } from './backward.js';
export type { GradOptions, AutogradBackwardOptions } from './backward.js';
export { noGrad, enableGrad, inferenceMode, setGradEnabled, isGradEnabled } from './grad_mode.js';
export { Function, FunctionCtx, _setForceCrossThread, _engineBridgeStats } from './function.js';
export type { BackwardResult, FunctionOutput, ApplyFunction, FunctionClass } from './function.js';
export { RemovableHandle } from '../utils/hooks.js';
export type { TensorHook } from './hooks.js';
export { gradcheck, gradgradcheck, GradcheckError } from './gradcheck.js';
export type { GradcheckOptions, GradgradcheckOptions, GradcheckFunction } from './gradcheck.js';
export * as forwardAd from './forward_ad.js';
export * as functional from './functional.js';
export { detectAnomaly, setDetectAnomaly, isAnomalyEnabled, isAnomalyCheckNanEnabled } from './anomaly_mode.js';
export type { DetectAnomalyOptions, AnomalyError } from './anomaly_mode.js';
export * as graph from './graph.js';
