"""Keeps generated request bodies inside a rule of the API that JSON Schema cannot state.

Every JSON body is refused (400, NUMBER_OUT_OF_RANGE) when it holds an integer beyond 64 bits
anywhere, even in a member the operation ignores: numbers reach ComfyUI, Python's 64-bit world, and
DynamoDB, whose numbers stop at 38 digits. The document says so in its conventions, but a schema
that admits any value ({} or additionalProperties) cannot bound the integers inside it, so
schemathesis draws arbitrary-precision ones there and counts the refusal as a valid request
rejected. Such integers are clamped to the 64-bit range before the request is sent; numbers a
schema does bound are left as drawn, so out-of-range values it declares are still tried.
"""

import schemathesis

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
