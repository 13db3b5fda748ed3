//! A store's failure ends the event with an error, for Lambda to retry it: the records before it
//! are done, the ones after it wait for the retry, and nothing is recorded as a failure of the
//! upload.

mod common;

use std::time::Duration;

use common::events::{event_of, put_record};
use common::silent::{SilentServer, refusing_endpoint};
use common::{images, plenty_of_time, settings, with_storage};
use lambda_duel::error::Chain;
use lambda_duel_thumbnailer::process_records::process_records;
use tokio::time::Instant;

#[tokio::test(flavor = "multi_thread")]
async fn fails_the_event_at_a_missing_object_after_the_records_before_it_are_done() {
    with_storage(|storage| async move {
        // Given a good upload, a record for an object S3 does not have, and another good upload
        let photo = images::jpeg(20, 20);
        for key in ["uploads/rust/first.jpg", "uploads/rust/third.jpg"] {
            storage.upload(key, &photo).await;
        }
        let size = Some(photo.len() as u64);
        let event = event_of([
            put_record(&storage.bucket, "uploads/rust/first.jpg", size),
            put_record(&storage.bucket, "uploads/rust/missing.jpg", Some(10)),
            put_record(&storage.bucket, "uploads/rust/third.jpg", size),
        ]);

        // When the event is processed
        let err = process_records(&event, &storage.stores(), &settings(), plenty_of_time(), |_| {})
            .await
            .expect_err("a store failed");

        // Then it names the record S3 failed on, and S3's answer
        assert_eq!((err.index, err.key.as_str()), (1, "uploads/rust/missing.jpg"));
        let message = Chain(&err).to_string();
        assert!(
            message.starts_with("record 1 (key 'uploads/rust/missing.jpg') not finished, for Lambda to retry: S3 GetObject failed: NoSuchKey"),
            "{message}"
        );
        // And the first record is done, the third untouched until the retry
        let items = storage.items().await;
        assert_eq!(items.len(), 1);
        assert_eq!((items[0]["sourceKey"].as_str(), items[0]["status"].as_str()), (Some("uploads/rust/first.jpg"), Some("done")));
        assert_eq!(
            storage.keys().await,
            ["thumbnails/rust/first.jpg", "uploads/rust/first.jpg", "uploads/rust/third.jpg"]
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn fails_the_event_when_the_table_refuses_the_connection_and_records_nothing() {
    with_storage(|storage| async move {
        // Given a table endpoint where nothing listens
        let stores = storage.stores_with_table_at(&refusing_endpoint().await);
        storage
            .upload("uploads/rust/photo.jpg", &images::jpeg(20, 20))
            .await;
        let event = event_of([put_record(&storage.bucket, "uploads/rust/photo.jpg", None)]);

        // When the event is processed, it fails with the refused connection as the cause
        let err = process_records(&event, &stores, &settings(), plenty_of_time(), |_| {})
            .await
            .expect_err("the table is unreachable");
        let message = Chain(&err).to_string();
        assert!(message.contains("DynamoDB PutItem failed"), "{message}");
        assert!(
            message.to_lowercase().contains("connection refused"),
            "{message}"
        );
        assert!(storage.items().await.is_empty());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn fails_the_event_when_the_table_refuses_a_failed_item_too() {
    with_storage(|storage| async move {
        // A permanent failure is never lost unrecorded: its item not put is the store's failure
        let stores = storage.stores_with_table_at(&refusing_endpoint().await);
        let event = event_of([put_record(&storage.bucket, "elsewhere/photo.jpg", Some(10))]);
        let outcome = process_records(&event, &stores, &settings(), plenty_of_time(), |_| {}).await;
        assert!(outcome.is_err(), "{outcome:?}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn gives_up_on_a_stalled_bucket_by_the_deadline() {
    with_storage(|storage| async move {
        // Given a bucket whose server never answers, and 2 s until the store deadline
        let silent = SilentServer::start().await;
        let stores = storage.stores_with_bucket_at(&silent.endpoint);
        let deadline = Instant::now() + Duration::from_secs(2);
        let event = event_of([put_record(
            &storage.bucket,
            "uploads/rust/photo.jpg",
            Some(10),
        )]);

        // When the event is processed, it fails by the deadline, the read's outcome unknown
        let err = process_records(&event, &stores, &settings(), deadline, |_| {})
            .await
            .expect_err("the bucket stalled");
        assert!(Instant::now() < deadline + Duration::from_millis(200));
        let message = Chain(&err).to_string();
        assert!(
            message.contains("S3 GetObject got no definite answer"),
            "{message}"
        );
        assert!(storage.items().await.is_empty());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sends_nothing_when_the_invocation_has_no_time_left() {
    with_storage(|storage| async move {
        storage
            .upload("uploads/rust/photo.jpg", &images::jpeg(20, 20))
            .await;
        let event = event_of([put_record(&storage.bucket, "uploads/rust/photo.jpg", None)]);
        let err = process_records(
            &event,
            &storage.stores(),
            &settings(),
            Instant::now(),
            |_| {},
        )
        .await
        .expect_err("no time left");
        let message = Chain(&err).to_string();
        assert!(
            message.ends_with("S3 GetObject failed: not sent: its deadline had passed"),
            "{message}"
        );
        assert_eq!(storage.keys().await, ["uploads/rust/photo.jpg"]);
        assert!(storage.items().await.is_empty());
    })
    .await;
}
