#!/usr/bin/env bash
# Installs the AWS emulator (moto server) into the project-local virtualenv .venv.
# Safe to run concurrently and repeatedly: it takes a lock and does nothing when the pinned
# requirements are already installed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
req="$root/scripts/requirements-moto.txt"
stamp="$venv/.requirements-moto.sha256"
python="${PYTHON:-python3}"

exec 9>"$root/.venv.lock"
flock 9

want="$(sha256sum "$req" | cut -d' ' -f1)"
if [ -x "$venv/bin/moto_server" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  exit 0
fi

echo "Installing the AWS emulator (moto) into $venv ..." >&2
"$python" -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
echo "$want" >"$stamp"
