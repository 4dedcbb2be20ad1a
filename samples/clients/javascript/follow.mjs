// Follow a ComfyLess job live: submit a workflow, then watch its progress, previews and completion
// over the WebSocket, falling back to polling when the socket is unavailable. No dependencies:
// browsers, Deno and Node.js 22+ have WebSocket built in (Node.js 20: node --experimental-websocket).
//   COMFYLESS_API_URL=http://127.0.0.1:8080 node follow.mjs [workflow.json] [out-dir]
// The live URL is COMFYLESS_LIVE_URL (a deployed stack's LiveUrl output), else the API's URL with
// ws:// and /ws, as the local stack serves it. A browser cannot set headers on a WebSocket, so the
// key travels as ?token=.
import { fileURLToPath } from 'node:url';
import { runSample } from './comfyless-client.mjs';

const FINAL = { complete: 'completed', error: 'failed', cancelled: 'cancelled' };

export function liveUrl(client) {
  const url = new URL(process.env.COMFYLESS_LIVE_URL ?? client.baseUrl.replace(/^http/, 'ws') + '/ws');
  if (client.apiKey) url.searchParams.set('token', client.apiKey);
  return url.toString();
}

/** Resolves with the job's final status, followed over the WebSocket (or by polling when that fails). */
export function follow(client, executionId) {
  const poll = async (why) => {
    console.log(`${why}; polling instead`);
    return (await client.wait(executionId)).status;
  };
  if (typeof WebSocket === 'undefined') return poll('no WebSocket in this runtime');
  return new Promise((resolve, reject) => {
    let settled = false;
    // Only the first outcome counts: closing the socket after the end must not start polling.
    const finish = (outcome) => {
      if (settled) return;
      settled = true;
      socket.close();
      outcome().then(resolve, reject);
    };
    const socket = new WebSocket(liveUrl(client));
    socket.addEventListener('open', () => {
      console.log('following live over', liveUrl(client).replace(/token=[^&]+/, 'token=...'));
      socket.send(JSON.stringify({ type: 'subscribe', execution_id: executionId, request_id: 'follow' }));
    });
    socket.addEventListener('message', (event) => {
      const message = JSON.parse(event.data);
      const data = message.data ?? {};
      if (message.type === 'subscribed') {
        const ended = (data.executions ?? []).find((e) => Object.values(FINAL).includes(e.status));
        if (ended) finish(async () => ended.status);
      } else if (message.type === 'error' && !message.execution_id) {
        finish(async () => {
          throw new Error(`${data.error}: ${data.message}`);
        });
      } else if (message.type === 'progress') {
        const eta = data.eta_seconds == null ? '' : `, about ${data.eta_seconds} s left`;
        console.log(`progress ${data.percentage.toFixed(1)}%${eta}`);
      } else if (message.type === 'preview') {
        console.log('preview', data.url);
      } else if (message.type in FINAL) {
        console.log(message.type, data.error ?? '');
        finish(async () => FINAL[message.type]);
      }
    });
    socket.addEventListener('error', () => finish(() => poll('live updates unavailable')));
    socket.addEventListener('close', () => finish(() => poll('live updates dropped')));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runSample((client, accepted) => follow(client, accepted.execution_id));
}
