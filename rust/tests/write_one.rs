//! One call stores one id, once in S3 and once in DynamoDB, and says so.

mod common;

use common::{Setup, invoke, with_storage};
use lambda_http::http::StatusCode;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn one_call_writes_one_object_and_one_item() {
    with_storage(Setup::BucketAndTable, |storage| async move {
        // Given a deployed function with an empty bucket and table
        let app = storage.app();

        // When API Gateway delivers one POST /rust
        let answer = invoke(&app).await;

        // Then the caller gets 201 with exactly the promised body and headers
        assert_eq!(answer.status, StatusCode::CREATED);
        assert_eq!(answer.header("content-type"), Some("application/json"));
        let id = answer.body["id"]
            .as_str()
            .expect("id is a string")
            .to_owned();
        let key = format!("rust/{id}");
        assert_eq!(
            answer.body,
            json!({ "id": id, "runtime": "rust", "key": key, "coldStart": true })
        );
        assert_eq!(answer.header("x-cold-start"), Some("true"));
        // in the same key order as the Node twin, so both send the same bytes
        assert_eq!(
            answer.text,
            format!(r#"{{"id":"{id}","runtime":"rust","key":"{key}","coldStart":true}}"#)
        );

        // And the bucket holds exactly that object: the id as text/plain
        assert_eq!(storage.object_keys().await, vec![key.clone()]);
        let (body, content_type) = storage.object(&key).await;
        assert_eq!(body, id);
        assert_eq!(content_type.as_deref(), Some("text/plain"));

        // And the table holds exactly that item
        let items = storage.items().await;
        assert_eq!(items.len(), 1, "items: {items:?}");
        let item = &items[0];
        assert_eq!(item["id"], id);
        assert_eq!(item["runtime"], "rust");
        assert_eq!(item["s3Key"], key);
        let mut names: Vec<&str> = item.keys().map(String::as_str).collect();
        names.sort_unstable();
        assert_eq!(names, ["createdAt", "id", "runtime", "s3Key"]);

        // And createdAt is an RFC 3339 UTC timestamp from this call
        let created_at = aws_sdk_dynamodb::primitives::DateTime::from_str(
            &item["createdAt"],
            aws_sdk_dynamodb::primitives::DateTimeFormat::DateTime,
        )
        .expect("createdAt is RFC 3339");
        assert!(
            item["createdAt"].ends_with('Z'),
            "UTC: {}",
            item["createdAt"]
        );
        let age = std::time::SystemTime::now()
            .duration_since(created_at.try_into().expect("system time"))
            .expect("createdAt is not in the future");
        assert!(age.as_secs() < 60, "createdAt is {age:?} old");
    })
    .await;
}
