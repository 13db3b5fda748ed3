//! The deployed binary refuses to start on incomplete configuration, and says why.

use std::process::{Command, Output};

use lambda_duel::config::{BUCKET_NAME, TABLE_NAME};

fn bootstrap(vars: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bootstrap"))
        .env_clear()
        // Keeps the SDK's region chain from asking the EC2 metadata service.
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .envs(vars.iter().copied())
        .output()
        .expect("run bootstrap")
}

fn assert_init_error_naming(output: &Output, variable: &str) {
    assert!(!output.status.success(), "exit status: {}", output.status);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "stderr: {stderr}");
    assert!(lines[0].contains(variable), "stderr: {stderr}");
}

#[test]
fn missing_bucket_name_stops_init() {
    // Given everything but BUCKET_NAME
    let output = bootstrap(&[(TABLE_NAME, "t"), ("AWS_REGION", "us-east-1")]);
    // Then the binary exits non-zero with one line naming BUCKET_NAME
    assert_init_error_naming(&output, BUCKET_NAME);
}

#[test]
fn empty_table_name_stops_init() {
    let output = bootstrap(&[
        (BUCKET_NAME, "b"),
        (TABLE_NAME, ""),
        ("AWS_REGION", "us-east-1"),
    ]);
    assert_init_error_naming(&output, TABLE_NAME);
}

#[test]
fn missing_region_stops_init() {
    let output = bootstrap(&[(BUCKET_NAME, "b"), (TABLE_NAME, "t")]);
    assert_init_error_naming(&output, "AWS_REGION");
}
