//! SDK configuration, loaded once at cold start.
//!
//! Credentials and region come from the standard AWS chain (`AWS_REGION`, ...), the endpoints from
//! the function's [`Endpoints`] (`AWS_ENDPOINT_URL_S3`, ..., trimmed), so one binary runs locally
//! and on AWS.
//! Both clients connect, time out and retry the same way, whatever time the invocation has left:
//! one slow attempt must not use up the budget, and a retry must never hide whether a write took
//! effect.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, SdkConfig};
use thiserror::Error;

use crate::config::Endpoints;
use crate::stores::RetryOnlyWhatCannotHaveTakenEffect;

pub const CONNECT_TIMEOUT: Duration = Duration::from_millis(1_000);
/// One request and its answer; the stores' local servers and AWS answer in milliseconds.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_millis(3_000);
pub const MAX_ATTEMPTS: u32 = 3;
/// Full-jitter exponential backoff from this base, the same as the Node twin's.
const BACKOFF_BASE: Duration = Duration::from_millis(100);

#[derive(Debug, Error)]
#[error("no AWS region configured: set AWS_REGION")]
pub struct MissingRegion;

pub async fn load_sdk_config() -> Result<SdkConfig, MissingRegion> {
    let sdk_config = aws_config::defaults(BehaviorVersion::latest()).load().await;
    // Without a region every request fails; better to refuse to start.
    match sdk_config.region() {
        Some(_) => Ok(sdk_config),
        None => Err(MissingRegion),
    }
}

/// The endpoint and addressing come from the function's [`Endpoints`], which resolved them.
pub fn s3_client(sdk_config: &SdkConfig, endpoints: &Endpoints) -> aws_sdk_s3::Client {
    let mut builder = aws_sdk_s3::config::Builder::from(sdk_config)
        .force_path_style(endpoints.s3_path_style)
        .timeout_config(timeouts())
        .retry_config(retries())
        .retry_classifier(RetryOnlyWhatCannotHaveTakenEffect);
    builder.set_endpoint_url(endpoints.s3.clone());
    aws_sdk_s3::Client::from_conf(builder.build())
}

pub fn dynamodb_client(sdk_config: &SdkConfig, endpoints: &Endpoints) -> aws_sdk_dynamodb::Client {
    let mut builder = aws_sdk_dynamodb::config::Builder::from(sdk_config)
        .timeout_config(timeouts())
        .retry_config(retries())
        .retry_classifier(RetryOnlyWhatCannotHaveTakenEffect);
    builder.set_endpoint_url(endpoints.dynamodb.clone());
    aws_sdk_dynamodb::Client::from_conf(builder.build())
}

fn timeouts() -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .operation_attempt_timeout(ATTEMPT_TIMEOUT)
        .build()
}

fn retries() -> RetryConfig {
    RetryConfig::standard()
        .with_max_attempts(MAX_ATTEMPTS)
        .with_initial_backoff(BACKOFF_BASE)
}
