//! What the log keeps of a record, in the Node twin's fields (`outcome-log.ts`): one JSON line per
//! permanent failure, and one for the store failure that ends an invocation for Lambda to retry,
//! so CloudWatch Logs Insights can filter on them. Successes leave no line; their item is the
//! record.

use lambda_duel::error::Chain;

use crate::process_records::{RecordNotFinished, RecordOutcome};

pub fn log_outcome(outcome: &RecordOutcome, request_id: &str) {
    let RecordOutcome::Failed { bucket, item } = outcome else {
        return;
    };
    tracing::error!(
        outcome = "failed",
        bucket,
        key = item.source_key,
        errorType = item.error_type.as_str(),
        error = item.error_message,
        requestId = request_id,
        "upload refused, failure recorded"
    );
}

pub fn log_retry(err: &RecordNotFinished, request_id: &str) {
    tracing::error!(
        outcome = "retry",
        key = err.key,
        error = %Chain(&err.source),
        requestId = request_id,
        "store failed, event left for Lambda to retry"
    );
}
