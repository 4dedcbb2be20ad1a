import { describe, expect, it } from 'vitest';
import { describeDetail, errorFromResponse } from './errors';

const headers = (entries: Record<string, string> = {}) => new Headers(entries);

describe('errorFromResponse', () => {
  it("reads the API's error body: message, details and request id", () => {
    const body = JSON.stringify({
      error: 'workflow_validation_failed',
      code: 400,
      message: "Workflow validation failed: Node '2' input 'image' links to node '9', which does not exist",
      details: [{ code: 'LINK_TO_MISSING_NODE', message: 'links to node 9', node_id: '2', input: 'image' }],
      request_id: 'req-1',
    });

    const error = errorFromResponse(400, body, headers({ 'x-request-id': 'header-id' }));

    expect(error.status).toBe(400);
    expect(error.error).toBe('workflow_validation_failed');
    expect(error.message).toContain("links to node '9'");
    expect(error.details).toHaveLength(1);
    expect(error.requestId).toBe('req-1');
    expect(describeDetail(error.details[0]!)).toBe('node 2, input image: links to node 9');
  });

  it('falls back to words for the status when the body is not the error shape', () => {
    const error = errorFromResponse(502, '<html>Bad gateway</html>', headers({ 'x-request-id': 'r2' }));

    expect(error.message).toBe('The API is unreachable behind its gateway');
    expect(error.requestId).toBe('r2');
  });

  it("keeps API Gateway's own message and the Retry-After of a 429", () => {
    const error = errorFromResponse(429, '{"message":"Too Many Requests"}', headers({ 'retry-after': '7' }));

    expect(error.message).toBe('Too Many Requests');
    expect(error.retryAfterSeconds).toBe(7);
  });

  it('tells a missing route from a missing resource', () => {
    const route = errorFromResponse(404, '{"error":"not_found","message":"No route for GET /v1/fleet/schedules"}', headers());
    const method = errorFromResponse(405, '{"error":"method_not_allowed","message":"PUT is not supported"}', headers());
    const job = errorFromResponse(404, '{"error":"not_found","message":"Execution exec_1 not found"}', headers());

    expect(route.routeMissing).toBe(true);
    expect(method.routeMissing).toBe(true);
    expect(job.routeMissing).toBe(false);
    expect(job.notFound).toBe(true);
  });
});
