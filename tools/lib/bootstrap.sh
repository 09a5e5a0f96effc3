#!/usr/bin/env bash
# Shared set-up for tools/meshsim and tools/test: installs the Debian packages meshsim needs
# that are missing (and says which), then configures and builds Release into build/
# incrementally. Sourced, not run: callers use meshsim_bootstrap and meshsim_build.
#
# Why each package is here: see README.md, "Dependencies".

MESHSIM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MESHSIM_BUILD_DIR="${MESHSIM_BUILD_DIR:-$MESHSIM_ROOT/build}"

MESHSIM_PACKAGES=(
  g++ cmake ninja-build pkg-config
  libboost-dev libboost-graph-dev
  libyaml-cpp-dev nlohmann-json3-dev
  libgtest-dev libgmock-dev librapidcheck-dev libbenchmark-dev
  libssl-dev
  libjemalloc-dev  # the heap allocator of meshsim and its benchmarks (cmake/allocator.cmake)
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  wrk  # tools/bench-cloudmap-http's load generator
)

meshsim_log() { printf 'meshsim: %s\n' "$*" >&2; }

meshsim_missing_packages() {
  local pkg missing=()
  for pkg in "$@"; do
    if [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]; then
      missing+=("$pkg")
    fi
  done
  printf '%s\n' "${missing[@]}"
}

# Installs whichever of the given packages (default: MESHSIM_PACKAGES) are missing.
meshsim_install_packages() {
  local -a wanted=("$@")
  [ ${#wanted[@]} -gt 0 ] || wanted=("${MESHSIM_PACKAGES[@]}")
  if ! command -v dpkg-query >/dev/null 2>&1; then
    meshsim_log "not a Debian system: install ${wanted[*]} yourself"
    return 0
  fi
  local -a missing
  mapfile -t missing < <(meshsim_missing_packages "${wanted[@]}" | sed '/^$/d')
  [ ${#missing[@]} -eq 0 ] && return 0
  meshsim_log "installing missing Debian packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { meshsim_log "need root or sudo to install: ${missing[*]}"; return 1; }
    sudo="sudo"
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || return 1
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >&2 || return 1
}

# Configures (once) and builds the given targets (default: all). Build output goes to
# build/build.log and is shown only when the build fails, so `meshsim run` prints the run.
meshsim_build() {
  local log="$MESHSIM_BUILD_DIR/build.log"
  mkdir -p "$MESHSIM_BUILD_DIR"
  if [ ! -f "$MESHSIM_BUILD_DIR/build.ninja" ]; then
    # Release unless MESHSIM_CMAKE_ARGS says otherwise (tools/test --sanitize passes Debug).
    if ! cmake -S "$MESHSIM_ROOT" -B "$MESHSIM_BUILD_DIR" -G Ninja \
        -DCMAKE_BUILD_TYPE=Release ${MESHSIM_CMAKE_ARGS:-} >"$log" 2>&1; then
      cat "$log" >&2
      meshsim_log "configure failed (log: $log)"
      return 1
    fi
    local build_type
    build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$MESHSIM_BUILD_DIR/CMakeCache.txt")"
    meshsim_log "configured a ${build_type:-default} build in ${MESHSIM_BUILD_DIR#"$MESHSIM_ROOT"/}"
  fi
  local jobs
  jobs="${MESHSIM_JOBS:-$(nproc 2>/dev/null || echo 2)}"  # MESHSIM_JOBS: fewer on a shared machine
  if ! cmake --build "$MESHSIM_BUILD_DIR" -j "$jobs" ${1:+--target "$@"} >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    meshsim_log "build failed (full log: $log)"
    return 1
  fi
}
