"""Starts moto's server with DynamoDB requests applied one at a time.

moto serves requests on many threads, and its DynamoDB backend reads, checks and writes an item
in separate steps: two concurrent conditional writes can both pass their condition. Real DynamoDB
applies each conditional write atomically, and the code under test depends on that (idempotent
creates, request counters, job counters), so this launcher serialises DynamoDB calls. They are
quick; other services (SQS long polls above all) keep running concurrently.

It also makes TransactWriteItems cost what the transaction touches: moto backs up every table a
transaction names by deep-copying the whole table once per item, which makes each transaction as
slow as the tables are large (a 1000-job batch slowed to minutes). Here only the touched items
are saved and, if the transaction is cancelled, put back; with calls serialised that is the
same all-or-nothing outcome.

And it reads the clock cheaply in SQS: moto checks every message's visibility on every call
through a datetime-based clock, which dominated the emulator's time with a thousand messages
queued.

And UpdateAutoScalingGroup keeps a group's mixed instances policy when the request names none,
as AWS does (a request that only changes MaxSize must not drop the instance types); moto clears it.
"""
import copy
import sys
import threading
import time

import moto.autoscaling.models as _autoscaling_models
import moto.dynamodb.models as _dynamodb_models
import moto.sqs.models as _sqs_models
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.table import Table
from moto.dynamodb.responses import DynamoHandler
from moto.server import main

_dynamodb_lock = threading.Lock()
_call_action = DynamoHandler.call_action


def _serialised_call_action(self):
    with _dynamodb_lock:
        return _call_action(self)


DynamoHandler.call_action = _serialised_call_action


class _NoTableCopies:
    """moto.dynamodb.models' view of the copy module: tables are not copied, anything else is."""

    @staticmethod
    def deepcopy(value, memo=None):
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)


_dynamodb_models.copy = _NoTableCopies()
_transact_write_items = DynamoDBBackend.transact_write_items


def _transaction_key(backend, op_type, op):
    table = backend.tables.get(op.get("TableName"))
    if table is None:
        return None
    if op_type != "Put":
        return op.get("Key")
    key = {table.hash_key_attr: op["Item"][table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = op["Item"][table.range_key_attr]
    return key


def _item_backed_transact_write_items(self, transact_items):
    saved = []
    for entry in transact_items:
        op_type, op = next(iter(entry.items()))
        key = _transaction_key(self, op_type, op)
        if key is not None:
            current = self.get_item(op["TableName"], key)
            saved.append((op["TableName"], key, None if current is None else current.to_json()["Attributes"]))
    try:
        return _transact_write_items(self, transact_items)
    except Exception:
        for table_name, key, attributes in reversed(saved):
            if attributes is None:
                self.delete_item(table_name, key)
            else:
                self.put_item(table_name, attributes)
        raise


DynamoDBBackend.transact_write_items = _item_backed_transact_write_items

_unix_time = _sqs_models.unix_time


def _fast_unix_time(dt=None):
    return time.time() if dt is None else _unix_time(dt)


def _fast_unix_time_millis(dt=None):
    return _fast_unix_time(dt) * 1000.0


_sqs_models.unix_time = _fast_unix_time
_sqs_models.unix_time_millis = _fast_unix_time_millis

_update_group = _autoscaling_models.FakeAutoScalingGroup.update


def _update_keeping_mixed_instances_policy(self, *args, **kwargs):
    kept = self.mixed_instances_policy
    result = _update_group(self, *args, **kwargs)
    if kwargs.get("mixed_instances_policy") is None and not kwargs.get("launch_template"):
        self.mixed_instances_policy = kept
    return result


_autoscaling_models.FakeAutoScalingGroup.update = _update_keeping_mixed_instances_policy

if __name__ == "__main__":
    main(sys.argv[1:])
