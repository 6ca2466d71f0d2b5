// torch.utils: `torch.utils.data`, and `torch.utils.hooks` (RemovableHandle).
export * as data from './data/index.js';
export * as hooks from './hooks.js';
export * as checkpoint from './checkpoint.js';
