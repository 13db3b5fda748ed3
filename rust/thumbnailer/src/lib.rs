//! The Rust thumbnailer of lambda-duel.
//!
//! S3 tells it of an upload; it writes a thumbnail at half each dimension beside it and one
//! metadata item per upload, by the contract every contender follows (the Node twin's
//! `handlers/thumbnailer/process-records.ts`). `main.rs` wires these modules; configuration, SDK
//! clients, store calls under a deadline and logging are the UUID writer's (`lambda_duel`).

pub mod config;
pub mod event_key;
pub mod handler;
pub mod metadata_item;
pub mod outcome_log;
pub mod process_records;
pub mod stores;
pub mod thumbnail;

pub use config::Config;
pub use handler::Thumbnailer;
