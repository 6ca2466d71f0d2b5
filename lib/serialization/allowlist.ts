// Which Python globals a torch.load pickle may name: PyTorch's `weights_only` allow-list
// (torch/_weights_only_unpickler.py, _get_allowed_globals), and the names refused even with
// weightsOnly: false because they exist to run code. The storage-class and dtype tables used by
// both directions live here too.
import type { DType } from '../dtype.js';
import { dtypeInfo, dtypeNames } from '../generated/dtypes.js';

/** Python 2 names in protocol-2 pickles, as Python's _compat_pickle maps them (IMPORT_MAPPING, NAME_MAPPING). */
const MODULE_RENAMES: Record<string, string> = {"__builtin__": "builtins", "copy_reg": "copyreg", "Queue": "queue", "SocketServer": "socketserver", "ConfigParser": "configparser", "repr": "reprlib", "tkFileDialog": "tkinter.filedialog", "tkSimpleDialog": "tkinter.simpledialog", "tkColorChooser": "tkinter.colorchooser", "tkCommonDialog": "tkinter.commondialog", "Dialog": "tkinter.dialog", "Tkdnd": "tkinter.dnd", "tkFont": "tkinter.font", "tkMessageBox": "tkinter.messagebox", "ScrolledText": "tkinter.scrolledtext", "Tkconstants": "tkinter.constants", "Tix": "tkinter.tix", "ttk": "tkinter.ttk", "Tkinter": "tkinter", "markupbase": "_markupbase", "_winreg": "winreg", "thread": "_thread", "dummy_thread": "_dummy_thread", "dbhash": "dbm.bsd", "dumbdbm": "dbm.dumb", "dbm": "dbm.ndbm", "gdbm": "dbm.gnu", "xmlrpclib": "xmlrpc.client", "SimpleXMLRPCServer": "xmlrpc.server", "httplib": "http.client", "htmlentitydefs": "html.entities", "HTMLParser": "html.parser", "Cookie": "http.cookies", "cookielib": "http.cookiejar", "BaseHTTPServer": "http.server", "test.test_support": "test.support", "commands": "subprocess", "urlparse": "urllib.parse", "robotparser": "urllib.robotparser", "urllib2": "urllib.request", "anydbm": "dbm", "_abcoll": "collections.abc", "cPickle": "pickle", "_elementtree": "xml.etree.ElementTree", "FileDialog": "tkinter.filedialog", "SimpleDialog": "tkinter.simpledialog", "DocXMLRPCServer": "xmlrpc.server", "SimpleHTTPServer": "http.server", "CGIHTTPServer": "http.server", "UserDict": "collections", "UserList": "collections", "UserString": "collections", "whichdb": "dbm", "StringIO": "io", "cStringIO": "io", "exceptions": "builtins"};
const NAME_RENAMES: Record<string, string> = {"__builtin__.xrange": "builtins.range", "__builtin__.reduce": "functools.reduce", "__builtin__.intern": "sys.intern", "__builtin__.unichr": "builtins.chr", "__builtin__.unicode": "builtins.str", "__builtin__.long": "builtins.int", "itertools.izip": "builtins.zip", "itertools.imap": "builtins.map", "itertools.ifilter": "builtins.filter", "itertools.ifilterfalse": "itertools.filterfalse", "itertools.izip_longest": "itertools.zip_longest", "UserDict.IterableUserDict": "collections.UserDict", "UserList.UserList": "collections.UserList", "UserString.UserString": "collections.UserString", "whichdb.whichdb": "dbm.whichdb", "_socket.fromfd": "socket.fromfd", "_multiprocessing.Connection": "multiprocessing.connection.Connection", "multiprocessing.process.Process": "multiprocessing.context.Process", "multiprocessing.forking.Popen": "multiprocessing.popen_fork.Popen", "urllib.ContentTooShortError": "urllib.error.ContentTooShortError", "urllib.getproxies": "urllib.request.getproxies", "urllib.pathname2url": "urllib.request.pathname2url", "urllib.quote_plus": "urllib.parse.quote_plus", "urllib.quote": "urllib.parse.quote", "urllib.unquote_plus": "urllib.parse.unquote_plus", "urllib.unquote": "urllib.parse.unquote", "urllib.url2pathname": "urllib.request.url2pathname", "urllib.urlcleanup": "urllib.request.urlcleanup", "urllib.urlencode": "urllib.parse.urlencode", "urllib.urlopen": "urllib.request.urlopen", "urllib.urlretrieve": "urllib.request.urlretrieve", "urllib2.HTTPError": "urllib.error.HTTPError", "urllib2.URLError": "urllib.error.URLError", "multiprocessing.AuthenticationError": "multiprocessing.context.AuthenticationError", "multiprocessing.BufferTooShort": "multiprocessing.context.BufferTooShort", "multiprocessing.ProcessError": "multiprocessing.context.ProcessError", "multiprocessing.TimeoutError": "multiprocessing.context.TimeoutError", "__builtin__.basestring": "builtins.str", "UserDict.UserDict": "collections.UserDict", "socket._socketobject": "socket.SocketType"};

/** [module, name] after Python 3's renames of Python 2 names (what Python's unpicklers do). */
export function canonicalGlobal(module: string, name: string): [string, string] {
  const full = NAME_RENAMES[`${module}.${name}`];
  if (full !== undefined) {
    const dot = full.lastIndexOf('.');
    return [full.slice(0, dot), full.slice(dot + 1)];
  }
  return [MODULE_RENAMES[module] ?? module, name];
}

/** Storage classes (`torch.FloatStorage`) -> the dtype of their elements. */
export const STORAGE_DTYPES: Readonly<Record<string, DType>> = Object.fromEntries(
  dtypeNames.flatMap((d) => (dtypeInfo[d].storage === null ? [] : [[dtypeInfo[d].storage, d]])));

/** The storage class torch.save names for a dtype; undefined for dtypes saved as UntypedStorage (v3). */
export function storageClassOf(dtype: DType): string | undefined {
  for (const [cls, d] of Object.entries(STORAGE_DTYPES)) if (d === dtype) return cls;
  return undefined;
}

/** `torch.<name>` dtype globals torch-node has a dtype for. */
export const TORCH_DTYPES: Readonly<Record<string, DType>> = Object.fromEntries(dtypeNames.map((d) => [d, d]));

/** The rebuild functions of torch._utils that PyTorch's allow-list names but torch-node cannot build. */
const UNSUPPORTED_REBUILDS: Record<string, string> = {
  _rebuild_qtensor: 'quantized tensors',
  _rebuild_sparse_tensor: 'sparse tensors',
  _rebuild_nested_tensor: 'nested tensors',
  _rebuild_meta_tensor_no_storage: 'meta tensors',
  _rebuild_wrapper_subclass: 'tensor subclasses',
  _rebuild_device_tensor_from_numpy: 'tensors saved from NumPy arrays',
};

export function unsupportedRebuild(name: string): string | undefined {
  return UNSUPPORTED_REBUILDS[name];
}

const LEGACY_TENSOR_TYPES = ['Double', 'Float', 'Half', 'BFloat16', 'Long', 'Int', 'Short', 'Char', 'Byte', 'Bool'];
const QUANTIZED_STORAGES = ['QInt32Storage', 'QInt8Storage', 'QUInt2x4Storage', 'QUInt4x2Storage', 'QUInt8Storage'];
const EXTRA_DTYPES = [
  'complex32', 'bits16', 'bits1x8', 'bits2x4', 'bits4x2', 'bits8', 'float4_e2m1fn_x2', 'float8_e4m3fn', 'float8_e4m3fnuz',
  'float8_e5m2', 'float8_e5m2fnuz', 'float8_e8m0fnu', 'qint32', 'qint8', 'quint2x4', 'quint4x2', 'quint8',
  ...[1, 2, 3, 4, 5, 6, 7].flatMap((x) => [`int${x}`, `uint${x}`]),
];

function buildAllowList(): Set<string> {
  const s = new Set<string>([
    'collections.OrderedDict', 'collections.Counter', 'torch.nn.parameter.Parameter', 'torch.serialization._get_layout',
    'torch.Size', 'torch.Tensor', 'torch.device', '_codecs.encode', 'builtins.bytearray', 'builtins.set',
    'builtins.complex', 'torch.storage.TypedStorage', 'torch.storage.UntypedStorage', 'torch._tensor._rebuild_from_type_v2',
    'torch.per_tensor_affine', 'torch.per_tensor_symmetric', 'torch.per_channel_affine', 'torch.per_channel_symmetric',
    'torch.per_channel_affine_float_qparams',
  ]);
  for (const d of Object.keys(TORCH_DTYPES)) s.add(`torch.${d}`);
  for (const d of EXTRA_DTYPES) s.add(`torch.${d}`);
  for (const st of [...Object.keys(STORAGE_DTYPES), ...QUANTIZED_STORAGES]) s.add(`torch.${st}`);
  for (const st of Object.keys(STORAGE_DTYPES)) if (!st.startsWith('Complex')) s.add(`torch.cuda.${st}`);
  s.add('torch.cuda.ComplexFloatStorage');
  s.add('torch.cuda.ComplexDoubleStorage');
  for (const t of LEGACY_TENSOR_TYPES) {
    s.add(`torch.${t}Tensor`);
    s.add(`torch.cuda.${t}Tensor`);
    if (t !== 'Bool') {
      s.add(`torch.sparse.${t}Tensor`);
      s.add(`torch.cuda.sparse.${t}Tensor`);
    }
  }
  for (const f of ['_rebuild_parameter_with_state', '_rebuild_wrapper_subclass', '_rebuild_device_tensor_from_cpu_tensor',
    '_rebuild_tensor', '_rebuild_qtensor', '_rebuild_device_tensor_from_numpy', '_rebuild_sparse_tensor',
    '_rebuild_tensor_v2', '_rebuild_parameter', '_rebuild_meta_tensor_no_storage', '_rebuild_nested_tensor',
    '_rebuild_tensor_v3']) {
    s.add(`torch._utils.${f}`);
  }
  return s;
}

/** PyTorch 2.13's weights_only allow-list (module.name after the Python 2 renames). */
export const WEIGHTS_ONLY_ALLOWED: ReadonlySet<string> = buildAllowList();

/** Modules whose globals PyTorch's weights_only unpickler refuses by module. */
export const BLOCKED_MODULES: ReadonlySet<string> = new Set(['sys', 'os', 'posix', 'nt']);

/**
 * Refused even with weightsOnly: false. Nothing is ever called, but a pickle naming these exists
 * to run code, so loading it as an inert record would hide an attack.
 */
const CODE_MODULES = new Set([
  'sys', 'os', 'posix', 'nt', 'subprocess', 'socket', 'shutil', 'importlib', 'runpy', 'pty', 'ctypes', 'pickle',
  '_pickle', 'marshal', 'code', 'codeop', 'webbrowser', 'multiprocessing', 'asyncio', 'threading', 'signal',
  'pdb', 'timeit', 'cProfile', 'profile', 'trace', 'types', 'operator', 'functools', 'torch.jit', 'torch._C',
]);
const CODE_BUILTINS = new Set([
  'eval', 'exec', 'compile', 'getattr', 'setattr', 'delattr', '__import__', 'open', 'apply', 'execfile', 'globals',
  'locals', 'vars', 'input', 'breakpoint', 'memoryview', 'help', 'exit', 'quit', 'type', 'object', 'super',
  'classmethod', 'staticmethod', 'property',
]);

/** Why a global is refused even with weightsOnly: false, or undefined when it may become an inert record. */
export function codeExecutionReason(module: string, name: string): string | undefined {
  const top = module.split('.')[0]!;
  if (CODE_MODULES.has(module) || CODE_MODULES.has(top)) return `its module ${module} runs code or touches the system`;
  if (module === 'builtins' && CODE_BUILTINS.has(name)) return `builtins.${name} runs code`;
  return undefined;
}

/** Python's message for a global outside the allow-list (with `builtins.` spelled as Python does). */
export function notAllowedMessage(module: string, name: string): string {
  const full = `${module}.${name}`;
  if (BLOCKED_MODULES.has(module)) {
    return `Weights only load failed: Trying to load unsupported GLOBAL ${full} whose module ${module} is blocked. ` +
      'torch-node never runs code from a file; with weightsOnly: false such globals are refused too.';
  }
  return `Weights only load failed: Unsupported global: GLOBAL ${full} was not an allowed global by default. ` +
    'torch-node never runs code from a file: pass { weightsOnly: false } only if you trust the file, to load ' +
    'unknown classes as inert PythonObject records.';
}
