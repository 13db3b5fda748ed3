//! Settings read once at cold start.

use thiserror::Error;

/// Where the function writes, read from the environment once per execution environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub bucket_name: String,
    pub table_name: String,
    /// Local S3 servers serve buckets under the path, not as `<bucket>.<host>` sub-domains.
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
        let required = |name: &'static str| {
            lookup(name)
                .filter(|value| !value.trim().is_empty())
                .ok_or(ConfigError::Missing(name))
        };
        // Same variables aws-config reads for the S3 endpoint: an override means a local server.
        let s3_path_style = ["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"]
            .into_iter()
            .any(|name| lookup(name).is_some_and(|value| !value.trim().is_empty()));
        Ok(Self {
            bucket_name: required("BUCKET_NAME")?,
            table_name: required("TABLE_NAME")?,
            s3_path_style,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn lookup_in(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        move |name| vars.get(name).cloned()
    }

    #[test]
    fn reads_bucket_and_table() {
        // Given both names are set and no endpoint override
        let lookup = lookup_in(&[("BUCKET_NAME", "b"), ("TABLE_NAME", "t")]);
        // When the config is read
        let config = Config::from_lookup(lookup);
        // Then it carries them and keeps AWS's virtual-hosted S3 addressing
        assert_eq!(
            config,
            Ok(Config {
                bucket_name: "b".into(),
                table_name: "t".into(),
                s3_path_style: false
            })
        );
    }

    #[test]
    fn missing_bucket_names_the_variable() {
        let config = Config::from_lookup(lookup_in(&[("TABLE_NAME", "t")]));
        assert_eq!(config, Err(ConfigError::Missing("BUCKET_NAME")));
        assert_eq!(
            config.unwrap_err().to_string(),
            "environment variable BUCKET_NAME is missing or empty"
        );
    }

    #[test]
    fn empty_table_counts_as_missing() {
        let config = Config::from_lookup(lookup_in(&[("BUCKET_NAME", "b"), ("TABLE_NAME", " ")]));
        assert_eq!(config, Err(ConfigError::Missing("TABLE_NAME")));
    }

    #[test]
    fn s3_endpoint_override_selects_path_style() {
        for endpoint_var in ["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"] {
            let lookup = lookup_in(&[
                ("BUCKET_NAME", "b"),
                ("TABLE_NAME", "t"),
                (endpoint_var, "http://127.0.0.1:9000"),
            ]);
            let config = Config::from_lookup(lookup).expect("config");
            assert!(
                config.s3_path_style,
                "{endpoint_var} should select path style"
            );
        }
    }
}
