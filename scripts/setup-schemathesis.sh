#!/usr/bin/env bash
# Installs schemathesis (pinned) into the project-local virtualenv .venv-schemathesis, apart from the
# emulator's, and prints the path of its command. Safe to run concurrently and repeatedly: it takes a
# lock and does nothing when the pinned requirements are already installed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv-schemathesis"
req="$root/scripts/requirements-schemathesis.txt"
stamp="$venv/.requirements.sha256"
python="${PYTHON:-python3}"

exec 9>"$root/.venv-schemathesis.lock"
flock 9

want="$(sha256sum "$req" | cut -d' ' -f1)"
if [ ! -x "$venv/bin/schemathesis" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "Installing schemathesis into $venv ..." >&2
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req" >&2
  echo "$want" >"$stamp"
fi
echo "$venv/bin/schemathesis"
