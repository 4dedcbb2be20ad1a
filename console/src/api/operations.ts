import type { ApiClient } from './client';

/**
 * The operations this deployment's API offers, read once from its `/openapi.json`: pages show a control
 * only when its route exists, so the console works against older and newer APIs alike.
 */
export class Operations {
  constructor(private readonly offered: ReadonlySet<string>) {}

  static fromDocument(document: unknown): Operations {
    const offered = new Set<string>();
    const paths = (document as { paths?: Record<string, Record<string, unknown>> } | null)?.paths ?? {};
    for (const [path, operations] of Object.entries(paths)) {
      for (const method of Object.keys(operations)) {
        offered.add(`${method.toUpperCase()} ${path}`);
      }
    }
    return new Operations(offered);
  }

  /** `has('PUT', '/v1/fleet')`; path parameters are written as in the document: `/v1/keys/{id}`. */
  has(method: string, path: string): boolean {
    return this.offered.has(`${method.toUpperCase()} ${path}`);
  }
}

const loaded = new WeakMap<ApiClient, Promise<Operations>>();

export function operationsOf(api: ApiClient): Promise<Operations> {
  let operations = loaded.get(api);
  if (operations === undefined) {
    operations = api.get<unknown>('/openapi.json').then(
      (document) => Operations.fromDocument(document),
      () => new Operations(new Set()),
    );
    loaded.set(api, operations);
  }
  return operations;
}
