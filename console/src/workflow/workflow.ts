import type { Graph } from '../api/types';

/** The override keys the API understands besides explicit `"<node>.<input>"` paths. */
export const OVERRIDE_KEYS = [
  'prompt',
  'negative_prompt',
  'seed',
  'steps',
  'cfg',
  'sampler_name',
  'scheduler',
  'denoise',
  'width',
  'height',
  'batch_size',
] as const;

export type ParsedWorkflow = { ok: true; workflow: Record<string, unknown> } | { ok: false; message: string };

/**
 * Reads what a user pasted or uploaded. API format goes through as is, as does a ComfyUI `/prompt` body's
 * `prompt`, and the `{"nodes": {...}}` wrapper the API also accepts; the editor's own save file (a `nodes`
 * list with `links`) is refused here with the same advice the API gives.
 */
export function parseWorkflowText(text: string): ParsedWorkflow {
  if (text.trim() === '') {
    return { ok: false, message: 'Paste a workflow in API format, upload a .json file, or pick a template.' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'not JSON';
    return { ok: false, message: `The workflow is not valid JSON: ${reason}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: 'A workflow is a JSON object of nodes, keyed by node id.' };
  }
  const object = value as Record<string, unknown>;
  if (Array.isArray(object.nodes) && 'links' in object) {
    return {
      ok: false,
      message:
        'This is a UI-format workflow (the editor\'s save file). In ComfyUI use "Export (API)" or "Save (API Format)" and paste that.',
    };
  }
  if (typeof object.prompt === 'object' && object.prompt !== null && !Array.isArray(object.prompt)) {
    return { ok: true, workflow: object.prompt as Record<string, unknown> };
  }
  return { ok: true, workflow: object };
}

/** One override row as the user typed it: numbers and booleans are sent as such, the rest as text. */
export function overrideValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === 'true' || trimmed === 'false') {
    return trimmed === 'true';
  }
  if (trimmed !== '' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(trimmed)) {
    return Number(trimmed);
  }
  return text;
}

export function buildOverrides(rows: { key: string; value: string }[]): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  for (const row of rows) {
    if (row.key.trim() !== '') {
      overrides[row.key.trim()] = overrideValue(row.value);
    }
  }
  return overrides;
}

export interface SettingValue {
  key: string;
  value: unknown;
  nodeId: string;
}

/**
 * The values a run used for each override key, read from the workflow as it ran (overrides applied),
 * found the way the API applies them: prompts through the sampler's positive and negative links, sizes on
 * the `Empty*` source, sampler settings on the first node that has them.
 */
export function runSettings(graph: Graph): SettingValue[] {
  const settings: SettingValue[] = [];
  const ids = Object.keys(graph);
  const literal = (nodeId: string, input: string): unknown => {
    const value = graph[nodeId]?.inputs?.[input];
    return Array.isArray(value) ? undefined : value;
  };
  const sampler = ids.find((id) => {
    const inputs = graph[id]?.inputs ?? {};
    return Array.isArray(inputs.positive) || Array.isArray(inputs.negative);
  });
  for (const [key, input] of [
    ['prompt', 'positive'],
    ['negative_prompt', 'negative'],
  ] as const) {
    const link = sampler === undefined ? undefined : graph[sampler]?.inputs?.[input];
    if (Array.isArray(link) && typeof link[0] === 'string') {
      const text = literal(link[0], 'text');
      if (text !== undefined) {
        settings.push({ key, value: text, nodeId: link[0] });
      }
    }
  }
  for (const key of ['seed', 'steps', 'cfg', 'sampler_name', 'scheduler', 'denoise'] as const) {
    const holder = ids.find((id) => literal(id, key) !== undefined || (key === 'seed' && literal(id, 'noise_seed') !== undefined));
    if (holder !== undefined) {
      settings.push({ key, value: literal(holder, key) ?? literal(holder, 'noise_seed'), nodeId: holder });
    }
  }
  const source = ids.find((id) => graph[id]?.class_type.startsWith('Empty'));
  if (source !== undefined) {
    for (const key of ['width', 'height', 'batch_size'] as const) {
      const value = literal(source, key);
      if (value !== undefined) {
        settings.push({ key, value, nodeId: source });
      }
    }
  }
  return settings;
}

/** Node ids in the order ComfyUI shows them: numerically where they are numbers. */
export function orderedNodeIds(graph: Graph): string[] {
  return Object.keys(graph).sort((a, b) => {
    const x = Number(a);
    const y = Number(b);
    return Number.isNaN(x) || Number.isNaN(y) ? a.localeCompare(b) : x - y;
  });
}

/** A literal input as a short string; links as "→ node 3 output 0". */
export function describeInput(value: unknown): string {
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string') {
    return `→ node ${value[0]} output ${String(value[1])}`;
  }
  if (typeof value === 'string') {
    return value;
  }
  return JSON.stringify(value);
}
