#!/usr/bin/env bash
# The project's serve command (README): installs what is missing, then builds the page in
# release mode and serves it at http://127.0.0.1:8080/ (PORT=... to change the port), rebuilding
# when the sources change. Stop it with Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
QS_SKIP_BROWSER=1 scripts/setup.sh

port=${PORT:-8080}
echo "serve: building, then serving quorumscope at http://127.0.0.1:$port/" >&2
exec trunk serve --release --address 127.0.0.1 --port "$port"
