//! The deployed binary refuses to start on incomplete configuration, and says why in one line.

use std::process::Command;

use lambda_duel_thumbnailer::config::{METADATA_TABLE_NAME, THUMBNAIL_PREFIX, UPLOAD_PREFIX};

#[test]
fn a_missing_or_unusable_variable_stops_init_naming_it() {
    let complete = [
        (UPLOAD_PREFIX, "uploads/rust/"),
        (THUMBNAIL_PREFIX, "thumbnails/rust/"),
        (METADATA_TABLE_NAME, "thumbnails"),
    ];
    for (broken, value) in [(METADATA_TABLE_NAME, ""), (UPLOAD_PREFIX, "uploads/rust")] {
        // Given every variable but one set right
        let output = Command::new(env!("CARGO_BIN_EXE_thumbnailer"))
            .env_clear()
            // Keeps the SDK's region chain from asking the EC2 metadata service.
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("AWS_REGION", "us-east-1")
            .envs(complete)
            .env(broken, value)
            .output()
            .expect("run thumbnailer");

        // Then the binary exits non-zero with one line naming the variable
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{broken}: {}", output.status);
        assert_eq!(stderr.lines().count(), 1, "stderr: {stderr}");
        assert!(stderr.contains(broken), "stderr: {stderr}");
    }
}
