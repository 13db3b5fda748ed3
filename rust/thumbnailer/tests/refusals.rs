//! An upload the function cannot or must not make a thumbnail of is recorded as a failed item,
//! with why and what was known of it, and the records after it go on.

mod common;

use aws_lambda_events::s3::S3EventRecord;
use common::events::{EVENT_TIME, event_of, put_record, with_event_name};
use common::{Storage, images, is_iso_ms, plenty_of_time, settings, with_storage};
use lambda_duel_thumbnailer::config::Settings;
use lambda_duel_thumbnailer::process_records::{RecordOutcome, process_records};
use serde_json::json;

/// Processes the one record, expecting no store to fail.
async fn process_one(storage: &Storage, record: S3EventRecord) -> RecordOutcome {
    let mut outcomes = storage
        .process(&event_of([record]))
        .await
        .expect("no store failed");
    outcomes.pop().expect("one outcome")
}

#[tokio::test(flavor = "multi_thread")]
async fn records_a_failure_for_bytes_that_are_not_an_image_and_writes_no_thumbnail() {
    with_storage(|storage| async move {
        // Given a text file uploaded as a .jpg
        let text = b"not a picture at all";
        let record = storage.uploaded("uploads/rust/fake.jpg", text).await;

        // When it is processed
        let outcome = process_one(&storage, record).await;

        // Then the item says it failed and why, with what was known of the source
        assert!(
            matches!(&outcome, RecordOutcome::Failed { bucket, .. } if *bucket == storage.bucket),
            "{outcome:?}"
        );
        let mut items = storage.items().await;
        assert_eq!(items.len(), 1);
        let mut item = items.remove(0);
        assert!(is_iso_ms(
            item.remove("processedAt")
                .expect("processedAt")
                .as_str()
                .expect("text")
        ));
        let message = item.remove("errorMessage").expect("errorMessage");
        assert!(
            message
                .as_str()
                .is_some_and(|m| m.contains("unsupported image format")),
            "{message}"
        );
        assert_eq!(
            serde_json::to_value(item).expect("json"),
            json!({
                "sourceKey": "uploads/rust/fake.jpg",
                "eventTime": EVENT_TIME,
                "status": "failed",
                "errorType": "not-an-image",
                "sourceBytes": text.len(),
            })
        );
        assert_eq!(storage.keys().await, ["uploads/rust/fake.jpg"]);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn refuses_each_bad_image_as_its_own_kind_of_failure() {
    with_storage(|storage| async move {
        // Given a GIF, an empty file, a truncated PNG and a PNG header declaring 20000×20000
        let cases = [
            ("gif.gif", images::gif(), "unsupported-format"),
            ("empty.jpg", Vec::new(), "not-an-image"),
            (
                "cut.png",
                images::truncated(&images::noisy_png(300, 200)),
                "corrupt-image",
            ),
            (
                "bomb.png",
                images::header_bomb(20_000, 20_000),
                "too-many-pixels",
            ),
        ];
        for (name, body, error_type) in cases {
            let key = format!("uploads/rust/{name}");
            let record = storage.uploaded(&key, &body).await;

            // When each is processed
            let outcome = process_one(&storage, record).await;

            // Then each is a failed item of its own type, and no thumbnail
            assert!(
                matches!(outcome, RecordOutcome::Failed { .. }),
                "{name}: {outcome:?}"
            );
            assert_eq!(storage.item(&key).await["errorType"], error_type, "{name}");
        }
        assert!(
            storage
                .keys()
                .await
                .iter()
                .all(|key| key.starts_with("uploads/"))
        );
        // And the bomb is known by its header, from which it was refused
        let bomb = storage.item("uploads/rust/bomb.png").await;
        assert_eq!(
            (bomb["format"].clone(), bomb["sourceWidth"].clone()),
            (json!("png"), json!(20_000))
        );
        assert_eq!(storage.item("uploads/rust/gif.gif").await["format"], "gif");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn goes_on_to_the_next_record_after_a_truncated_jpeg() {
    with_storage(|storage| async move {
        // Given a truncated JPEG, then a good one
        let event = event_of([
            storage
                .uploaded(
                    "uploads/rust/broken.jpg",
                    &images::truncated(&images::jpeg(600, 400)),
                )
                .await,
            storage
                .uploaded("uploads/rust/good.jpg", &images::jpeg(60, 40))
                .await,
        ]);

        // When both are processed
        let outcomes = storage.process(&event).await.expect("no store failed");

        // Then the first is a recorded failure, knowing its header, and the second has its thumbnail
        assert!(
            matches!(
                outcomes[..],
                [RecordOutcome::Failed { .. }, RecordOutcome::Done { .. }]
            ),
            "{outcomes:?}"
        );
        let broken = storage.item("uploads/rust/broken.jpg").await;
        let fields = [
            "status",
            "errorType",
            "format",
            "sourceWidth",
            "sourceHeight",
        ]
        .map(|name| broken[name].clone());
        assert_eq!(
            fields,
            [
                json!("failed"),
                json!("corrupt-image"),
                json!("jpeg"),
                json!(600),
                json!(400)
            ]
        );
        assert!(
            broken["errorMessage"]
                .as_str()
                .is_some_and(|m| m.starts_with("the jpeg does not decode: premature end"))
        );
        assert_eq!(
            storage.item("uploads/rust/good.jpg").await["status"],
            "done"
        );
        assert_eq!(
            storage.keys().await,
            [
                "thumbnails/rust/good.jpg",
                "uploads/rust/broken.jpg",
                "uploads/rust/good.jpg"
            ]
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn refuses_a_key_outside_the_upload_prefix_or_the_prefix_itself_without_reading_it() {
    with_storage(|storage| async move {
        // Given records for another contender's upload and for the prefix, neither in the bucket (a read would fail)
        for key in ["uploads/node/photo.jpg", "uploads/rust/"] {
            let record = put_record(&storage.bucket, key, Some(100));

            // When each is processed
            process_one(&storage, record).await;

            // Then it is a recorded failure
            let item = storage.item(key).await;
            assert_eq!(
                (item["status"].as_str(), item["errorType"].as_str()),
                (Some("failed"), Some("outside-prefix"))
            );
        }
        // And nothing is written to the bucket
        assert!(storage.keys().await.is_empty());
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn records_a_key_that_does_not_decode_under_the_key_as_it_came() {
    with_storage(|storage| async move {
        let mut record = put_record(&storage.bucket, "uploads/rust/x.jpg", Some(10));
        record.s3.object.key = Some("uploads/rust/100%.jpg".to_owned());
        process_one(&storage, record).await;
        let item = storage.item("uploads/rust/100%.jpg").await;
        assert_eq!(item["errorType"], "invalid-key");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn refuses_an_upload_over_the_maximum_by_the_event_size_without_reading_it() {
    with_storage(|storage| async move {
        // Given a record saying the object has one byte more than the maximum (and no such object)
        let max = settings().max_source_bytes;
        let record = put_record(&storage.bucket, "uploads/rust/huge.jpg", Some(max + 1));

        // When it is processed, it is a recorded failure and nothing was read (a read would have failed)
        process_one(&storage, record).await;
        let item = storage.item("uploads/rust/huge.jpg").await;
        assert_eq!(
            (item["errorType"].clone(), item["sourceBytes"].clone()),
            (json!("too-large"), json!(max + 1))
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn refuses_an_upload_over_the_maximum_by_its_content_length_when_the_event_gives_no_size() {
    with_storage(|storage| async move {
        // Given a 2 KiB upload, a record without its size, and a maximum of 1 KiB
        storage.upload("uploads/rust/big.png", &[0xFF; 2048]).await;
        let record = put_record(&storage.bucket, "uploads/rust/big.png", None);
        let small = Settings {
            max_source_bytes: 1024,
            ..settings()
        };

        // When it is processed
        let event = event_of([record]);
        process_records(&event, &storage.stores(), &small, plenty_of_time(), |_| {})
            .await
            .expect("no store failed");

        // Then it failed as too large, with the size S3 gave
        let item = storage.item("uploads/rust/big.png").await;
        assert_eq!(
            (item["errorType"].clone(), item["sourceBytes"].clone()),
            (json!("too-large"), json!(2048))
        );
        assert_eq!(storage.keys().await, ["uploads/rust/big.png"]);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn leaves_one_item_and_one_thumbnail_when_the_same_event_is_delivered_again() {
    with_storage(|storage| async move {
        // Given an event processed once
        let event = event_of([storage
            .uploaded("uploads/rust/again.png", &images::png(20, 20))
            .await]);
        storage.process(&event).await.expect("first");
        let mut first = storage.item("uploads/rust/again.png").await;

        // When Lambda delivers it again (a retry)
        storage.process(&event).await.expect("again");

        // Then there is still one item for the upload, put again, and one thumbnail
        let mut items = storage.items().await;
        assert_eq!(items.len(), 1);
        let (before, after) = (first.remove("processedAt"), items[0].remove("processedAt"));
        let text = |at: Option<serde_json::Value>| at.and_then(|at| at.as_str().map(str::to_owned));
        assert!(
            text(after.clone()) >= text(before.clone()),
            "{before:?} then {after:?}"
        );
        assert_eq!(items[0], first);
        assert_eq!(
            storage.keys().await,
            ["thumbnails/rust/again.png", "uploads/rust/again.png"]
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn skips_what_is_not_an_upload_and_reports_each_outcome_as_it_is_settled() {
    with_storage(|storage| async move {
        // Given an upload, then its removal, which the function has no business with
        let removed = with_event_name(
            put_record(&storage.bucket, "uploads/rust/a.jpg", None),
            "ObjectRemoved:Delete",
        );
        let event = event_of([
            storage
                .uploaded("uploads/rust/a.jpg", &images::jpeg(8, 8))
                .await,
            removed,
        ]);
        let mut reported = Vec::new();

        // When the event is processed
        process_records(
            &event,
            &storage.stores(),
            &settings(),
            plenty_of_time(),
            |outcome| reported.push(outcome.clone()),
        )
        .await
        .expect("processed");

        // Then the upload is done and the removal skipped, reported in that order, with one item
        assert!(
            matches!(
                reported[..],
                [RecordOutcome::Done { .. }, RecordOutcome::Skipped { .. }]
            ),
            "{reported:?}"
        );
        assert_eq!(storage.items().await.len(), 1);
    })
    .await;
}
