//! What the thumbnailer needs from its environment, read once at cold start, by the UUID writer's
//! rules (trimmed, blank is unset, each service's endpoint over the global one). The bucket is not
//! configured: each record names its own, and the thumbnail goes to the same one.

use lambda_duel::config::{Endpoints, setting};
use thiserror::Error;

/// `uploads/<contender>/`: the only keys it reads, the notification's filter too.
pub const UPLOAD_PREFIX: &str = "UPLOAD_PREFIX";
/// `thumbnails/<contender>/`, outside every upload prefix so no thumbnail triggers a function.
pub const THUMBNAIL_PREFIX: &str = "THUMBNAIL_PREFIX";
/// Partition key `sourceKey` (S).
pub const METADATA_TABLE_NAME: &str = "METADATA_TABLE_NAME";
/// Optional: the largest upload it reads, in bytes.
pub const MAX_SOURCE_BYTES: &str = "MAX_SOURCE_BYTES";

/// 25 MiB: four times a 12 MP JPEG at high quality (about 5 MiB), far more than a phone photo.
pub const DEFAULT_MAX_SOURCE_BYTES: u64 = 25 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub settings: Settings,
    pub table_name: String,
    pub endpoints: Endpoints,
}

/// The configuration the records are judged by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub upload_prefix: String,
    pub thumbnail_prefix: String,
    pub max_source_bytes: u64,
}

/// A variable is missing or unusable: init stops with one line naming it.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{0} is not set: the function needs it to know what to read and where to write")]
    Missing(&'static str),
    #[error("{variable} must end with '/', got '{value}'")]
    NotAFolder {
        variable: &'static str,
        value: String,
    },
    #[error(
        "{THUMBNAIL_PREFIX} must not overlap {UPLOAD_PREFIX}: a thumbnail would trigger the function again"
    )]
    PrefixesOverlap,
    #[error("{MAX_SOURCE_BYTES} must be a whole number of bytes above 0, got '{0}'")]
    NotBytes(String),
}

impl Config {
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Takes the variable lookup as a function so tests never touch the process environment.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let upload_prefix = prefix(&lookup, UPLOAD_PREFIX)?;
        let thumbnail_prefix = prefix(&lookup, THUMBNAIL_PREFIX)?;
        if thumbnail_prefix.starts_with(&upload_prefix)
            || upload_prefix.starts_with(&thumbnail_prefix)
        {
            return Err(ConfigError::PrefixesOverlap);
        }
        let table_name = required(&lookup, METADATA_TABLE_NAME)?;
        let max_source_bytes = match setting(&lookup, MAX_SOURCE_BYTES) {
            None => DEFAULT_MAX_SOURCE_BYTES,
            Some(value) => match value.parse::<u64>() {
                Ok(bytes) if bytes > 0 => bytes,
                _ => return Err(ConfigError::NotBytes(value)),
            },
        };
        Ok(Self {
            settings: Settings {
                upload_prefix,
                thumbnail_prefix,
                max_source_bytes,
            },
            table_name,
            endpoints: Endpoints::from_lookup(&lookup),
        })
    }
}

/// A key prefix names a folder: it ends with '/', so `uploads/node/` never matches `uploads/nodejs/…`.
fn prefix(
    lookup: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
) -> Result<String, ConfigError> {
    let value = required(lookup, variable)?;
    if value.ends_with('/') {
        Ok(value)
    } else {
        Err(ConfigError::NotAFolder { variable, value })
    }
}

fn required(
    lookup: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
) -> Result<String, ConfigError> {
    setting(lookup, variable).ok_or(ConfigError::Missing(variable))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn read(env: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let env: HashMap<String, String> = env
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
            .collect();
        Config::from_lookup(|name| env.get(name).cloned())
    }

    const MINIMAL: [(&str, &str); 3] = [
        (UPLOAD_PREFIX, "uploads/rust/"),
        (THUMBNAIL_PREFIX, "thumbnails/rust/"),
        (METADATA_TABLE_NAME, "thumbnails"),
    ];

    fn minimal_with(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
        let mut env = MINIMAL.to_vec();
        env.extend_from_slice(extra);
        env
    }

    #[test]
    fn reads_the_prefixes_and_the_table_with_the_default_maximum_and_aws_endpoints() {
        assert_eq!(
            read(&MINIMAL),
            Ok(Config {
                settings: Settings {
                    upload_prefix: "uploads/rust/".into(),
                    thumbnail_prefix: "thumbnails/rust/".into(),
                    max_source_bytes: DEFAULT_MAX_SOURCE_BYTES,
                },
                table_name: "thumbnails".into(),
                endpoints: Endpoints {
                    s3: None,
                    dynamodb: None,
                    s3_path_style: false,
                },
            })
        );
    }

    #[test]
    fn takes_each_service_endpoint_over_the_global_one_as_the_uuid_writer_does() {
        let config = read(&minimal_with(&[
            ("AWS_ENDPOINT_URL", " http://127.0.0.1:9000 "),
            ("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000"),
            (MAX_SOURCE_BYTES, "1024"),
        ]))
        .expect("config");
        assert_eq!(
            config.endpoints.s3.as_deref(),
            Some("http://127.0.0.1:9000")
        );
        assert_eq!(
            config.endpoints.dynamodb.as_deref(),
            Some("http://127.0.0.1:8000")
        );
        assert!(config.endpoints.s3_path_style);
        assert_eq!(config.settings.max_source_bytes, 1024);
    }

    #[test]
    fn fails_with_one_line_naming_the_variable() {
        let cases: [(&[(&'static str, &'static str)], &str); 5] = [
            (&[(UPLOAD_PREFIX, " ")], "UPLOAD_PREFIX is not set"),
            (
                &[(METADATA_TABLE_NAME, "")],
                "METADATA_TABLE_NAME is not set",
            ),
            (
                &[(UPLOAD_PREFIX, "uploads/rust")],
                "UPLOAD_PREFIX must end with '/', got 'uploads/rust'",
            ),
            (
                &[(THUMBNAIL_PREFIX, "uploads/rust/thumbs/")],
                "THUMBNAIL_PREFIX must not overlap UPLOAD_PREFIX",
            ),
            (
                &[(MAX_SOURCE_BYTES, "25MB")],
                "MAX_SOURCE_BYTES must be a whole number of bytes above 0, got '25MB'",
            ),
        ];
        for (overrides, expected) in cases {
            // Given the minimal environment with one variable broken (a later entry wins)
            let env = minimal_with(overrides);
            // When it is read, the error is one line starting with the expected words
            let message = read(&env).expect_err(expected).to_string();
            assert!(message.starts_with(expected), "{message}");
            assert!(!message.contains('\n'), "{message}");
        }
    }
}
