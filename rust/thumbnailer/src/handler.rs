//! One invocation: Lambda's S3 event in, the records processed by the store deadline, each refusal
//! logged as it is settled; a summary back, or an error that makes Lambda retry the event.

use std::time::{Duration, SystemTime};

use aws_config::SdkConfig;
use aws_lambda_events::event::s3::S3Event;
use lambda_duel::aws_clients;
use lambda_duel::deadlines::ANSWER_RESERVE;
use lambda_duel::error::Chain;
use lambda_runtime::{Diagnostic, LambdaEvent};
use serde::Serialize;
use tokio::time::Instant;

use crate::config::{Config, Settings};
use crate::outcome_log::{log_outcome, log_retry};
use crate::process_records::{RecordNotFinished, RecordOutcome, Stores, process_records};
use crate::stores::{DynamoMetadataStore, ItemStore, ObjectStore, S3ImageStore};

/// The stores and settings of one execution environment, built once at init.
#[derive(Debug)]
pub struct Thumbnailer<O, I> {
    stores: Stores<O, I>,
    settings: Settings,
}

/// The thumbnailer as deployed: S3 and DynamoDB through the official SDK.
pub type AwsThumbnailer = Thumbnailer<S3ImageStore, DynamoMetadataStore>;

/// How the event's records ended; Lambda ignores it on an asynchronous invocation, a direct
/// caller reads it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub done: usize,
    pub failed: usize,
    pub skipped: usize,
}

impl<O: ObjectStore, I: ItemStore> Thumbnailer<O, I> {
    pub fn new(stores: Stores<O, I>, settings: Settings) -> Self {
        Self { stores, settings }
    }

    pub async fn handle(&self, event: LambdaEvent<S3Event>) -> Result<Summary, Retry> {
        let request_id = &event.context.request_id;
        let deadline = store_deadline(event.context.deadline());
        let report = |outcome: &RecordOutcome| log_outcome(outcome, request_id);
        match process_records(
            &event.payload,
            &self.stores,
            &self.settings,
            deadline,
            report,
        )
        .await
        {
            Ok(outcomes) => Ok(summarize(&outcomes)),
            Err(err) => {
                log_retry(&err, request_id);
                Err(Retry(err))
            }
        }
    }
}

impl AwsThumbnailer {
    /// Builds both SDK clients from one loaded SDK config, as `main` does at cold start, with the
    /// UUID writer's timeouts and retries.
    pub fn on_aws(sdk_config: &SdkConfig, config: Config) -> Self {
        let s3 = aws_clients::s3_client(sdk_config, &config.endpoints);
        let dynamodb = aws_clients::dynamodb_client(sdk_config, &config.endpoints);
        let stores = Stores {
            objects: S3ImageStore::new(s3),
            items: DynamoMetadataStore::new(dynamodb, config.table_name),
        };
        Self::new(stores, config.settings)
    }
}

/// The error Lambda is handed, so that it retries the event: the Node twin's name, and the
/// record and the store's failure in one line.
#[derive(Debug)]
pub struct Retry(pub RecordNotFinished);

impl From<Retry> for Diagnostic {
    fn from(Retry(err): Retry) -> Self {
        Self {
            error_type: "RecordNotFinishedError".to_owned(),
            error_message: Chain(&err).to_string(),
        }
    }
}

/// Every store call must answer by Lambda's deadline less the UUID writer's reserve to log and
/// return; the thumbnailer has no compensating call to keep time for.
fn store_deadline(lambda_deadline: SystemTime) -> Instant {
    let remaining = lambda_deadline
        .duration_since(SystemTime::now())
        .unwrap_or(Duration::ZERO);
    Instant::now() + remaining.saturating_sub(ANSWER_RESERVE)
}

fn summarize(outcomes: &[RecordOutcome]) -> Summary {
    outcomes
        .iter()
        .fold(Summary::default(), |mut summary, outcome| {
            match outcome {
                RecordOutcome::Done { .. } => summary.done += 1,
                RecordOutcome::Failed { .. } => summary.failed += 1,
                RecordOutcome::Skipped { .. } => summary.skipped += 1,
            }
            summary
        })
}
