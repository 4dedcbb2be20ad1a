/** One problem the API listed in an error body's `details`. */
export interface ErrorDetail {
  code?: string;
  message?: string;
  node_id?: string;
  input?: string;
  field?: string;
}

/**
 * A failed API call, read from the API's one error body
 * (`{"error", "code", "message", "details", "request_id"}`). Status 0 means the API could not be reached.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly error: string,
    readonly details: ErrorDetail[] = [],
    readonly requestId: string | null = null,
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get notFound(): boolean {
    return this.status === 404;
  }

  /**
   * The route itself does not exist on this API (an older deployment): a 404 that names no resource,
   * or a 405 for a path that exists with other methods. Pages show "not available" instead of an error.
   */
  get routeMissing(): boolean {
    return (this.status === 404 && this.message.startsWith('No route for')) || this.status === 405;
  }
}

const STATUS_WORDS: Record<number, string> = {
  400: 'The request was not accepted',
  401: 'Not signed in, or the credential is no longer valid',
  403: 'This credential may not do that',
  404: 'Not found',
  413: 'The request is too large',
  429: 'Too many requests; wait a moment',
  500: 'The API failed; try again',
  502: 'The API is unreachable behind its gateway',
  503: 'The API is temporarily unavailable',
  504: 'The API took too long to answer',
};

/** Builds the error from a response's status, body text and headers; never throws. */
export function errorFromResponse(status: number, bodyText: string, headers: Headers): ApiError {
  const requestId = headers.get('x-request-id');
  const retryAfter = parseRetryAfter(headers.get('retry-after'));
  const body = parseObject(bodyText);
  const fallback = STATUS_WORDS[status] ?? `The API answered ${status}`;
  if (body === null) {
    return new ApiError(fallback, status, 'http_error', [], requestId, retryAfter);
  }
  const message = typeof body.message === 'string' && body.message.trim() !== '' ? body.message : fallback;
  const error = typeof body.error === 'string' ? body.error : 'http_error';
  const details = Array.isArray(body.details)
    ? body.details.filter((d): d is ErrorDetail => typeof d === 'object' && d !== null)
    : [];
  const bodyRequestId = typeof body.request_id === 'string' ? body.request_id : null;
  return new ApiError(message, status, error, details, bodyRequestId ?? requestId, retryAfter);
}

export function unreachable(apiUrl: string, cause: unknown): ApiError {
  const reason = cause instanceof Error && cause.message ? ` (${cause.message})` : '';
  return new ApiError(`Cannot reach the API at ${apiUrl}${reason}`, 0, 'unreachable');
}

/** A detail as one line for people: "Node '2' input 'noise': links to node '3', which does not exist". */
export function describeDetail(detail: ErrorDetail): string {
  const where = [
    detail.node_id ? `node ${detail.node_id}` : null,
    detail.input ? `input ${detail.input}` : null,
    detail.field ? `field ${detail.field}` : null,
  ].filter((part): part is string => part !== null);
  const text = detail.message ?? detail.code ?? 'problem';
  return where.length > 0 ? `${where.join(', ')}: ${text}` : text;
}

function parseObject(text: string): Record<string, unknown> | null {
  if (text.trim() === '') {
    return null;
  }
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function parseRetryAfter(value: string | null): number | null {
  if (value === null) {
    return null;
  }
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}
