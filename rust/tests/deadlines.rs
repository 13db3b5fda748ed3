//! A stalled store never lets Lambda end an invocation: every call gives up by a deadline taken
//! from the invocation's remaining time, and a write that got no answer keeps its object.

mod common;

use std::time::{Duration, Instant};

use common::silent::{SilentServer, refusing_endpoint};
use common::{Setup, invoke_with_time_left, with_storage};
use lambda_duel::deadlines::Deadlines;
use lambda_duel::write_uuid::{Outcome, WriteError, write_uuid};
use lambda_http::http::StatusCode;
use serde_json::json;

const TIME_LEFT: Duration = Duration::from_millis(3_000);

/// Which of its stores a test stalls.
#[derive(Clone, Copy)]
enum Stalled {
    Table,
    Bucket,
}

/// Calls the function with 3 s left while one store takes requests and never answers, and checks
/// that the function answered its own fixed 502 before Lambda would have ended it.
async fn call_with_a_stalled(storage: &common::Storage, stalled: Stalled) {
    let silent = SilentServer::start().await;
    let app = match stalled {
        Stalled::Table => storage.app_with_table_at(&silent.endpoint),
        Stalled::Bucket => storage.app_with_bucket_at(&silent.endpoint),
    };
    let started = Instant::now();
    let answer = invoke_with_time_left(&app, TIME_LEFT).await;
    assert!(
        started.elapsed() < TIME_LEFT,
        "took {:?}",
        started.elapsed()
    );
    assert_eq!(answer.status, StatusCode::BAD_GATEWAY);
    assert_eq!(answer.body, json!({ "message": "storage unavailable" }));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stalled_table_gets_the_functions_own_502_in_time_and_the_object_is_kept() {
    with_storage(Setup::BucketAndTable, |storage| async move {
        // Given a function whose table never answers, with 3 s left
        // When it is called
        // Then it answers 502 itself, in time
        call_with_a_stalled(&storage, Stalled::Table).await;
        // And the object stays, so an item that the table applies later still points at it
        assert_eq!(storage.object_keys().await.len(), 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stalled_bucket_gets_the_functions_own_502_in_time_and_no_item() {
    with_storage(Setup::BucketAndTable, |storage| async move {
        // Given a function whose bucket never answers, with 3 s left
        // When it is called
        // Then it answers 502 itself, in time
        call_with_a_stalled(&storage, Stalled::Bucket).await;
        // And no item is written
        assert!(storage.items().await.is_empty());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stalled_table_is_an_unknown_outcome_that_names_the_kept_object() {
    with_storage(Setup::BucketAndTable, |storage| async move {
        // Given a table server that never answers
        let silent = SilentServer::start().await;
        let (objects, items) = storage.stores_with_table_at(&silent.endpoint);

        // When a UUID is written with 3 s left
        let result = write_uuid(&objects, &items, Deadlines::with_time_left(TIME_LEFT)).await;

        // Then the error says the item may still arrive, and which object was kept for it
        let Err(err @ WriteError::ItemOutcomeUnknown { .. }) = result else {
            panic!("expected an unknown item outcome, got {result:?}");
        };
        assert_eq!(err.outcome(), Outcome::Unknown);
        assert_eq!(err.step(), "put-item");
        assert_eq!(err.summary(), "storage write outcome unknown, object kept");
        assert_eq!(storage.object_keys().await, vec![err.key().to_owned()]);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_table_connection_removes_the_object() {
    with_storage(Setup::BucketAndTable, |storage| async move {
        // Given a table endpoint where nothing listens: no request can reach it
        let app = storage.app_with_table_at(&refusing_endpoint().await);

        // When the function is called
        let answer = invoke_with_time_left(&app, TIME_LEFT).await;

        // Then the write definitely failed, and its object is gone
        assert_eq!(answer.status, StatusCode::BAD_GATEWAY);
        assert_eq!(storage.object_keys().await, Vec::<String>::new());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn no_time_left_for_the_writes_sends_nothing() {
    with_storage(Setup::BucketAndTable, |storage| async move {
        // Given less time left than the reserve for clean-up and answer
        let app = storage.app();

        // When the function is called
        let answer = invoke_with_time_left(&app, Duration::from_millis(1_000)).await;

        // Then it fails at once and nothing is stored
        assert_eq!(answer.status, StatusCode::BAD_GATEWAY);
        assert!(storage.object_keys().await.is_empty());
        assert!(storage.items().await.is_empty());
    })
    .await;
}
