import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { storage as declared } from '../../functions.config.ts';

const attributeTypes: Record<(typeof declared)['partitionKey']['type'], dynamodb.AttributeType> = {
  S: dynamodb.AttributeType.STRING,
};

/**
 * The bucket and the table both functions write to. Benchmark data only: private, encrypted,
 * gone a day after it is written, and gone with the stack.
 */
export class DuelStorage extends Construct {
  readonly bucket: s3.Bucket;
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      lifecycleRules: [{ id: 'expire-after-a-day', expiration: Duration.days(1) }],
      removalPolicy: RemovalPolicy.DESTROY,
      // A bucket with objects in it cannot be deleted; this empties it when the stack goes.
      autoDeleteObjects: true,
    });
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: declared.partitionKey.name, type: attributeTypes[declared.partitionKey.type] },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason:
        'Objects are throwaway benchmark output that expires after a day; access logs would need a second bucket and add a log write per request to the cost being measured.',
    });
    Validations.of(this.table).acknowledge({
      id: 'AwsSolutions::AwsSolutions-DDB3',
      reason: 'Items are throwaway benchmark output, deleted with the stack; there is nothing to restore to a point in time.',
    });
  }
}
