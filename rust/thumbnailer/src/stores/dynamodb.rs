use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::types::AttributeValue;
use lambda_duel::stores::ItemStoreError;
use lambda_duel::stores::call::call_by;
use tokio::time::Instant;

use super::ItemStore;
use crate::metadata_item::{Attribute, MetadataItem};

/// Items in one DynamoDB table whose partition key is the string attribute `sourceKey`.
#[derive(Debug, Clone)]
pub struct DynamoMetadataStore {
    client: Client,
    table: String,
}

impl DynamoMetadataStore {
    pub fn new(client: Client, table: impl Into<String>) -> Self {
        Self {
            client,
            table: table.into(),
        }
    }
}

impl ItemStore for DynamoMetadataStore {
    async fn put(&self, item: &MetadataItem, deadline: Instant) -> Result<(), ItemStoreError> {
        let attributes = item
            .attributes()
            .into_iter()
            .map(|(name, value)| (name.to_owned(), attribute_value(value)))
            .collect();
        // No condition: the source key is the partition key, so a retry replaces its own item.
        let call = self
            .client
            .put_item()
            .table_name(&self.table)
            .set_item(Some(attributes))
            .send();
        call_by(deadline, call)
            .await
            .map(drop)
            .map_err(ItemStoreError::from_call)
    }
}

fn attribute_value(value: Attribute) -> AttributeValue {
    match value {
        Attribute::S(text) => AttributeValue::S(text),
        Attribute::N(number) => AttributeValue::N(number.to_string()),
    }
}
