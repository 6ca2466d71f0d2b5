#!/usr/bin/env bash
# The GPU machine check, in two halves:
#
#   scripts/gpu/check.sh pack   HERE (the CPU machine, before a device session): builds dist/ (lib
#                               and examples) and fills the git-ignored .gpu-carry/ with what the
#                               bare GPU machine lacks: node (xz), Node's V8/N-API headers, the
#                               node_modules the build and the tests need, a Fashion-MNIST subset.
#                               Prints the size; the device tool carries at most 64 MiB.
#   scripts/gpu/check.sh run    THERE, through the device tool, from the repository root:
#       run(command="bash scripts/gpu/check.sh run", carry=[".gpu-carry"], timeout_s=600)
#                               Unpacks, builds the addon against python3's CUDA LibTorch, then
#                               runs, each step with a timeout inside one
#                               overall budget (GPU_CHECK_BUDGET, default 500 s) and carrying on
#                               after a failed step: test/cuda.test.ts, examples/inplace-memory, the
#                               demo (`--device cuda --limit N`), scripts/gpu/models-check.mjs (save/load,
#                               safetensors and TorchScript on CUDA), bench/train-article, and the CUDA test
#                               subset with CUDA as the default device (npm run test:cuda).
#                               Everything lands in $OUT/gpu-<date>/ (bench/results/gpu-<date>/
#                               when $OUT is unset): one log per step, env.txt (date, machine, GPU,
#                               versions), summary.txt (step, status, seconds) and *.json results.
#                               Commit the figures under bench/results/ afterwards.
#
# Knobs (environment): GPU_CHECK_BUDGET (s), DEMO_LIMIT (batches, default 300), BENCH_LIMIT
# (timed steps, default 200), GPU_CHECK_SKIP (space-separated step names to skip).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
carry="$here/.gpu-carry"

die() { echo "gpu-check: $*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
pack() {
  command -v xz >/dev/null || die "xz is needed to pack"
  rm -rf "$carry" && mkdir -p "$carry"
  echo "gpu-check pack: building dist/ (lib + examples)"
  local tscfg="$carry/tsconfig.pack.json"
  cat > "$tscfg" <<EOF
{ "extends": "$here/tsconfig.json",
  "compilerOptions": { "outDir": "$carry/dist", "rootDir": "$here", "typeRoots": ["$here/node_modules/@types"] },
  "include": ["$here/lib/**/*.ts", "$here/examples/**/*.ts"] }
EOF
  # tsc emits even with type errors elsewhere in the tree; say so and go on.
  npx tsc -p "$tscfg" || echo "gpu-check pack: tsc reported errors (see above); dist/ was emitted anyway"
  tar -C "$carry" -cJf "$carry/dist.tar.xz" dist && rm -rf "$carry/dist" "$tscfg"

  echo "gpu-check pack: node $(node --version)"
  xz -T2 -6 -c "$(command -v node)" > "$carry/node.xz"
  # V8 and N-API headers (the addon is built against them: CMake stops without them).
  local inc
  inc="$(node -p "require('path').resolve(process.execPath, '../../include/node')")"
  if [ -f "$inc/v8.h" ]; then
    tar -C "$inc/.." -cJf "$carry/node-include.tar.xz" --exclude=node/openssl --exclude=node/uv node
  fi
  # node_modules without TypeScript (dist/ is prebuilt) and without its type packages.
  tar -C "$here" -cJf "$carry/node_modules.tar.xz" --exclude=node_modules/typescript \
    --exclude=node_modules/@types --exclude='node_modules/.cache' node_modules

  # Fashion-MNIST: the test set, and the first 20000 training images (the demo and the bench use
  # fewer; the IDX header's count is rewritten so the file stays valid).
  local src=/usr/share/datasets/fashion-mnist
  if [ -f "$src/train-images-idx3-ubyte.gz" ]; then
    mkdir -p "$carry/fashion-mnist"
    cp "$src"/t10k-*-ubyte.gz "$carry/fashion-mnist/"
    python3 - "$src" "$carry/fashion-mnist" 20000 <<'PY'
import gzip, struct, sys
src, dst, keep = sys.argv[1], sys.argv[2], int(sys.argv[3])
for name, item in (('train-images-idx3-ubyte.gz', 784), ('train-labels-idx1-ubyte.gz', 1)):
    data = gzip.open(f'{src}/{name}').read()
    ndim = data[3]
    header = bytearray(data[:4 + 4 * ndim])
    struct.pack_into('>I', header, 4, keep)
    gzip.open(f'{dst}/{name}', 'wb').write(bytes(header) + data[len(header):len(header) + keep * item])
PY
  fi
  du -sh "$carry"/* && du -sh "$carry"
  local bytes
  bytes=$(du -sb "$carry" | cut -f1)
  [ "$bytes" -lt $((64 * 1024 * 1024)) ] || die "$carry is $bytes bytes: over the device tool's 64 MiB carry limit"
  echo "gpu-check pack: done; carry [\".gpu-carry\"] and run \`bash scripts/gpu/check.sh run\` on the GPU machine"
}

# ---------------------------------------------------------------------------------------------
start=$SECONDS
budget=${GPU_CHECK_BUDGET:-500}
results=""
summary=""

# step NAME MAX_SECONDS COMMAND...: runs COMMAND with a timeout (no more than what is left of the
# budget), output to NAME.log, and records NAME, status and seconds; never stops the script.
step() {
  local name=$1 max=$2; shift 2
  local left=$((budget - (SECONDS - start)))
  local t0=$SECONDS rc=0 limit=$max
  if [[ " ${GPU_CHECK_SKIP:-} " == *" $name "* ]]; then
    printf '%-22s %-10s %5s\n' "$name" "skipped" "0" | tee -a "$summary"; return 0
  fi
  [ "$left" -lt "$limit" ] && limit=$left
  if [ "$limit" -lt 10 ]; then
    printf '%-22s %-10s %5s\n' "$name" "no-time" "0" | tee -a "$summary"; return 0
  fi
  echo "== $name (timeout ${limit}s)"
  timeout --kill-after=10 "$limit" "$@" > "$results/$name.log" 2>&1 || rc=$?
  local status=ok
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then status=timeout; elif [ "$rc" -ne 0 ]; then status="rc=$rc"; fi
  printf '%-22s %-10s %5s\n' "$name" "$status" "$((SECONDS - t0))" | tee -a "$summary"
  tail -n 25 "$results/$name.log"
  return 0
}

# xz -dc, or Python's lzma where xz is missing.
unxz_to_stdout() {
  if command -v xz >/dev/null; then xz -dc "$1"
  else python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$1"; fi
}

unpack() {
  [ -d "$carry" ] || die "no .gpu-carry/: run \`scripts/gpu/check.sh pack\` here first and carry [\".gpu-carry\"]"
  mkdir -p "$carry/node/bin"
  if [ -f "$carry/node.xz" ] && [ ! -x "$carry/node/bin/node" ]; then
    unxz_to_stdout "$carry/node.xz" > "$carry/node/bin/node" && chmod +x "$carry/node/bin/node"
  fi
  if [ -f "$carry/node-include.tar.xz" ] && [ ! -d "$carry/node/include/node" ]; then
    mkdir -p "$carry/node/include" && unxz_to_stdout "$carry/node-include.tar.xz" | tar -C "$carry/node/include" -xf -
  fi
  if [ -f "$carry/node_modules.tar.xz" ] && [ ! -d node_modules/vitest ]; then
    unxz_to_stdout "$carry/node_modules.tar.xz" | tar -C "$here" -xf -
  fi
  if [ -f "$carry/dist.tar.xz" ]; then rm -rf dist && unxz_to_stdout "$carry/dist.tar.xz" | tar -C "$here" -xf -; fi
  if ! command -v node >/dev/null || [ -x "$carry/node/bin/node" ]; then export PATH="$carry/node/bin:$PATH"; fi
  node --version
}

# Builds the addon; on a failed configure or compile, tries the next way (cmake/ImportLibTorch.cmake).
build() {
  local cmakejs=(node node_modules/cmake-js/bin/cmake-js compile -p "$(nproc)")
  # An nvcc on PATH, in /usr/local/cuda, or from the pip wheels beside python3's torch.
  local nvcc site
  nvcc="$(command -v nvcc || true)"
  if [ -z "$nvcc" ] && [ -x /usr/local/cuda/bin/nvcc ]; then nvcc=/usr/local/cuda/bin/nvcc; fi
  if [ -z "$nvcc" ]; then
    site="$(python3 -c 'import os, torch; print(os.path.dirname(os.path.dirname(torch.__file__)))' 2>/dev/null || true)"
    if [ -n "$site" ]; then nvcc="$(find "$site/nvidia" -path '*/bin/nvcc' -type f 2>/dev/null | head -n 1 || true)"; fi
  fi
  echo "nvcc: ${nvcc:-none}"
  if [ -n "$nvcc" ]; then
    # The toolkit root: nvcc's own TOP (nvcc may be a wrapper script in another folder).
    local top
    top="$("$nvcc" --dryrun -x cu -c /dev/null -o /dev/null 2>&1 | sed -n 's/^#\$ TOP=//p' | head -n 1)"
    [ -n "$top" ] || top="$(dirname "$(dirname "$nvcc")")"
    export CUDACXX="$nvcc" CUDA_HOME="${CUDA_HOME:-$(cd "$top" && pwd)}"
    echo "CUDA_HOME=$CUDA_HOME"
  fi
  local attempt
  for attempt in "" "--CDTORCH_NODE_TORCH_IMPORT=direct" "--CDTORCH_NODE_TORCH_IMPORT=direct --CDTORCH_NODE_CUDA=OFF"; do
    echo "--- cmake-js compile $attempt"
    rm -rf build
    # shellcheck disable=SC2086  # $attempt holds zero or more options on purpose
    if "${cmakejs[@]}" $attempt; then
      echo "built with: ${attempt:-default options}"
      return 0
    fi
  done
  return 1
}

environment() {
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "host: $(hostname)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?') $(git status --porcelain 2>/dev/null | wc -l | tr -d ' ') files changed"
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader 2>&1 || true
  python3 -c 'import torch; print("python torch", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())' 2>&1 || true
  echo "nvcc: $(command -v nvcc || echo none)"; nvcc --version 2>/dev/null | tail -n 1 || true
  echo "cmake: $(cmake --version 2>/dev/null | head -n 1 || echo none)"; echo "ninja: $(ninja --version 2>/dev/null || echo none)"
  echo "g++: $(g++ --version 2>/dev/null | head -n 1 || echo none)"; echo "cores: $(nproc)"
  echo "node: $(node --version 2>/dev/null || echo none)"
}

run() {
  local stamp
  stamp="$(date -u +%Y%m%dT%H%M%SZ)"
  if [ -n "${OUT:-}" ]; then results="$OUT/gpu-$stamp"; else results="$here/bench/results/gpu-$stamp"; fi
  mkdir -p "$results"
  summary="$results/summary.txt"
  printf '%-22s %-10s %5s\n' step status seconds > "$summary"
  local data="$carry/fashion-mnist"
  [ -d "$data" ] || data=/usr/share/datasets/fashion-mnist

  # Unpacking sets PATH for the steps after it, so it runs in this shell (no timeout: tar/xz only).
  local t0=$SECONDS
  if unpack > "$results/unpack.log" 2>&1; then
    printf '%-22s %-10s %5s\n' unpack ok "$((SECONDS - t0))" | tee -a "$summary"
  else
    printf '%-22s %-10s %5s\n' unpack failed "$((SECONDS - t0))" | tee -a "$summary"; cat "$results/unpack.log"
  fi
  environment > "$results/env.txt" 2>&1 || true
  cat "$results/env.txt"
  export -f build
  step build 300 bash -c 'set -uo pipefail; build'
  grep -h -e '^built with' -e 'TORCH_NODE_WITH_CUDA=' -e 'import: ' "$results/build.log" | tee -a "$summary" || true
  if [ ! -f build/Release/torch_node.node ]; then
    echo "gpu-check: no addon was built; see $results/build.log" | tee -a "$summary"
    return 0
  fi
  local vitest=(node node_modules/vitest/vitest.mjs run)
  step cuda-tests 90 "${vitest[@]}" test/cuda.test.ts
  step inplace-memory 90 node dist/examples/inplace-memory.js --device cuda
  step demo 150 node dist/examples/article.js --device cuda --limit "${DEMO_LIMIT:-300}" --epochs 1 --root "$data"
  step models-in-out 90 node scripts/gpu/models-check.mjs --device cuda
  step bench-train-article 150 node bench/train-article.mjs --device cuda --rounds 1 --limit "${BENCH_LIMIT:-200}" --root "$data" --json "$results/train-article.json"
  step test-cuda-default 240 env TORCH_NODE_TEST_DEVICE=cuda "${vitest[@]}" test/cuda.test.ts test/tensor.test.ts \
    test/ops test/autograd test/nn test/optim test/memory
  echo "total: $((SECONDS - start))s" >> "$summary"
  echo "=== summary ($results)"
  cat "$summary" "$results/env.txt"
}

case "${1:-}" in
  pack) pack ;;
  run) run ;;
  *) echo "usage: scripts/gpu/check.sh pack|run   (see the header of this script)" >&2; exit 2 ;;
esac
