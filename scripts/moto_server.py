"""Starts moto's server with DynamoDB requests applied one at a time.

moto serves requests on many threads, and its DynamoDB backend reads, checks and writes an item
in separate steps: two concurrent conditional writes can both pass their condition. Real DynamoDB
applies each conditional write atomically, and the code under test depends on that (idempotent
creates, request counters, job counters), so this launcher serialises DynamoDB calls. They are
quick; other services (SQS long polls above all) keep running concurrently.
"""
import sys
import threading

from moto.dynamodb.responses import DynamoHandler
from moto.server import main

_dynamodb_lock = threading.Lock()
_call_action = DynamoHandler.call_action


def _serialised_call_action(self):
    with _dynamodb_lock:
        return _call_action(self)


DynamoHandler.call_action = _serialised_call_action

if __name__ == "__main__":
    main(sys.argv[1:])
