# Verifies a webhook body the way a receiver written against the execution API does: the function
# below is that API's verification code, verbatim; the body's own "signature" is checked against the
# rest of the body as json.dumps writes it. Usage: verify_webhook.py SECRET < body.json; prints True/False.
import json
import sys

import hmac
import hashlib

def verify_webhook_signature(payload: str, signature: str, secret: str) -> bool:
    expected_signature = hmac.new(
        secret.encode(),
        payload.encode(),
        hashlib.sha256
    ).hexdigest()
    return hmac.compare_digest(f"sha256={expected_signature}", signature)

body = json.loads(sys.stdin.read())
signature = body.pop("signature")
print(verify_webhook_signature(json.dumps(body), signature, sys.argv[1]))
