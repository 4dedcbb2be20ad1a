import { RequestBudget } from './budget';
import { ApiError, errorFromResponse, unreachable } from './errors';

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is, with `contentType`. */
  text?: string;
  contentType?: string;
  signal?: AbortSignal;
}

/** Supplies the bearer credential and renews it once when the API says it has expired. */
export interface Credentials {
  token(): string | null;
  /** Tries to renew an expired credential; resolves true when a retry may succeed. */
  renew(): Promise<boolean>;
  /** The API refused the credential for good: the console signs out. */
  rejected(error: ApiError): void;
}

/**
 * The console's only way to the API: JSON in and out, the bearer credential on every call, errors as
 * {@link ApiError} read from the API's error body, and the rate-limit headers kept in a {@link RequestBudget}.
 */
export class ApiClient {
  readonly budget: RequestBudget;

  constructor(
    readonly baseUrl: string,
    private readonly credentials: Credentials,
    private readonly fetchFn: typeof fetch = (input, init) => fetch(input, init),
    budget: RequestBudget = new RequestBudget(),
  ) {
    this.budget = budget;
  }

  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', path, { query, signal });
  }

  post<T>(path: string, json?: unknown): Promise<T> {
    return this.request<T>('POST', path, { json });
  }

  put<T>(path: string, json?: unknown): Promise<T> {
    return this.request<T>('PUT', path, { json });
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path, {});
  }

  url(path: string, query?: Query): string {
    const url = new URL(this.baseUrl + path);
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== null && value !== undefined && value !== '') {
        url.searchParams.set(name, String(value));
      }
    }
    return url.toString();
  }

  async request<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    const first = await this.send(method, path, options);
    if (first.status === 401 && (await this.credentials.renew())) {
      return this.read<T>(await this.send(method, path, options));
    }
    return this.read<T>(first);
  }

  private async send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = this.credentials.token();
    if (token !== null) {
      headers.Authorization = `Bearer ${token}`;
    }
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.text !== undefined) {
      headers['Content-Type'] = options.contentType ?? 'text/plain';
      body = options.text;
    }
    try {
      return await this.fetchFn(this.url(path, options.query), {
        method,
        headers,
        body,
        signal: options.signal,
        cache: 'no-store',
      });
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') {
        throw cause;
      }
      throw unreachable(this.baseUrl, cause);
    }
  }

  private async read<T>(response: Response): Promise<T> {
    this.budget.record(response.headers);
    const text = await response.text();
    if (!response.ok) {
      const error = errorFromResponse(response.status, text, response.headers);
      if (response.status === 429) {
        this.budget.blockFor(error.retryAfterSeconds ?? 5);
      }
      if (response.status === 401) {
        this.credentials.rejected(error);
      }
      throw error;
    }
    if (text.trim() === '') {
      return undefined as T;
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(`The API answered ${response.status} with a body that is not JSON`, response.status, 'bad_body');
    }
  }
}
