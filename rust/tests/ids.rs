//! Every call stores a new random UUID.

mod common;

use std::collections::HashSet;

use common::{Setup, invoke, with_storage};
use lambda_http::http::StatusCode;
use uuid::{Uuid, Version};

const CALLS: usize = 25;

#[tokio::test(flavor = "multi_thread")]
async fn ids_are_unique_uuid_v4() {
    with_storage(Setup::BucketAndTable, |storage| async move {
        // Given a deployed function
        let app = storage.app();

        // When it is called many times
        let mut ids = Vec::new();
        for _ in 0..CALLS {
            let answer = invoke(&app).await;
            assert_eq!(answer.status, StatusCode::CREATED);
            ids.push(answer.body["id"].as_str().expect("id").to_owned());
        }

        // Then each id is a canonical (lower-case, hyphenated) UUID v4
        for id in &ids {
            let uuid = Uuid::parse_str(id).expect("a UUID");
            assert_eq!(uuid.get_version(), Some(Version::Random), "{id} is not v4");
            assert_eq!(&uuid.hyphenated().to_string(), id, "{id} is not canonical");
        }
        // And no id repeats, in the answers or in storage
        let unique: HashSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), CALLS);
        assert_eq!(storage.object_keys().await.len(), CALLS);
        assert_eq!(storage.items().await.len(), CALLS);
    })
    .await;
}
