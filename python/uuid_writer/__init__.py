"""The Python contender of the UUID writer: UUID -> S3 object -> DynamoDB item -> JSON.

The entry module (`index.py`, beside this package) only wires; everything that decides behaviour
is here, taking its stores as arguments.
"""
