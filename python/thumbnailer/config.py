"""What the thumbnailer needs from its environment, read once at cold start, by the uuid writer's
rules and through its helpers: values are trimmed and a blank one counts as unset; a service's own
endpoint variable overrides the global one; a custom S3 endpoint gets path-style URLs. The bucket
is not configured: each record names its own, and the thumbnail goes to the same one.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from uuid_writer.config import ConfigError, Endpoints, optional, read_endpoints, required

# `uploads/<contender>/`: the only keys it reads, the bucket notification's filter too.
UPLOAD_PREFIX = "UPLOAD_PREFIX"
# `thumbnails/<contender>/`: outside every upload prefix, so no thumbnail triggers a function.
THUMBNAIL_PREFIX = "THUMBNAIL_PREFIX"
# Partition key `sourceKey` (S).
METADATA_TABLE_NAME = "METADATA_TABLE_NAME"
# Optional: the largest upload it reads, in bytes.
MAX_SOURCE_BYTES = "MAX_SOURCE_BYTES"

# 25 MiB: four times a 12 MP JPEG at high quality (about 5 MiB), far more than a phone photo.
DEFAULT_MAX_SOURCE_BYTES = 25 * 1024 * 1024

_NEEDED_TO_KNOW = "what to read and where to write"
_WHOLE_NUMBER = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class Settings:
    """What the records are judged by."""

    upload_prefix: str
    thumbnail_prefix: str
    max_source_bytes: int


@dataclass(frozen=True)
class Config:
    settings: Settings
    table_name: str
    endpoints: Endpoints


def read_config(env: Mapping[str, str]) -> Config:
    upload_prefix = _prefix(env, UPLOAD_PREFIX)
    thumbnail_prefix = _prefix(env, THUMBNAIL_PREFIX)
    if thumbnail_prefix.startswith(upload_prefix) or upload_prefix.startswith(thumbnail_prefix):
        raise ConfigError(
            THUMBNAIL_PREFIX,
            f"must not overlap {UPLOAD_PREFIX}: a thumbnail would trigger the function again",
        )
    table_name = required(env, METADATA_TABLE_NAME, _NEEDED_TO_KNOW)
    max_source_bytes = _positive_whole_number(env, MAX_SOURCE_BYTES) or DEFAULT_MAX_SOURCE_BYTES
    return Config(
        settings=Settings(upload_prefix, thumbnail_prefix, max_source_bytes),
        table_name=table_name,
        endpoints=read_endpoints(env),
    )


def _prefix(env: Mapping[str, str], variable: str) -> str:
    """A key prefix names a folder: it ends with '/', so `uploads/node/` never matches `uploads/nodejs/…`."""
    value = required(env, variable, _NEEDED_TO_KNOW)
    if not value.endswith("/"):
        raise ConfigError(variable, f"must end with '/', got '{value}'")
    return value


def _positive_whole_number(env: Mapping[str, str], variable: str) -> int | None:
    value = optional(env, variable)
    if value is None:
        return None
    if not _WHOLE_NUMBER.fullmatch(value) or int(value) == 0:
        raise ConfigError(variable, f"must be a whole number of bytes above 0, got '{value}'")
    return int(value)
