//! The workflow: store a fresh id as an object, then as an item, and never leave an object
//! behind without its item.

use std::time::SystemTime;

use aws_sdk_dynamodb::primitives::DateTime;
use thiserror::Error;
use uuid::Uuid;

use crate::RUNTIME;
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
    #[error("item {id} was not stored; its object was removed")]
    ItemNotStored {
        id: Uuid,
        #[source]
        source: ItemStoreError,
    },
    /// The object write replaced the existing item's object with the same bytes, so it stays.
    #[error("item {id} already exists; its object was kept")]
    IdTaken { id: Uuid },
    #[error("item {id} was not stored and its object {key} could not be removed ({})", Chain(.cleanup))]
    OrphanObject {
        id: Uuid,
        key: String,
        #[source]
        source: ItemStoreError,
        cleanup: ObjectStoreError,
    },
}

/// Stores a new random (v4) id.
pub async fn write_uuid(
    objects: &impl ObjectStore,
    items: &impl ItemStore,
) -> Result<Written, WriteError> {
    write_id(Uuid::new_v4(), objects, items).await
}

/// Stores the given id: object first, so an item never points at a missing object.
pub async fn write_id(
    id: Uuid,
    objects: &impl ObjectStore,
    items: &impl ItemStore,
) -> Result<Written, WriteError> {
    let id_text = id.to_string();
    let key = object_key(&id_text);
    if let Err(source) = objects.put(&key, &id_text).await {
        return Err(WriteError::ObjectNotStored { key, source });
    }
    let item = NewItem {
        id: &id_text,
        s3_key: &key,
        created_at: DateTime::from(SystemTime::now()),
    };
    match items.put_new(&item).await {
        Ok(()) => Ok(Written { id, key }),
        Err(ItemStoreError::AlreadyExists) => Err(WriteError::IdTaken { id }),
        Err(source) => match objects.delete(&key).await {
            Ok(()) => Err(WriteError::ItemNotStored { id, source }),
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
