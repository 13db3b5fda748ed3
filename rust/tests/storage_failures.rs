//! When storage fails the caller gets a plain 502 and nothing half-written stays behind.

mod common;

use common::{Setup, invoke, with_storage};
use lambda_http::http::StatusCode;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn missing_bucket_answers_502_and_writes_no_item() {
    with_storage(Setup::TableOnly, |storage| async move {
        // Given a function whose bucket does not exist
        let app = storage.app();

        // When it is called
        let answer = invoke(&app).await;

        // Then the caller gets 502 with the generic message only
        assert_eq!(answer.status, StatusCode::BAD_GATEWAY);
        assert_eq!(answer.body, json!({ "message": "storage unavailable" }));
        assert_eq!(answer.text, r#"{"message":"storage unavailable"}"#);
        assert_eq!(answer.header("content-type"), Some("application/json"));
        // And no item was written
        assert!(storage.items().await.is_empty());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn missing_table_answers_502_and_removes_the_object() {
    with_storage(Setup::BucketOnly, |storage| async move {
        // Given a function whose table does not exist
        let app = storage.app();

        // When it is called
        let answer = invoke(&app).await;

        // Then the caller gets 502 with the generic message only
        assert_eq!(answer.status, StatusCode::BAD_GATEWAY);
        assert_eq!(answer.body, json!({ "message": "storage unavailable" }));
        // And the object written before the item failed is gone
        assert_eq!(storage.object_keys().await, Vec::<String>::new());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_first_call_still_uses_up_the_cold_start() {
    with_storage(Setup::TableOnly, |storage| async move {
        // Given a function whose bucket does not exist
        let app = storage.app();

        // When it is called twice
        let first = invoke(&app).await;
        let second = invoke(&app).await;

        // Then the cold start is reported on the first, failed, answer only
        assert_eq!(first.header("x-cold-start"), Some("true"));
        assert_eq!(second.header("x-cold-start"), Some("false"));
    })
    .await;
}
