"""Two things the conformance run (OpenApiConformanceIT) needs that schemathesis's options cannot say.

1. Generated request bodies are kept inside a rule of the API that JSON Schema cannot state.

Every JSON body is refused (400, NUMBER_OUT_OF_RANGE) when it holds an integer beyond 64 bits
anywhere, even in a member the operation ignores: numbers reach ComfyUI, Python's 64-bit world, and
DynamoDB, whose numbers stop at 38 digits. The document says so in its conventions, but a schema
that admits any value ({} or additionalProperties) cannot bound the integers inside it, so
schemathesis draws arbitrary-precision ones there and counts the refusal as a valid request
rejected. Such integers are clamped to the 64-bit range before the request is sent; numbers a
schema does bound are left as drawn, so out-of-range values it declares are still tried.

2. Requests are spread over several tenants' keys (COMFYLESS_CONFORMANCE_KEYS, comma-separated), so
that one tenant's request window (the enterprise tier's 400 a minute) does not pace a run of some
thousands of requests. Every key is a real key of a real tenant on the stack under test; each case
carries exactly one, through schemathesis's auth hook, so its checks of missing and wrong
credentials still apply. The stateful phase follows links from one answer to the next request, and
a tenant sees only its own resources, so it always uses the first key.
"""

import itertools
import os
import threading

import schemathesis
from schemathesis.generation.meta import TestPhase

LARGEST = 2**64 - 1
SMALLEST = -(2**63)


def _clamp(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return max(SMALLEST, min(LARGEST, value))
    if isinstance(value, list):
        return [_clamp(item) for item in value]
    if isinstance(value, dict):
        return {key: _clamp(item) for key, item in value.items()}
    return value


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    if isinstance(case.body, (dict, list)):
        case.body = _clamp(case.body)


_KEYS = [key for key in os.environ.get("COMFYLESS_CONFORMANCE_KEYS", "").split(",") if key]

if _KEYS:
    _rotation = itertools.cycle(_KEYS[1:] or _KEYS)
    _lock = threading.Lock()

    @schemathesis.auth(refresh_interval=None, retry_on=[])
    class TenantKeys:
        def get(self, case, context):
            if case.meta is not None and case.meta.phase.name == TestPhase.STATEFUL:
                return _KEYS[0]
            with _lock:
                return next(_rotation)

        def set(self, case, data, context):
            case.headers = {**(case.headers or {}), "Authorization": "Bearer " + data}
