//! The workflow: store a fresh id as an object, then as an item, and never leave an object
//! behind without its item, nor an item without its object, as far as the stores' answers tell.

use std::time::SystemTime;

use aws_sdk_dynamodb::primitives::DateTime;
use thiserror::Error;
use uuid::Uuid;

use crate::RUNTIME;
use crate::deadlines::Deadlines;
use crate::error::Chain;
use crate::stores::{ItemStore, ItemStoreError, NewItem, ObjectStore, ObjectStoreError};

/// An id that is now both an object and an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub id: Uuid,
    pub key: String,
}

#[derive(Debug, Error)]
pub enum WriteError {
    #[error("object {key} was not stored")]
    ObjectNotStored {
        key: String,
        #[source]
        source: ObjectStoreError,
    },
    /// The object may still appear; no item is written, so it can only be an orphan.
    #[error("object {key} may still be stored")]
    ObjectOutcomeUnknown {
        key: String,
        #[source]
        source: ObjectStoreError,
    },
    #[error("item {id} was not stored; its object was removed")]
    ItemNotStored {
        id: Uuid,
        key: String,
        #[source]
        source: ItemStoreError,
    },
    /// The item may still be written: its object is kept so that it never points at a missing one.
    #[error("item {id} may still be stored; its object {key} was kept")]
    ItemOutcomeUnknown {
        id: Uuid,
        key: String,
        #[source]
        source: ItemStoreError,
    },
    /// The object write replaced the existing item's object with the same bytes, so it stays.
    #[error("item {id} already exists; its object was kept")]
    IdTaken { id: Uuid, key: String },
    #[error("item {id} was not stored and its object {key} could not be removed ({})", Chain(.cleanup))]
    OrphanObject {
        id: Uuid,
        key: String,
        #[source]
        source: ItemStoreError,
        cleanup: ObjectStoreError,
    },
}

/// Whether the stores refused (nothing the caller relies on was stored) or may still apply a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Failed,
    Unknown,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Failed => "failed",
            Self::Unknown => "unknown",
        }
    }
}

impl WriteError {
    pub fn outcome(&self) -> Outcome {
        match self {
            Self::ObjectOutcomeUnknown { .. } | Self::ItemOutcomeUnknown { .. } => Outcome::Unknown,
            _ => Outcome::Failed,
        }
    }

    /// The write that did not succeed, as the log names it: `put-object` or `put-item`.
    pub fn step(&self) -> &'static str {
        match self {
            Self::ObjectNotStored { .. } | Self::ObjectOutcomeUnknown { .. } => "put-object",
            _ => "put-item",
        }
    }

    /// The object this write concerns.
    pub fn key(&self) -> &str {
        match self {
            Self::ObjectNotStored { key, .. }
            | Self::ObjectOutcomeUnknown { key, .. }
            | Self::ItemNotStored { key, .. }
            | Self::ItemOutcomeUnknown { key, .. }
            | Self::IdTaken { key, .. }
            | Self::OrphanObject { key, .. } => key,
        }
    }

    /// The log line's message, the same words as the Node twin's.
    pub fn summary(&self) -> &'static str {
        match self {
            Self::ObjectOutcomeUnknown { .. } | Self::ItemOutcomeUnknown { .. } => {
                "storage write outcome unknown, object kept"
            }
            Self::OrphanObject { .. } => "storage write failed, object left behind",
            _ => "storage write failed",
        }
    }
}

/// Stores a new random (v4) id.
pub async fn write_uuid(
    objects: &impl ObjectStore,
    items: &impl ItemStore,
    deadlines: Deadlines,
) -> Result<Written, WriteError> {
    write_id(Uuid::new_v4(), objects, items, deadlines).await
}

/// Stores the given id: object first, so an item never points at a missing object.
pub async fn write_id(
    id: Uuid,
    objects: &impl ObjectStore,
    items: &impl ItemStore,
    deadlines: Deadlines,
) -> Result<Written, WriteError> {
    let id_text = id.to_string();
    let key = object_key(&id_text);
    match objects.put(&key, &id_text, deadlines.writes).await {
        Ok(()) => {}
        Err(source @ ObjectStoreError::OutcomeUnknown { .. }) => {
            return Err(WriteError::ObjectOutcomeUnknown { key, source });
        }
        Err(source) => return Err(WriteError::ObjectNotStored { key, source }),
    }
    let item = NewItem {
        id: &id_text,
        s3_key: &key,
        created_at: DateTime::from(SystemTime::now()),
    };
    match items.put_new(&item, deadlines.writes).await {
        Ok(()) => Ok(Written { id, key }),
        Err(ItemStoreError::AlreadyExists) => Err(WriteError::IdTaken { id, key }),
        // Removing the object could leave an item that arrives later pointing at nothing.
        Err(source @ ItemStoreError::OutcomeUnknown(_)) => {
            Err(WriteError::ItemOutcomeUnknown { id, key, source })
        }
        Err(source) => match objects.delete(&key, deadlines.cleanup).await {
            Ok(()) => Err(WriteError::ItemNotStored { id, key, source }),
            Err(cleanup) => Err(WriteError::OrphanObject {
                id,
                key,
                source,
                cleanup,
            }),
        },
    }
}

/// `rust/<uuid>`: the prefix keeps the twins' objects apart when they share a bucket.
fn object_key(id: &str) -> String {
    format!("{RUNTIME}/{id}")
}
