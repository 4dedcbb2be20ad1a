// A ComfyLess client for Node.js 18+ (built-in fetch; no dependencies).
//   COMFYLESS_API_URL=http://127.0.0.1:8080 node comfyless-client.mjs [workflow.json] [out-dir]
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export class ComfyLessClient {
  constructor(baseUrl = process.env.COMFYLESS_API_URL ?? 'http://localhost:8080', apiKey = process.env.COMFYLESS_API_KEY) {
    this.baseUrl = baseUrl.replace(/\/$/, '');
    this.apiKey = apiKey;
  }

  async call(method, path, body, attempts = 5) {
    const headers = { 'Content-Type': 'application/json' };
    if (this.apiKey) headers.Authorization = `Bearer ${this.apiKey}`;
    const response = await fetch(this.baseUrl + path, { method, headers, body: body && JSON.stringify(body) });
    if (response.status === 429 && attempts > 1) {
      // Over the tier's request rate: wait as the API asks, then try again.
      const seconds = Number(response.headers.get('retry-after') ?? '1');
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      return this.call(method, path, body, attempts - 1);
    }
    const json = await response.json();
    if (!response.ok) throw new Error(`${response.status} ${json.error}: ${json.message}`);
    return json;
  }

  // Seed 000's task API.
  submitTask(workflowId, payload, priority = 0) {
    return this.call('POST', '/api/v1/tasks', { workflow_id: workflowId, priority, payload });
  }

  getTask(taskId) {
    return this.call('GET', `/api/v1/tasks/${taskId}`);
  }

  listWorkers() {
    return this.call('GET', '/api/v1/workers');
  }

  // The /v1 execution API. With wait (seconds, at most 25) the API holds the answer until the job
  // finishes: a job done in time comes back with its results (status completed, failed or cancelled)
  // instead of the 202 body (status "accepted").
  execute(workflow, inputOverrides, wait = 25) {
    return this.call('POST', `/v1/workflows/execute?wait=${wait}`, { workflow, input_overrides: inputOverrides });
  }

  // Each status read is held until the job changes (or 25 s pass), so this loop does not poll blindly.
  async wait(executionId, timeoutMs = 600_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const status = await this.call('GET', `/v1/workflows/${executionId}/status?wait=25`);
      if (['completed', 'failed', 'cancelled'].includes(status.status)) return status;
    }
    throw new Error(`timed out waiting for ${executionId}`);
  }

  async download(executionId, directory) {
    const results = await this.call('GET', `/v1/workflows/${executionId}/results`);
    await mkdir(directory, { recursive: true });
    const saved = [];
    for (const output of results.results.outputs) {
      const target = join(directory, `${executionId}-${output.file_info.filename}`);
      const response = await fetch(output.storage.url);
      await writeFile(target, Buffer.from(await response.arrayBuffer()));
      saved.push(target);
    }
    return saved;
  }
}

// The samples' command line: submit [workflow.json], let `finish(client, accepted)` resolve with the
// job's final status, and save the outputs to [out-dir]; exit 1 unless the job completed.
export async function runSample(finish) {
  const here = dirname(fileURLToPath(import.meta.url));
  const workflowFile = process.argv[2] ?? join(here, '../../workflows/model_free_v1.json');
  const out = process.argv[3] ?? 'out';
  const client = new ComfyLessClient();
  const accepted = await client.execute(JSON.parse(await readFile(workflowFile, 'utf8')));
  console.log('submitted', accepted.execution_id);
  const status = await finish(client, accepted);
  console.log('status', status);
  if (status !== 'completed') process.exit(1);
  for (const path of await client.download(accepted.execution_id, out)) console.log('saved', path);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await runSample(async (client, accepted) =>
    accepted.status === 'accepted' ? (await client.wait(accepted.execution_id)).status : accepted.status,
  );
}
