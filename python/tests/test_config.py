"""The configuration table every contender's tests run (contract/configuration-cases.json)."""

import json
from pathlib import Path

import pytest

from uuid_writer.config import Config, ConfigError, read_config

CASES = json.loads(
    (Path(__file__).resolve().parents[2] / "contract" / "configuration-cases.json").read_text()
)["cases"]


def test_there_are_cases_to_run():
    assert len(CASES) > 0


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_reads_the_configuration_as_the_table_says(case):
    # Given exactly the environment of the case
    env = case["env"]
    expected = case["expected"]
    if "config" in expected:
        # When the configuration is read
        # Then it holds the expected fields
        fields = expected["config"]
        assert read_config(env) == Config(
            bucket_name=fields["bucketName"],
            table_name=fields["tableName"],
            s3_endpoint=fields["s3Endpoint"],
            dynamodb_endpoint=fields["dynamodbEndpoint"],
            s3_path_style=fields["s3PathStyle"],
        )
    else:
        # Then it fails naming the missing variable, on one line
        with pytest.raises(ConfigError) as failure:
            read_config(env)
        assert failure.value.variable == expected["missing"]
        assert str(failure.value).startswith(f"{expected['missing']} is not set")
        assert "\n" not in str(failure.value)
