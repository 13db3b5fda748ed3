/**
 * The one identity both local servers accept. versitygw checks SigV4 against it; DynamoDB Local
 * takes only letters and digits in a key id, and runs with -sharedDb so every key sees one database.
 */
export const localCredentials = {
  accessKeyId: 'lambdaduellocal',
  secretAccessKey: 'lambdaduellocalsecret',
} as const;

export const localRegion = 'us-east-1';
