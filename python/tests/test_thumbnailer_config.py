"""The thumbnailer's configuration: the uuid writer's rules (trimmed, blank is unset, a service's
endpoint over the global one), its prefixes, its table and its limit, as the Node twin reads them."""

import pytest

from thumbnailer.config import DEFAULT_MAX_SOURCE_BYTES, Config, Settings, read_config
from uuid_writer.config import ConfigError, Endpoints

MINIMAL = {
    "UPLOAD_PREFIX": "uploads/python/",
    "THUMBNAIL_PREFIX": "thumbnails/python/",
    "METADATA_TABLE_NAME": "thumbnails",
}


def test_reads_the_prefixes_and_the_table_with_the_default_maximum_and_aws_endpoints():
    assert read_config(MINIMAL) == Config(
        settings=Settings("uploads/python/", "thumbnails/python/", DEFAULT_MAX_SOURCE_BYTES),
        table_name="thumbnails",
        endpoints=Endpoints(s3=None, dynamodb=None, s3_path_style=False),
    )


def test_takes_each_service_endpoint_over_the_global_one_trimmed_and_path_style_for_s3():
    # Given a global endpoint, DynamoDB's own, and a maximum
    env = {
        **MINIMAL,
        "AWS_ENDPOINT_URL": " http://127.0.0.1:9000 ",
        "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:8000",
        "MAX_SOURCE_BYTES": "1024",
    }
    # When the configuration is read
    config = read_config(env)
    # Then S3 takes the global one, with path-style URLs, and DynamoDB its own
    assert config.endpoints == Endpoints("http://127.0.0.1:9000", "http://127.0.0.1:8000", s3_path_style=True)
    assert config.settings.max_source_bytes == 1024


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"UPLOAD_PREFIX": " "}, "UPLOAD_PREFIX is not set"),
        ({"METADATA_TABLE_NAME": ""}, "METADATA_TABLE_NAME is not set"),
        ({"UPLOAD_PREFIX": "uploads/python"}, "UPLOAD_PREFIX must end with '/', got 'uploads/python'"),
        ({"THUMBNAIL_PREFIX": "uploads/python/thumbs/"}, "THUMBNAIL_PREFIX must not overlap UPLOAD_PREFIX"),
        (
            {"MAX_SOURCE_BYTES": "25MB"},
            "MAX_SOURCE_BYTES must be a whole number of bytes above 0, got '25MB'",
        ),
        ({"MAX_SOURCE_BYTES": "0"}, "MAX_SOURCE_BYTES must be a whole number of bytes above 0, got '0'"),
    ],
    ids=["missing prefix", "missing table", "not a folder", "overlapping", "not a number", "zero"],
)
def test_fails_with_one_line_naming_the_variable(change, message):
    # Given the minimal environment with one variable wrong
    # When it is read
    with pytest.raises(ConfigError) as failure:
        read_config({**MINIMAL, **change})
    # Then the one-line message names the variable first
    assert str(failure.value).startswith(message)
    assert failure.value.variable == message.split(" ")[0]
    assert "\n" not in str(failure.value)
