#!/usr/bin/env bash
# Sets up torch-node on a fresh Debian 12 machine (as root, or with sudo for apt-get), idempotent:
# PyTorch and safetensors for python3 (its LibTorch is linked, its Python is the test oracle), Fashion-MNIST from
# Debian, npm packages, the native addon and the TypeScript. A second run is fast.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! python3 -c 'import torch' >/dev/null 2>&1; then
  echo "setup: installing PyTorch for python3 (pip)"
  python3 -m pip install --quiet torch
fi
# The oracle of torch.safetensors' tests (Hugging Face's reference implementation).
if ! python3 -c 'import safetensors' >/dev/null 2>&1; then
  echo "setup: installing safetensors for python3 (pip)"
  python3 -m pip install --quiet safetensors
fi

# The vision oracles: torchvision's Python (transforms, models, ops) without its compiled operators
# (test/oracles/vision/_torchvision.py says why), Pillow (torchvision's image type, and the
# reference JPEG/PNG decoder) and scipy (SVHN's .mat files). --no-deps: torchvision must not
# replace the CPU PyTorch above.
if ! python3 -c 'import PIL, scipy.io; import importlib.util as u; assert u.find_spec("torchvision")' >/dev/null 2>&1; then
  echo "setup: installing torchvision, Pillow and scipy for python3 (pip, the vision oracles)"
  python3 -m pip install --quiet --no-deps torchvision==0.29.1 pillow==12.3.0 scipy==1.17.1
fi

need_apt=()
[ -d /usr/share/datasets/fashion-mnist ] || need_apt+=(dataset-fashion-mnist)
command -v cmake >/dev/null || need_apt+=(cmake)
command -v g++ >/dev/null || need_apt+=(g++)
# libjpeg's header: torch-node/vision decodes JPEGs with libjpeg (native/jpeg_decode.cpp).
[ -f /usr/include/jpeglib.h ] || need_apt+=(libjpeg-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: apt-get install ${need_apt[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# npm install, not npm ci: it installs the locked versions too, and tolerates optional
# dependencies a registry mirror lacks (one of vite's platform packages may be).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund
fi

# torch.distributed's Gloo headers (cmake/Gloo.cmake): the copy beside this checkout when there is
# one, unless GLOO_INCLUDE_DIR or TORCH_NODE_FETCH_GLOO says otherwise.
if [ -z "${GLOO_INCLUDE_DIR:-}" ] && [ "${TORCH_NODE_FETCH_GLOO:-}" != 1 ] && [ -d ../shared/third_party/gloo/include ]; then
  export GLOO_INCLUDE_DIR="$(cd ../shared/third_party/gloo/include && pwd)"
fi
gloo_arg=()
[ -n "${GLOO_INCLUDE_DIR:-}" ] && gloo_arg=(--CDGLOO_INCLUDE_DIR="$GLOO_INCLUDE_DIR")

# The addon: cmake-js rebuilds only what changed.
npx cmake-js compile --CDCMAKE_BUILD_TYPE=Release "${gloo_arg[@]}" -p "$(nproc)" >/tmp/torch-node-build.log 2>&1 || {
  tail -50 /tmp/torch-node-build.log; exit 1; }
npx tsc -p tsconfig.json
echo "setup: done (LibTorch $(node -e "import('./dist/lib/index.js').then(t => console.log(t.libtorchVersion))"))"
