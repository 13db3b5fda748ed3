"""What the function needs from its environment, read once at cold start.

The rules, shared with every contender through `contract/configuration-cases.json`: values are
trimmed and a blank one counts as unset; a service's own endpoint variable overrides the global
one, as the AWS SDKs resolve it; BUCKET_NAME is checked before TABLE_NAME. The thumbnailer reads
its own variables by the same rules, through `required`, `optional` and `read_endpoints`.
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
class Endpoints:
    # A configured endpoint (a local server), handed to the client; None means AWS's own.
    s3: str | None
    dynamodb: str | None
    # A configured S3 endpoint cannot serve `<bucket>.<host>` names, so it gets path-style URLs.
    s3_path_style: bool


@dataclass(frozen=True)
class Config:
    bucket_name: str
    table_name: str
    s3_endpoint: str | None
    dynamodb_endpoint: str | None
    s3_path_style: bool


class ConfigError(Exception):
    """A variable the function cannot run with is missing or unusable: raised at import, an init error."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable} {problem}")
        self.variable = variable


def read_config(env: Mapping[str, str]) -> Config:
    bucket_name = required(env, BUCKET_NAME, "where to write")
    table_name = required(env, TABLE_NAME, "where to write")
    endpoints = read_endpoints(env)
    return Config(
        bucket_name=bucket_name,
        table_name=table_name,
        s3_endpoint=endpoints.s3,
        dynamodb_endpoint=endpoints.dynamodb,
        s3_path_style=endpoints.s3_path_style,
    )


def read_endpoints(env: Mapping[str, str]) -> Endpoints:
    s3 = optional(env, AWS_ENDPOINT_URL_S3) or optional(env, AWS_ENDPOINT_URL)
    dynamodb = optional(env, AWS_ENDPOINT_URL_DYNAMODB) or optional(env, AWS_ENDPOINT_URL)
    return Endpoints(s3=s3, dynamodb=dynamodb, s3_path_style=s3 is not None)


def required(env: Mapping[str, str], variable: str, needed_to_know: str) -> str:
    """The trimmed value; a missing one raises ConfigError, saying what the function needs it for."""
    value = optional(env, variable)
    if value is None:
        raise ConfigError(variable, f"is not set: the function needs it to know {needed_to_know}")
    return value


def optional(env: Mapping[str, str], variable: str) -> str | None:
    """The trimmed value, or None for a variable that is unset or blank."""
    value = env.get(variable, "").strip()
    return value or None
