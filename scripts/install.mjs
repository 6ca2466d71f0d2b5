#!/usr/bin/env node
// torch-node's npm "install" script. Does nothing unless a build from source is asked for:
//   TORCH_NODE_BUILD_FROM_SOURCE=1 npm install torch-node
//   npm rebuild torch-node --build-from-source      (npm sets npm_config_build_from_source=true)
// (npm_config_build_from_source=torch-node, node-pre-gyp's per-package form, works too.)
// Otherwise the prebuilt addon of @torch-node/<platform> is used (lib/binding.ts).
// The build: cmake-js (a dependency) compiles native/ into build/Release/torch_node.node against
// the LibTorch found as documented in cmake/FindLibTorch.cmake (LIBTORCH or TORCH_NODE_LIBTORCH,
// Torch_DIR, python3's PyTorch, the system), with the V8 headers of the Node running this script.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const flag = (v) => v !== undefined && /^(1|true|yes|on|torch-node)$/i.test(v.trim());
const requested = flag(env.TORCH_NODE_BUILD_FROM_SOURCE) || flag(env.npm_config_build_from_source);
if (!requested) process.exit(0);

const fail = (msg) => {
  console.error(`\ntorch-node: build from source failed: ${msg}\n`);
  process.exit(1);
};
const has = (cmd, args = ['--version']) => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).split('\n')[0];
  } catch {
    return undefined;
  }
};

console.log('torch-node: building the native addon from source (TORCH_NODE_BUILD_FROM_SOURCE)');
if (process.platform === 'win32') fail('building on Windows is not supported yet.');

const cmake = has('cmake');
if (!cmake) fail('cmake was not found on PATH. Install CMake 3.18 or newer (Debian/Ubuntu: `apt-get install cmake`; or `pip install cmake`).');
const cxxName = env.CXX || ['c++', 'g++', 'clang++'].find((c) => has(c));
const cxx = cxxName && has(cxxName);
if (!cxx) fail(`no C++17 compiler was found (${env.CXX ? `CXX=${env.CXX} does not run` : 'tried c++, g++, clang++'}). ` +
  'Install one (Debian/Ubuntu: `apt-get install g++`) or set CXX.');

// LibTorch: TORCH_NODE_LIBTORCH is also honoured at build time (as LIBTORCH, what FindLibTorch reads).
const buildEnv = { ...env };
if (env.TORCH_NODE_LIBTORCH && !env.LIBTORCH) buildEnv.LIBTORCH = env.TORCH_NODE_LIBTORCH;
let libtorch;
if (buildEnv.LIBTORCH) {
  if (!existsSync(join(buildEnv.LIBTORCH, 'share', 'cmake', 'Torch', 'TorchConfig.cmake')))
    fail(`LIBTORCH=${buildEnv.LIBTORCH} is not a LibTorch: it has no share/cmake/Torch/TorchConfig.cmake. ` +
      'Point it at an unpacked LibTorch (https://pytorch.org/get-started/locally/, C++/LibTorch) or a PyTorch install\'s torch/ folder.');
  libtorch = `LIBTORCH=${buildEnv.LIBTORCH}`;
} else if (env.Torch_DIR) {
  libtorch = `Torch_DIR=${env.Torch_DIR}`;
} else {
  const py = has('python3', ['-c', 'import torch,os;print(torch.__version__, os.path.dirname(torch.__file__))']);
  if (py) {
    libtorch = `python3's PyTorch ${py}`;
    // Pinned: the build below puts this Node's folder first on PATH, which may hold another python3.
    buildEnv.LIBTORCH = py.slice(py.indexOf(' ') + 1);
  }
  else if (existsSync('/usr/lib/x86_64-linux-gnu/cmake/Torch/TorchConfig.cmake')) libtorch = 'the system LibTorch';
  else fail('LibTorch was not found: set LIBTORCH (or TORCH_NODE_LIBTORCH) to an unpacked LibTorch 2.13, or install ' +
    'PyTorch for python3 (`python3 -m pip install torch --index-url https://download.pytorch.org/whl/cpu`).');
}

const require = createRequire(join(root, 'package.json'));
let cmakeJs;
try {
  cmakeJs = join(dirname(require.resolve('cmake-js/package.json')), 'bin', 'cmake-js');
  require.resolve('node-addon-api');
} catch {
  fail('cmake-js or node-addon-api is missing (they are dependencies of torch-node: reinstall without --omit=prod, ' +
    'or `npm install cmake-js node-addon-api`).');
}
console.log(`torch-node: ${cmake}; ${cxx}; LibTorch: ${libtorch}; Node ${process.version}`);

const args = [cmakeJs, 'compile', '--CDCMAKE_BUILD_TYPE=Release', '-p', String(Math.max(1, cpus().length))];
const include = join(dirname(process.execPath), '..', 'include', 'node');
// The addon is built against this Node's V8 headers (docs/native-layout.md): without them CMake
// would stop; say so before starting.
if (!existsSync(join(include, 'v8.h')) && !env.TORCH_NODE_NODE_INCLUDE) {
  fail(`no V8 headers in ${include}: building from source needs the headers of the Node that runs it ` +
    '(official Node builds and nvm install them next to the node binary; Debian/Ubuntu: libnode-dev). ' +
    'Set TORCH_NODE_NODE_INCLUDE to their include/node folder if they are elsewhere.');
}
args.push(`--CDTORCH_NODE_NODE_INCLUDE=${env.TORCH_NODE_NODE_INCLUDE ?? include}`);
// Put this node first on PATH: CMake runs `node` to find node-addon-api.
buildEnv.PATH = `${dirname(process.execPath)}:${env.PATH ?? ''}`;
const r = spawnSync(process.execPath, args, { cwd: root, env: buildEnv, stdio: 'inherit' });
if (r.status !== 0) fail(`cmake-js exited with ${r.status ?? r.signal} (the output above says why).`);
if (!existsSync(join(root, 'build', 'Release', 'torch_node.node'))) fail('cmake-js succeeded but build/Release/torch_node.node is missing.');
console.log('torch-node: built build/Release/torch_node.node');
