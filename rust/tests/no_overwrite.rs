//! An id that is already stored is never overwritten nor torn down by a second write.

mod common;

use common::{Setup, with_storage};
use lambda_duel::aws_clients;
use lambda_duel::deadlines::Deadlines;
use lambda_duel::stores::{DynamoItemStore, S3ObjectStore};
use lambda_duel::write_uuid::{WriteError, write_id};
use uuid::Uuid;

fn ten_seconds() -> Deadlines {
    Deadlines::with_time_left(std::time::Duration::from_secs(10))
}

#[tokio::test(flavor = "multi_thread")]
async fn storing_a_taken_id_fails_and_keeps_the_first_record() {
    with_storage(Setup::BucketAndTable, |storage| async move {
        // Given an id that is already stored
        let objects = S3ObjectStore::new(
            aws_clients::s3_client(&storage.sdk_config, &storage.config.endpoints),
            &storage.bucket,
        );
        let items = DynamoItemStore::new(
            aws_clients::dynamodb_client(&storage.sdk_config, &storage.config.endpoints),
            &storage.table,
        );
        let id = Uuid::new_v4();
        write_id(id, &objects, &items, ten_seconds())
            .await
            .expect("first write");
        let first_item = storage.items().await;

        // When the same id is stored again
        let second = write_id(id, &objects, &items, ten_seconds()).await;

        // Then the write is refused
        assert!(
            matches!(second, Err(WriteError::IdTaken { id: taken, .. }) if taken == id),
            "{second:?}"
        );
        // And the first record is intact: its item unchanged, its object still there
        assert_eq!(storage.items().await, first_item);
        let key = format!("rust/{id}");
        assert_eq!(storage.object_keys().await, vec![key.clone()]);
        assert_eq!(storage.object(&key).await.0, id.to_string());
    })
    .await;
}
