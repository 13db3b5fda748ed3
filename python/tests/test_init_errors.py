"""A function without its bucket or table fails its init, naming the variable, as Lambda reports it."""

import pytest

from uuid_writer.config import ConfigError


@pytest.mark.parametrize("missing", ["BUCKET_NAME", "TABLE_NAME"])
def test_loading_the_handler_without_a_name_fails_naming_it(load_entry, storage, missing):
    # Given the function's environment without one of its names
    env = {name: value for name, value in storage.env.items() if name != missing}
    # When the handler module is loaded
    with pytest.raises(ConfigError) as failure:
        load_entry(env)
    # Then the init fails, naming the variable
    assert failure.value.variable == missing


def test_a_blank_name_counts_as_missing(load_entry, storage):
    # Given a TABLE_NAME of spaces
    # When the handler module is loaded
    with pytest.raises(ConfigError, match=r"^TABLE_NAME is not set"):
        load_entry({**storage.env, "TABLE_NAME": "   "})
