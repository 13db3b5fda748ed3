import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import { Construct, type IConstruct } from 'constructs';
import { storage as declared, type StorageNames } from '../../functions.config.ts';

const attributeTypes: Record<(typeof declared)['partitionKey']['type'], dynamodb.AttributeType> = {
  S: dynamodb.AttributeType.STRING,
};

/**
 * The bucket every function reads or writes, the UUID writers' table and the thumbnailers' metadata
 * table. Benchmark data only: private, encrypted, objects gone a day after they are written, and
 * everything gone with the stack.
 */
export class DuelStorage extends Construct {
  readonly bucket: s3.Bucket;
  readonly table: dynamodb.Table;
  /** One item per upload, keyed by its `sourceKey`. */
  readonly metadataTable: dynamodb.Table;
  private notificationsHandlerAcknowledged = false;

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
    this.table = this.benchmarkTable('Table', declared.partitionKey);
    this.metadataTable = this.benchmarkTable('MetadataTable', declared.metadataPartitionKey);
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions::AwsSolutions-S1',
      reason:
        'Objects are throwaway benchmark output that expires after a day; access logs would need a second bucket and add a log write per request to the cost being measured.',
    });
  }

  /** The stores' names as CloudFormation gives them, for `storageEnvironment`: tokens until deployed. */
  get names(): StorageNames {
    return { bucketName: this.bucket.bucketName, tableName: this.table.tableName, metadataTableName: this.metadataTable.tableName };
  }

  /**
   * Invokes a function, asynchronously, for every object created under `prefix` (S3 allows no two
   * rules of one event type whose prefixes overlap, and so does the stand-in).
   */
  notifyOnCreated(fn: lambda.IFunction, prefix: string): void {
    this.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.LambdaDestination(fn), { prefix });
    if (this.notificationsHandlerAcknowledged) return;
    this.notificationsHandlerAcknowledged = true;
    // The first notification makes CDK's stack-wide handler, which writes the bucket's notification
    // configuration while CloudFormation deploys, updates or deletes the stack. Its own grant,
    // s3:PutBucketNotification, names this bucket; only the managed policy of its role is a finding.
    Validations.of(notificationsHandlerRole(Stack.of(this))).acknowledge({
      id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason:
        "CDK's BucketNotificationsHandler attaches AWSLambdaBasicExecutionRole (logs in any group) to its role whatever role it is given, with no option to leave it out; it runs only while CloudFormation deploys, updates or deletes the stack, never on a request.",
    });
  }

  /** A table of throwaway benchmark items: on demand, keyed by one string, deleted with the stack. */
  private benchmarkTable(id: string, partitionKey: (typeof declared)['partitionKey'] | (typeof declared)['metadataPartitionKey']): dynamodb.Table {
    const table = new dynamodb.Table(this, id, {
      partitionKey: { name: partitionKey.name, type: attributeTypes[partitionKey.type] },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(table).acknowledge({
      id: 'AwsSolutions::AwsSolutions-DDB3',
      reason: 'Items are throwaway benchmark output, deleted with the stack; there is nothing to restore to a point in time.',
    });
    return table;
  }
}

/** The role of CDK's one BucketNotificationsHandler in a stack, made by the first event notification. */
function notificationsHandlerRole(stack: Stack): IConstruct {
  const handler = stack.node.children.find((child) => child.node.id.startsWith('BucketNotificationsHandler'));
  const role = handler?.node.tryFindChild('Role');
  if (!role) throw new Error(`no BucketNotificationsHandler role in ${stack.node.path}: did aws-cdk-lib rename it?`);
  return role;
}
