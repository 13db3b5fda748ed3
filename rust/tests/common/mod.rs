//! Shared set-up for the integration tests: real local S3 and DynamoDB servers, reached through the
//! real SDK, with a bucket and a table of each test's own so tests run in parallel.

#![allow(dead_code)] // Each test file uses its own subset of these helpers.

pub mod servers;
pub mod silent;

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_config::SdkConfig;
use aws_sdk_dynamodb::types::AttributeValue;
use lambda_duel::app::AwsApp;
use lambda_duel::stores::{DynamoItemStore, S3ObjectStore};
use lambda_duel::{App, Config, aws_clients, config};
use lambda_http::http::{HeaderMap, StatusCode};
use lambda_http::{Body, Context, Request, RequestExt, Response};
use serde_json::Value;

use servers::{local_sdk_config, unique_name};

/// Which of its stores a test gets; the missing one is what that test breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setup {
    BucketAndTable,
    TableOnly,
    BucketOnly,
}

/// The local servers as the tests see them, plus the names of this test's own bucket and table.
pub struct Storage {
    pub sdk_config: SdkConfig,
    /// The function's configuration as `main` reads it, naming this test's bucket and table.
    pub config: Config,
    pub s3: aws_sdk_s3::Client,
    pub dynamodb: aws_sdk_dynamodb::Client,
    pub bucket: String,
    pub table: String,
}

/// Runs `test` against fresh storage and removes that storage afterwards, even when `test` panics.
pub async fn with_storage<F, Fut>(setup: Setup, test: F)
where
    F: FnOnce(Arc<Storage>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let storage = Arc::new(Storage::create(setup).await);
    servers::run_then(test(Arc::clone(&storage)), storage.remove()).await;
}

impl Storage {
    async fn create(setup: Setup) -> Self {
        let sdk_config = local_sdk_config().await;
        let name = unique_name();
        let config = Config::from_lookup(|variable| match variable {
            config::BUCKET_NAME | config::TABLE_NAME => Some(name.clone()),
            other => std::env::var(other).ok(),
        })
        .expect("test config");
        let storage = Self {
            s3: aws_clients::s3_client(&sdk_config, &config.endpoints),
            dynamodb: aws_clients::dynamodb_client(&sdk_config, &config.endpoints),
            sdk_config,
            config,
            bucket: name.clone(),
            table: name,
        };
        if setup != Setup::TableOnly {
            storage.create_bucket().await;
        }
        if setup != Setup::BucketOnly {
            storage.create_table().await;
        }
        storage
    }

    /// The function as deployed, configured the way `main` configures it.
    pub fn app(&self) -> AwsApp {
        AwsApp::on_aws(&self.sdk_config, &self.config)
    }

    /// The function as deployed, but with its table on another endpoint (a stalled server, say).
    pub fn app_with_table_at(&self, endpoint: &str) -> AwsApp {
        let (objects, items) = self.stores_with_table_at(endpoint);
        App::new(objects, items)
    }

    /// The function's stores, its own client settings included, with the table on `endpoint`.
    pub fn stores_with_table_at(&self, endpoint: &str) -> (S3ObjectStore, DynamoItemStore) {
        let dynamodb = aws_clients::dynamodb_client(&self.sdk_config, &self.config.endpoints);
        let elsewhere = dynamodb
            .config()
            .to_builder()
            .endpoint_url(endpoint)
            .build();
        (
            S3ObjectStore::new(self.s3.clone(), &self.bucket),
            DynamoItemStore::new(aws_sdk_dynamodb::Client::from_conf(elsewhere), &self.table),
        )
    }

    /// The function as deployed, but with its bucket on another endpoint.
    pub fn app_with_bucket_at(&self, endpoint: &str) -> AwsApp {
        let elsewhere = self.s3.config().to_builder().endpoint_url(endpoint).build();
        App::new(
            S3ObjectStore::new(aws_sdk_s3::Client::from_conf(elsewhere), &self.bucket),
            DynamoItemStore::new(self.dynamodb.clone(), &self.table),
        )
    }

    async fn create_bucket(&self) {
        servers::create_bucket(&self.s3, &self.bucket).await;
    }

    async fn create_table(&self) {
        servers::create_table(&self.dynamodb, &self.table, "id").await;
    }

    /// Every object key in the bucket.
    pub async fn object_keys(&self) -> Vec<String> {
        servers::object_keys(&self.s3, &self.bucket).await
    }

    /// The object's body and content type.
    pub async fn object(&self, key: &str) -> (String, Option<String>) {
        let (bytes, content_type) = servers::object(&self.s3, &self.bucket, key).await;
        (String::from_utf8(bytes).expect("utf-8 body"), content_type)
    }

    /// Every item in the table, each as attribute name -> string value.
    pub async fn items(&self) -> Vec<std::collections::HashMap<String, String>> {
        let items = servers::items(&self.dynamodb, &self.table).await;
        items
            .iter()
            .map(|item| {
                item.iter()
                    .map(|(name, value)| (name.clone(), string_attribute(value)))
                    .collect()
            })
            .collect()
    }

    async fn remove(&self) {
        servers::remove(&self.s3, &self.dynamodb, &self.bucket, &self.table).await;
    }
}

fn string_attribute(value: &AttributeValue) -> String {
    match value {
        AttributeValue::S(text) => text.clone(),
        other => panic!("expected only string attributes, got {other:?}"),
    }
}

/// An API Gateway HTTP API (payload format 2.0) `POST /rust` event, as Lambda delivers it.
pub fn post_rust() -> Request {
    lambda_http::request::from_str(include_str!("../fixtures/http_api_v2_post_rust.json"))
        .expect("payload 2.0 fixture")
}

/// A handled response: status, headers and the body parsed as JSON.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The body as sent, for checks on its exact bytes.
    pub text: String,
    pub body: Value,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }
}

/// Invokes the handler with a real `POST /rust` event and the 10 s a fresh invocation has.
pub async fn invoke(app: &AwsApp) -> Answer {
    invoke_with_time_left(app, Duration::from_secs(10)).await
}

/// Invokes the handler with Lambda's deadline for the invocation `time_left` from now.
pub async fn invoke_with_time_left(app: &AwsApp, time_left: Duration) -> Answer {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970");
    let mut context = Context::default();
    context.deadline = u64::try_from((now + time_left).as_millis()).expect("deadline in ms");
    let Ok(response) = app.handle(post_rust().with_lambda_context(context)).await;
    answer(response)
}

fn answer(response: Response<Body>) -> Answer {
    let (parts, body) = response.into_parts();
    let Body::Text(text) = body else {
        panic!("expected a text body, got {body:?}");
    };
    Answer {
        status: parts.status,
        headers: parts.headers,
        body: serde_json::from_str(&text).expect("JSON body"),
        text,
    }
}
