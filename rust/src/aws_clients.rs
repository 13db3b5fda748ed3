//! SDK configuration, loaded once at cold start.
//!
//! Endpoints, credentials and region come from the standard AWS chain (`AWS_REGION`,
//! `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL_DYNAMODB`, ...), so one binary runs locally and on AWS.

use aws_config::{BehaviorVersion, SdkConfig};
use thiserror::Error;

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

pub fn s3_client(sdk_config: &SdkConfig, path_style: bool) -> aws_sdk_s3::Client {
    let config = aws_sdk_s3::config::Builder::from(sdk_config)
        .force_path_style(path_style)
        .build();
    aws_sdk_s3::Client::from_conf(config)
}

pub fn dynamodb_client(sdk_config: &SdkConfig) -> aws_sdk_dynamodb::Client {
    aws_sdk_dynamodb::Client::new(sdk_config)
}
