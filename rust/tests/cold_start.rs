//! The cold-start flag marks only the first invocation an execution environment handles.

mod common;

use common::{Setup, invoke, with_storage};

#[tokio::test(flavor = "multi_thread")]
async fn first_call_is_cold_then_warm() {
    with_storage(Setup::BucketAndTable, |storage| async move {
        // Given a freshly started function
        let app = storage.app();

        // When it is called three times
        let first = invoke(&app).await;
        let second = invoke(&app).await;
        let third = invoke(&app).await;

        // Then only the first answer says cold, in the body and in the header
        assert_eq!(first.body["coldStart"], true);
        assert_eq!(first.header("x-cold-start"), Some("true"));
        for warm in [second, third] {
            assert_eq!(warm.body["coldStart"], false);
            assert_eq!(warm.header("x-cold-start"), Some("false"));
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn each_new_environment_starts_cold() {
    with_storage(Setup::BucketAndTable, |storage| async move {
        // Given one environment that has already served a call
        invoke(&storage.app()).await;

        // When a second environment starts and serves its first call
        let answer = invoke(&storage.app()).await;

        // Then that call is cold too
        assert_eq!(answer.body["coldStart"], true);
    })
    .await;
}
