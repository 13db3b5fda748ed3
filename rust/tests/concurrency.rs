//! Concurrent calls on one environment lose no writes.

mod common;

use std::sync::Arc;

use common::{Setup, invoke, with_storage};
use lambda_http::http::StatusCode;
use tokio::task::JoinSet;

const CALLS: usize = 50;

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_calls_each_write_their_object_and_item() {
    with_storage(Setup::BucketAndTable, |storage| async move {
        // Given one deployed function
        let app = Arc::new(storage.app());

        // When it handles many calls at once
        let mut calls = JoinSet::new();
        for _ in 0..CALLS {
            let app = Arc::clone(&app);
            calls.spawn(async move { invoke(&app).await });
        }
        let answers = calls.join_all().await;

        // Then every call succeeded, exactly one of them cold
        assert!(answers.iter().all(|a| a.status == StatusCode::CREATED));
        let cold = answers
            .iter()
            .filter(|a| a.body["coldStart"] == true)
            .count();
        assert_eq!(cold, 1);
        // And every call left its own object and item
        let mut answered: Vec<String> = answers
            .iter()
            .map(|a| a.body["key"].as_str().expect("key").to_owned())
            .collect();
        let mut stored = storage.object_keys().await;
        answered.sort();
        stored.sort();
        assert_eq!(stored, answered);
        assert_eq!(storage.items().await.len(), CALLS);
    })
    .await;
}
