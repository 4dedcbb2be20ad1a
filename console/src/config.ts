/**
 * Where the console finds the API. `config.json` sits beside `index.html`: the local stack serves the
 * one from the build (empty values: the API is this page's own origin, the live channel its `/ws`), and
 * the CDK app writes one at deploy time with the API Gateway URLs.
 */
export interface ConsoleConfig {
  /** Base URL of the HTTP API, without a trailing slash. */
  apiUrl: string;
  /**
   * The live channel (`wss://…`), or null when the deployment has none (the key left out): the console
   * then polls. An empty string means this page's own origin at `/ws`, as on the local stack.
   */
  websocketUrl: string | null;
}

interface RawConfig {
  apiUrl?: unknown;
  websocketUrl?: unknown;
}

/** Resolves the raw file against the page's location; pure, so it is tested without a browser. */
export function resolveConfig(raw: RawConfig, pageOrigin: string): ConsoleConfig {
  const apiUrl = nonEmpty(raw.apiUrl) ?? pageOrigin;
  const base = apiUrl.replace(/\/+$/, '');
  let websocketUrl: string | null = null;
  if (raw.websocketUrl === '') {
    websocketUrl = `${base.replace(/^http/, 'ws')}/ws`;
  } else if (typeof raw.websocketUrl === 'string') {
    websocketUrl = nonEmpty(raw.websocketUrl);
  }
  return { apiUrl: base, websocketUrl };
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const origin = window.location.origin;
  try {
    const response = await fetch('./config.json', { cache: 'no-store' });
    if (!response.ok) {
      return resolveConfig({}, origin);
    }
    return resolveConfig((await response.json()) as RawConfig, origin);
  } catch {
    return resolveConfig({}, origin);
  }
}

function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
