//! A hello world on the Rust contender's runtime client and executor: its Init Duration is what
//! starting a Rust function costs before any SDK client is made.

use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::{Value, json};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    lambda_runtime::run(service_fn(|_event: LambdaEvent<Value>| async { Ok::<Value, Error>(json!({ "statusCode": 200, "body": "{}" })) })).await
}
