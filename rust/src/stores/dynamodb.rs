use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::operation::put_item::PutItemError;
use aws_sdk_dynamodb::primitives::DateTimeFormat;
use aws_sdk_dynamodb::types::AttributeValue;
use tokio::time::Instant;

use super::call::{CallError, NoTimeLeft, call_by};
use super::{ItemStore, ItemStoreError, NewItem, describe};
use crate::RUNTIME;

/// Items in one DynamoDB table whose partition key is the string attribute `id`.
#[derive(Debug, Clone)]
pub struct DynamoItemStore {
    client: Client,
    table: String,
}

impl DynamoItemStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }
}

impl ItemStore for DynamoItemStore {
    async fn put_new(&self, item: &NewItem<'_>, deadline: Instant) -> Result<(), ItemStoreError> {
        let created_at = item
            .created_at
            .fmt(DateTimeFormat::DateTime)
            .map_err(|err| ItemStoreError::Timestamp(err.into()))?;
        let call = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("id", AttributeValue::S(item.id.to_owned()))
            .item("runtime", AttributeValue::S(RUNTIME.to_owned()))
            .item("s3Key", AttributeValue::S(item.s3_key.to_owned()))
            .item("createdAt", AttributeValue::S(created_at))
            .condition_expression("attribute_not_exists(id)")
            .send();
        call_by(deadline, call)
            .await
            .map(drop)
            .map_err(ItemStoreError::from_call)
    }
}

impl ItemStoreError {
    /// What a failed PutItem means for the data; a failed condition is an item that already exists.
    pub fn from_call(err: CallError<PutItemError>) -> Self {
        match err {
            CallError::Refused(err) => {
                let exists = err
                    .as_service_error()
                    .is_some_and(|service| service.is_conditional_check_failed_exception());
                if exists {
                    Self::AlreadyExists
                } else {
                    Self::Unavailable(describe(*err))
                }
            }
            CallError::NoTimeLeft => Self::Unavailable(NoTimeLeft.into()),
            CallError::Unknown(source) => Self::OutcomeUnknown(source),
        }
    }
}
