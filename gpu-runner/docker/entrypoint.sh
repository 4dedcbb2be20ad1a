#!/usr/bin/env bash
# Runs ComfyUI and the ComfyLess runner side by side, writing only under $COMFYLESS_DATA_DIR.
#
# - ComfyUI and the runner start together. The runner registers its worker record at once and
#   reports its setup stages (starting ComfyUI, staging models, ready) while ComfyUI loads.
# - Every folder ComfyUI writes (input, output, temp, user and its database) is put under the data
#   folder with ComfyUI's own flags. Which flags this ComfyUI has is read from its --help: versions
#   before --user-directory (such as the one of March 2024) keep user/ inside their own tree, which
#   must then exist (an image creates it at build time); they write nothing there while serving a
#   runner. Python and Java temporary files go to the data folder too, so the root filesystem can
#   be read-only.
# - SIGTERM (ECS stop, spot interruption) goes to the runner only, so it can finish or hand back its
#   job while ComfyUI keeps running; ComfyUI is stopped after the runner has exited.
# - If either process dies, the other is stopped and the container exits non-zero, so ECS replaces it.
#
# Environment (the image sets the defaults in brackets):
#   COMFYLESS_DATA_DIR [/data]  COMFYUI_DIR [/opt/ComfyUI]  COMFYUI_PYTHON [/opt/venv/bin/python]
#   COMFYUI_PORT [8188]  COMFYUI_ARGS (extra ComfyUI flags, e.g. --cpu)  COMFYLESS_RUNNER_JAR
#   JAVA [java]  JAVA_OPTS  COMFYUI_MODELS_DIR [$data/models]  COMFYLESS_READY_FILE [$data/run/ready]
set -uo pipefail

data="${COMFYLESS_DATA_DIR:-/data}"
comfyui_dir="${COMFYUI_DIR:-/opt/ComfyUI}"
python="${COMFYUI_PYTHON:-/opt/venv/bin/python}"
port="${COMFYUI_PORT:-8188}"
jar="${COMFYLESS_RUNNER_JAR:-/opt/comfyless/comfyless-gpu-runner.jar}"
java="${JAVA:-java}"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

fail() { echo "entrypoint: $*" >&2; exit 1; }

mkdir -p "$data"/input "$data"/output "$data"/temp "$data"/user "$data"/tmp "$data"/run "$data"/models \
  || fail "cannot create folders under $data; it must be writable by uid $(id -u)"
[ -w "$data" ] || fail "$data is not writable by uid $(id -u)"
[ -w "${HOME:-/nonexistent}" ] || export HOME="$data/home"
mkdir -p "$HOME"
export TMPDIR="$data/tmp" PYTHONDONTWRITEBYTECODE=1
export COMFYUI_URL="${COMFYUI_URL:-http://127.0.0.1:$port}"
export COMFYUI_MODELS_DIR="${COMFYUI_MODELS_DIR:-$data/models}"
export COMFYLESS_READY_FILE="${COMFYLESS_READY_FILE:-$data/run/ready}"
rm -f "$COMFYLESS_READY_FILE"

if [ "$(readlink -f "$comfyui_dir/models")" != "$(readlink -f "$COMFYUI_MODELS_DIR")" ]; then
  echo "entrypoint: warning: ComfyUI reads models from $comfyui_dir/models, the runner stages them into" \
    "$COMFYUI_MODELS_DIR; link the first to the second" >&2
fi

args=(--listen 127.0.0.1 --port "$port" --disable-auto-launch
  --input-directory "$data/input" --output-directory "$data/output" --temp-directory "$data/temp")
help="$("$python" "$comfyui_dir/main.py" --help 2>&1)" || fail "cannot run $comfyui_dir/main.py --help: $help"
if grep -q -- '--user-directory' <<<"$help"; then
  args+=(--user-directory "$data/user")
elif [ ! -d "$comfyui_dir/user" ] && [ ! -w "$comfyui_dir" ]; then
  fail "this ComfyUI has no --user-directory and creates $comfyui_dir/user at start, but its tree is read-only;" \
    "create that folder in the image"
fi
if grep -q -- '--database-url' <<<"$help"; then
  args+=(--database-url "sqlite:///$data/user/comfyui.db")
fi

cd "$data" || fail "cannot enter $data"
# shellcheck disable=SC2086 # COMFYUI_ARGS is a list of flags
"$python" "$comfyui_dir/main.py" "${args[@]}" ${COMFYUI_ARGS:-} &
comfyui=$!
COMFYLESS_COMFYUI_STARTED_AT="$(date +%s%3N)"
export COMFYLESS_COMFYUI_STARTED_AT

# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
"$java" ${JAVA_OPTS:-} -Djava.io.tmpdir="$data/tmp" -Dlogback.configurationFile="$here/logback.xml" -jar "$jar" &
runner=$!

drain() {
  trap '' TERM INT
  kill -TERM "$runner" 2>/dev/null
  wait "$runner"
  status=$?
  kill -TERM "$comfyui" 2>/dev/null
  wait "$comfyui"
  # The JVM exits 143 after its shutdown hook drained the runner: that is a clean stop.
  [ "$status" -eq 0 ] || [ "$status" -eq 143 ] && exit 0
  exit "$status"
}
trap drain TERM INT

wait -n "$comfyui" "$runner"
status=$?
echo "entrypoint: $( kill -0 "$runner" 2>/dev/null && echo ComfyUI || echo the runner) exited ($status); stopping" >&2
kill -TERM "$runner" "$comfyui" 2>/dev/null
wait
exit $(( status == 0 ? 1 : status ))
