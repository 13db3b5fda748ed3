"""Many invocations at once through one loaded function: none of their writes is lost."""

import json
from concurrent.futures import ThreadPoolExecutor

from invocation import POST_PYTHON, context_with_time_left

CALLS = 50


def test_fifty_concurrent_invocations_each_store_their_pair(load_entry, storage):
    # Given a loaded function
    entry = load_entry(storage.env)
    # When 50 invocations run at once
    with ThreadPoolExecutor(max_workers=CALLS) as callers:
        results = list(
            callers.map(
                lambda n: entry.handler(POST_PYTHON, context_with_time_left(10_000, f"request-{n}")),
                range(CALLS),
            )
        )
    # Then every one answered 201 with its own id
    assert [result["statusCode"] for result in results] == [201] * CALLS
    keys = sorted(json.loads(result["body"])["key"] for result in results)
    assert len(set(keys)) == CALLS
    # And every answer has its object and its item, and nothing else was stored
    assert storage.keys() == keys
    assert sorted(item["s3Key"] for item in storage.items()) == keys
