//! Settings read once at cold start. The rules, shared with every contender through
//! `contract/configuration-cases.json`: values are trimmed and a blank one counts as unset; a
//! service's own endpoint variable overrides the global one, as the AWS SDKs resolve it;
//! `BUCKET_NAME` is checked before `TABLE_NAME`.

use thiserror::Error;

/// Every variable the function reads, each spelled here only.
pub const BUCKET_NAME: &str = "BUCKET_NAME";
pub const TABLE_NAME: &str = "TABLE_NAME";
pub const AWS_ENDPOINT_URL: &str = "AWS_ENDPOINT_URL";
pub const AWS_ENDPOINT_URL_S3: &str = "AWS_ENDPOINT_URL_S3";
pub const AWS_ENDPOINT_URL_DYNAMODB: &str = "AWS_ENDPOINT_URL_DYNAMODB";

/// Where the function writes, read from the environment once per execution environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub bucket_name: String,
    pub table_name: String,
    pub endpoints: Endpoints,
}

/// Where the stores are reached; every function of this crate's workspace reads them alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// A configured endpoint (a local server), handed to the client; `None` means AWS's own.
    pub s3: Option<String>,
    pub dynamodb: Option<String>,
    /// A configured S3 endpoint serves buckets under the path, not as `<bucket>.<host>` sub-domains.
    pub s3_path_style: bool,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("environment variable {0} is missing or empty")]
    Missing(&'static str),
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Takes the variable lookup as a function so tests never touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let required =
            |name: &'static str| setting(&lookup, name).ok_or(ConfigError::Missing(name));
        let bucket_name = required(BUCKET_NAME)?;
        let table_name = required(TABLE_NAME)?;
        Ok(Self {
            bucket_name,
            table_name,
            endpoints: Endpoints::from_lookup(&lookup),
        })
    }
}

impl Endpoints {
    pub fn from_lookup(lookup: &impl Fn(&str) -> Option<String>) -> Self {
        let s3 = setting(lookup, AWS_ENDPOINT_URL_S3).or_else(|| setting(lookup, AWS_ENDPOINT_URL));
        let dynamodb = setting(lookup, AWS_ENDPOINT_URL_DYNAMODB)
            .or_else(|| setting(lookup, AWS_ENDPOINT_URL));
        Self {
            s3_path_style: s3.is_some(),
            s3,
            dynamodb,
        }
    }
}

/// The trimmed value, or `None` for a variable that is unset or blank.
pub fn setting(lookup: &impl Fn(&str) -> Option<String>, name: &str) -> Option<String> {
    lookup(name)
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::HashMap;

    /// The configuration table every contender's tests run.
    const CASES: &str = include_str!("../../contract/configuration-cases.json");

    #[derive(Deserialize)]
    struct Cases {
        cases: Vec<Case>,
    }

    #[derive(Deserialize)]
    struct Case {
        name: String,
        env: HashMap<String, String>,
        expected: Expected,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    enum Expected {
        Config(ExpectedConfig),
        Missing(String),
    }

    /// The table's neutral field names.
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct ExpectedConfig {
        bucket_name: String,
        table_name: String,
        s3_endpoint: Option<String>,
        dynamodb_endpoint: Option<String>,
        s3_path_style: bool,
    }

    #[test]
    fn reads_every_configuration_case_as_the_table_says() {
        let Cases { cases } = serde_json::from_str(CASES).expect("configuration cases");
        assert!(!cases.is_empty());
        for Case {
            name,
            env,
            expected,
        } in cases
        {
            // Given exactly the environment of the case
            // When the configuration is read
            let config = Config::from_lookup(|variable| env.get(variable).cloned());
            // Then it holds the expected fields, or names the missing variable
            match expected {
                Expected::Config(fields) => assert_eq!(
                    config,
                    Ok(Config {
                        bucket_name: fields.bucket_name,
                        table_name: fields.table_name,
                        endpoints: Endpoints {
                            s3: fields.s3_endpoint,
                            dynamodb: fields.dynamodb_endpoint,
                            s3_path_style: fields.s3_path_style,
                        },
                    }),
                    "case: {name}"
                ),
                Expected::Missing(variable) => {
                    let Err(err) = config else {
                        panic!("case: {name}: expected {variable} to be missing, got {config:?}");
                    };
                    assert_eq!(
                        err.to_string(),
                        format!("environment variable {variable} is missing or empty"),
                        "case: {name}"
                    );
                }
            }
        }
    }
}
