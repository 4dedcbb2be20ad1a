#!/usr/bin/env bash
# Container health: healthy only while ComfyUI answers /system_stats and the runner has said, within
# the last COMFYLESS_READY_MAX_AGE_SECONDS (30), that it takes jobs (it touches its readiness file
# on every worker report, every 5 s, and deletes it when it drains). Uses bash's /dev/tcp, so the
# image needs no HTTP client.
set -u
port="${COMFYUI_PORT:-8188}"
ready="${COMFYLESS_READY_FILE:-${COMFYLESS_DATA_DIR:-/data}/run/ready}"
max_age="${COMFYLESS_READY_MAX_AGE_SECONDS:-30}"

status="$(timeout 3 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$0" \
  && printf "GET /system_stats HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" >&3 && head -n 1 <&3' "$port" 2>/dev/null)"
case "$status" in
  "HTTP/1."?" 200"*) ;;
  *) echo "unhealthy: ComfyUI does not answer on port $port"; exit 1 ;;
esac
[ -f "$ready" ] || { echo "unhealthy: the runner is not ready (no $ready)"; exit 1; }
age=$(( $(date +%s) - $(stat -c %Y "$ready") ))
[ "$age" -le "$max_age" ] || { echo "unhealthy: the runner last said it was ready ${age} s ago"; exit 1; }
echo "healthy"
