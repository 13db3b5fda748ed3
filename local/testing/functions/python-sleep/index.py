"""Takes as long as the body's {"ms": N} says, under the python runtime: for timeouts."""

import json
import time


def handler(event, _context):
    ms = json.loads(event["body"])["ms"]
    time.sleep(ms / 1000)
    return {"statusCode": 200, "body": json.dumps({"slept": ms})}
