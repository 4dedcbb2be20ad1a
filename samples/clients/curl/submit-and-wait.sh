#!/usr/bin/env bash
# Submit a workflow with curl, follow it to the end, and download its outputs.
#   COMFYLESS_API_URL  API base URL (default http://127.0.0.1:8080)
#   COMFYLESS_API_KEY  API key, when the stack requires one
# Usage: submit-and-wait.sh [workflow.json] [output-dir]
set -euo pipefail
api="${COMFYLESS_API_URL:-http://127.0.0.1:8080}"
workflow="${1:-$(dirname "$0")/../../workflows/model_free_v1.json}"
out="${2:-out}"
auth=()
# --retry honours Retry-After on 429 (over the tier's request rate) and 503.
curl() { command curl --retry 5 --retry-max-time 120 "$@"; }
if [ -n "${COMFYLESS_API_KEY:-}" ]; then auth=(-H "Authorization: Bearer $COMFYLESS_API_KEY"); fi

# Reads one field from the JSON on stdin (python3 ships with every machine this targets; jq works too).
field() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d' + sys.argv[1]))" "$1"; }

# ?wait=25 holds the answer until the job finishes, up to 25 s: a job done in time comes back with its
# results (status completed, failed or cancelled); otherwise the usual 202 body (status "accepted").
body="{\"workflow\": $(cat "$workflow")}"
answer=$(curl -sS --fail-with-body -X POST "$api/v1/workflows/execute?wait=25" "${auth[@]}" \
  -H "Content-Type: application/json" -H "X-Request-ID: curl-$(date +%s%N)" -d "$body")
id=$(echo "$answer" | field "['execution_id']")
state=$(echo "$answer" | field "['status']")
last="$answer"
echo "submitted $id"

# Not finished yet: each status read is held until the job changes (or 25 s pass), so nothing polls blindly.
while [ "$state" = accepted ] || [ "$state" = pending ] || [ "$state" = running ]; do
  last=$(curl -sS --fail-with-body "$api/v1/workflows/$id/status?wait=25" "${auth[@]}")
  state=$(echo "$last" | field "['status']")
  echo "  $state $(echo "$last" | field "['percentage']")%"
done
echo "  $state"
case "$state" in completed) ;; *) echo "$last"; exit 1 ;; esac

mkdir -p "$out"
results=$(curl -sS --fail-with-body "$api/v1/workflows/$id/results" "${auth[@]}")
count=$(echo "$results" | field "['results']['metadata']['total_outputs']")
for i in $(seq 0 $((count - 1))); do
  url=$(echo "$results" | field "['results']['outputs'][$i]['storage']['url']")
  name=$(echo "$results" | field "['results']['outputs'][$i]['file_info']['filename']")
  curl -sS --fail -o "$out/$id-$name" "$url"
  echo "saved $out/$id-$name"
done
