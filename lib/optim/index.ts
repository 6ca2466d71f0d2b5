// torch.optim: `import { optim } from 'torch-node'`.
export { Optimizer } from './optimizer.js';
export type {
  BaseOptimizerOptions, ParamGroup, ParamGroupInput, Params, ParamState, StateValue, SavedParamGroup,
  OptimizerStateDict, Closure, OptimizerArgs, ParamsByName, OptimizerStepPreHook, OptimizerStepPostHook,
} from './optimizer.js';
/** The Optimizer base class and the global step hooks, as torch.optim.optimizer (registerOptimizerStepPreHook, ...). */
export * as optimizer from './optimizer.js';
export { SGD } from './sgd.js';
export type { SGDOptions, SGDGroupOptions } from './sgd.js';
export { Adam, AdamW } from './adam.js';
export type { AdamOptions, AdamWOptions, AdamGroupOptions } from './adam.js';
export { RMSprop } from './rmsprop.js';
export type { RMSpropOptions, RMSpropGroupOptions } from './rmsprop.js';
export { Adagrad } from './adagrad.js';
export type { AdagradOptions, AdagradGroupOptions } from './adagrad.js';
export { Adadelta } from './adadelta.js';
export type { AdadeltaOptions, AdadeltaGroupOptions } from './adadelta.js';
export { Adamax } from './adamax.js';
export type { AdamaxOptions, AdamaxGroupOptions } from './adamax.js';
export { NAdam } from './nadam.js';
export type { NAdamOptions, NAdamGroupOptions } from './nadam.js';
export { RAdam } from './radam.js';
export type { RAdamOptions, RAdamGroupOptions } from './radam.js';
export { Rprop } from './rprop.js';
export type { RpropOptions, RpropGroupOptions } from './rprop.js';
export { ASGD } from './asgd.js';
export type { ASGDOptions, ASGDGroupOptions } from './asgd.js';
export { SparseAdam } from './sparse_adam.js';
export type { SparseAdamOptions, SparseAdamGroupOptions } from './sparse_adam.js';
export { LBFGS } from './lbfgs.js';
export type { LBFGSOptions, LBFGSGroupOptions } from './lbfgs.js';
export { Adafactor } from './adafactor.js';
export type { AdafactorOptions, AdafactorGroupOptions } from './adafactor.js';
export { Muon } from './muon.js';
export type { MuonOptions, MuonGroupOptions, MuonAdjustLrFn } from './muon.js';
/** Learning-rate schedulers, as torch.optim.lr_scheduler (also exported as `lrScheduler`). */
export * as lr_scheduler from './lr_scheduler.js';
export * as lrScheduler from './lr_scheduler.js';
/** Stochastic weight averaging, as torch.optim.swa_utils (AveragedModel, updateBn, SWALR, the averaging functions; also exported as `swaUtils`). */
export * as swa_utils from './swa_utils.js';
export * as swaUtils from './swa_utils.js';
