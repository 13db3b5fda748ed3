//! The Rust twin of the lambda-duel function.
//!
//! One invocation stores a fresh UUID twice, as an S3 object and as a DynamoDB item, and answers
//! `201` only when both writes landed. `main.rs` wires these modules; everything that decides
//! behaviour lives here so the tests can drive it against real local servers.

pub mod app;
pub mod aws_clients;
pub mod config;
pub mod deadlines;
pub mod error;
pub mod http;
pub mod logging;
pub mod stores;
pub mod write_uuid;

pub use app::App;
pub use config::Config;

/// Names this twin in the item, the object key and the response body.
pub const RUNTIME: &str = "rust";
