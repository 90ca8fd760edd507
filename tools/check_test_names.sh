#!/usr/bin/env bash
# CTest passes each Catch test name through as a filter: a name with ';'
# is split in two, '\' and '"' are taken as escapes, and a leading '--'
# as an option. Any of them makes CTest run a filter that matches nothing.
set -euo pipefail
bad=$("$1" --list-test-names-only | grep -E '[;\\"]|^--' || true)
if [ -n "$bad" ]; then
  echo "test names CTest cannot pass to Catch intact:" >&2
  echo "$bad" >&2
  exit 1
fi
