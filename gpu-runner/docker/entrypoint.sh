#!/usr/bin/env bash
# Runs ComfyUI and the ComfyLess runner side by side.
# - ComfyUI starts first; the runner starts once it answers (the runner also tolerates ComfyUI
#   restarts on its own).
# - SIGTERM (ECS stop, spot interruption) goes to the runner only, so it can finish or hand back its
#   job while ComfyUI keeps running; ComfyUI is stopped after the runner has exited.
# - If either process dies, the other is stopped and the container exits non-zero, so ECS replaces it.
set -uo pipefail

/opt/venv/bin/python /opt/ComfyUI/main.py --listen 127.0.0.1 --port 8188 --disable-auto-launch \
  --input-directory /data/input --output-directory /data/output --temp-directory /data/temp \
  ${COMFYUI_ARGS:-} &
comfyui=$!

for _ in $(seq 1 600); do
  curl -sf http://127.0.0.1:8188/prompt >/dev/null && break
  kill -0 "$comfyui" 2>/dev/null || { echo "ComfyUI exited during start-up" >&2; exit 1; }
  sleep 1
done

java ${JAVA_OPTS:-} -jar /opt/comfyless/comfyless-gpu-runner.jar &
runner=$!

drain() {
  kill -TERM "$runner" 2>/dev/null
  wait "$runner"
  kill -TERM "$comfyui" 2>/dev/null
  wait "$comfyui"
  exit 0
}
trap drain TERM INT

wait -n "$comfyui" "$runner"
status=$?
kill -TERM "$runner" "$comfyui" 2>/dev/null
wait
exit "$status"
