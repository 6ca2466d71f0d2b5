// torch.save / torch.load in PyTorch's zip format (docs/serialization.md), and the helpers for the
// Python types JS lacks.
export { save, saveAsync, type SaveTarget, type SaveOptions } from './save.js';
export { load, loadAsync, type LoadOptions, type LoadSource, type MapLocation } from './load.js';
export { UnpicklingError } from './unpickler.js';
export {
  PythonComplex, PythonGlobal, PythonObject, asTuple, isTuple, asOrderedDict, isOrderedDict, dictAttributes,
} from './python_types.js';
