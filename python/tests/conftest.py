"""Fixtures over the real local servers `npm test` starts: a scratch bucket and table per test, the
function's own clients pointed anywhere, a stalled store, and a freshly loaded handler module.

The functions' modules come from the source folder; boto3 and its dependencies from the uuid
writer's built artefact (dist/functions/python/), the same vendored copy the functions run on;
Pillow, which the thumbnailer and its tests use, from the test venv, at the thumbnailer's pin.
"""

import importlib
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SOURCE_DIR = Path(__file__).resolve().parents[1]
VENDORED_DIR = SOURCE_DIR.parent / "dist" / "functions" / "python"
if not (VENDORED_DIR / "boto3").is_dir():
    raise pytest.UsageError(f"{VENDORED_DIR} holds no boto3: run `npm run build` first")
sys.path[:0] = [str(SOURCE_DIR), str(VENDORED_DIR)]

import boto3  # noqa: E402
from scratch_storage import ScratchStorage, local_env  # noqa: E402
from scratch_thumbnail_storage import ScratchThumbnailStorage  # noqa: E402
from silent_server import SilentServer  # noqa: E402

from uuid_writer.sdk_settings import client_config, retry_only_what_cannot_have_taken_effect  # noqa: E402


@pytest.fixture(scope="session")
def local() -> dict[str, str]:
    try:
        return local_env()
    except LookupError as missing:
        pytest.fail(str(missing), pytrace=False)


def _clients(local: dict[str, str]) -> tuple[Any, Any]:
    credentials = {
        "region_name": local["AWS_REGION"],
        "aws_access_key_id": local["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": local["AWS_SECRET_ACCESS_KEY"],
    }
    s3 = boto3.client(
        "s3",
        endpoint_url=local["AWS_ENDPOINT_URL_S3"],
        config=client_config(s3_path_style=True),
        **credentials,
    )
    dynamodb = boto3.client("dynamodb", endpoint_url=local["AWS_ENDPOINT_URL_DYNAMODB"], **credentials)
    return s3, dynamodb


def _scratch(kind: type[ScratchStorage], local: dict[str, str]) -> Iterator[Any]:
    s3, dynamodb = _clients(local)
    scratch = kind(s3=s3, dynamodb=dynamodb)
    scratch.create()
    yield scratch
    scratch.delete()


@pytest.fixture
def storage(local: dict[str, str]) -> Iterator[ScratchStorage]:
    """A fresh bucket and table, deleted after the test."""
    yield from _scratch(ScratchStorage, local)


@pytest.fixture
def thumbnail_storage(local: dict[str, str]) -> Iterator[ScratchThumbnailStorage]:
    """A fresh bucket and metadata table, deleted after the test."""
    yield from _scratch(ScratchThumbnailStorage, local)


@pytest.fixture
def function_client(local: dict[str, str]) -> Callable[[str, str], Any]:
    """A client built as the function builds its own, pointed at an endpoint of the test's choosing."""

    def build(service: str, endpoint: str) -> Any:
        return retry_only_what_cannot_have_taken_effect(
            boto3.client(
                service,
                endpoint_url=endpoint,
                region_name=local["AWS_REGION"],
                aws_access_key_id=local["AWS_ACCESS_KEY_ID"],
                aws_secret_access_key=local["AWS_SECRET_ACCESS_KEY"],
                config=client_config(s3_path_style=service == "s3"),
            )
        )

    return build


@pytest.fixture(scope="session")
def executor() -> Iterator[ThreadPoolExecutor]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        yield pool


@pytest.fixture
def silent() -> Iterator[SilentServer]:
    server = SilentServer()
    yield server
    server.close()


# What either function reads besides the standard AWS variables, unset unless a test sets it.
_FUNCTION_VARIABLES = [
    "BUCKET_NAME",
    "TABLE_NAME",
    "AWS_ENDPOINT_URL",
    "UPLOAD_PREFIX",
    "THUMBNAIL_PREFIX",
    "METADATA_TABLE_NAME",
    "MAX_SOURCE_BYTES",
]


@pytest.fixture
def load_entry(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., ModuleType]]:
    """A fresh handler module (the uuid writer's `index` unless told) under exactly the given
    environment, as a new execution environment loads it."""
    loaded: list[str] = []

    def load(env: dict[str, str], module: str = "index") -> ModuleType:
        for name in [*_FUNCTION_VARIABLES, *env]:
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        sys.modules.pop(module, None)
        loaded.append(module)
        return importlib.import_module(module)

    yield load
    for module in loaded:
        sys.modules.pop(module, None)
