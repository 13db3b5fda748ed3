"""A hello world on the python runtime, as maxday/lambda-perf deploys one: its Init Duration is
the runtime's own start-up, which the stand-in's can be set beside."""


def handler(event, context):
    return {"statusCode": 200, "body": "{}"}
