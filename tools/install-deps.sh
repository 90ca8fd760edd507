#!/usr/bin/env bash
# Installs the Debian 12 packages seed-engine builds, tests and benchmarks
# with. Idempotent: installs only what is missing (needs root or sudo).
set -euo pipefail

packages=(
  cmake g++ make pkg-config
  libyaml-cpp-dev libcxxopts-dev catch2 libsqlite3-dev sqlite3
  nlohmann-json3-dev zlib1g-dev libssl-dev
  libmariadb-dev mariadb-server mariadb-client
  galera-4 rsync  # tools/galera.sh: the 3-node cluster of the Galera tests
  libpq-dev postgresql-15 postgresql-client-15
  python3 python3-yaml python3-jsonschema
  zsh groff-base  # the generated zsh completion and man page are checked by the tests
  clang libclang-rt-14-dev
  gcovr
)

# yaml-language-server (npm) drives the editor check of the spec JSON Schema
# (tools/yaml_lsp_check.js); Node.js comes from Debian when the machine has
# none.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi

# The npm packages, as package-lock.json pins them.
lsp="$(dirname "$0")/lsp"
# Without the registry the editor check is left out (CMake adds it only
# when the package is there); everything else still builds and runs.
[ -d "$lsp/node_modules/yaml-language-server" ] || (cd "$lsp" && npm ci --no-audit --no-fund --loglevel=error) ||
  echo "warning: npm ci in tools/lsp failed; the yaml-language-server check will be skipped" >&2
