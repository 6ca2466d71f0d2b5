// torch.amp: automatic mixed precision (autocast scopes, loss scaling).
export {
  autocast, isAutocastAvailable, customFwd, customBwd,
  type AutocastOptions, type AutocastScope, type AutocastDeviceType, type CustomFwdOptions,
} from './autocast_mode.js';
export { GradScaler, OptState, type GradScalerOptions, type GradScalerStateDict, type ScaleOutputs, type ScalableOptimizer } from './grad_scaler.js';
