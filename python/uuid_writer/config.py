"""What the function needs from its environment, read once at cold start.

The rules, shared with every contender through `contract/configuration-cases.json`: values are
trimmed and a blank one counts as unset; a service's own endpoint variable overrides the global
one, as the AWS SDKs resolve it; BUCKET_NAME is checked before TABLE_NAME.
"""

from collections.abc import Mapping
from dataclasses import dataclass

# Every variable the function reads, each spelled here only.
BUCKET_NAME = "BUCKET_NAME"
TABLE_NAME = "TABLE_NAME"
AWS_ENDPOINT_URL = "AWS_ENDPOINT_URL"
AWS_ENDPOINT_URL_S3 = "AWS_ENDPOINT_URL_S3"
AWS_ENDPOINT_URL_DYNAMODB = "AWS_ENDPOINT_URL_DYNAMODB"


@dataclass(frozen=True)
class Config:
    bucket_name: str
    table_name: str
    # A configured endpoint (a local server), handed to the client; None means AWS's own.
    s3_endpoint: str | None
    dynamodb_endpoint: str | None
    # A configured S3 endpoint cannot serve `<bucket>.<host>` names, so it gets path-style URLs.
    s3_path_style: bool


class ConfigError(Exception):
    """A variable the function cannot run without is missing: raised at import, an init error."""

    def __init__(self, variable: str) -> None:
        super().__init__(f"{variable} is not set: the function needs it to know where to write")
        self.variable = variable


def read_config(env: Mapping[str, str]) -> Config:
    bucket_name = _required(env, BUCKET_NAME)
    table_name = _required(env, TABLE_NAME)
    s3_endpoint = _optional(env, AWS_ENDPOINT_URL_S3) or _optional(env, AWS_ENDPOINT_URL)
    dynamodb_endpoint = _optional(env, AWS_ENDPOINT_URL_DYNAMODB) or _optional(env, AWS_ENDPOINT_URL)
    return Config(
        bucket_name=bucket_name,
        table_name=table_name,
        s3_endpoint=s3_endpoint,
        dynamodb_endpoint=dynamodb_endpoint,
        s3_path_style=s3_endpoint is not None,
    )


def _required(env: Mapping[str, str], variable: str) -> str:
    value = _optional(env, variable)
    if value is None:
        raise ConfigError(variable)
    return value


def _optional(env: Mapping[str, str], variable: str) -> str | None:
    """The trimmed value, or None for a variable that is unset or blank."""
    value = env.get(variable, "").strip()
    return value or None
