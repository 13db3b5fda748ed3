import path from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { toolPaths } from '../../toolchain/paths.ts';
import { startDaemon, type Daemon } from '../process/daemon.ts';
import { localCredentials, localRegion } from './credentials.ts';

export interface Server {
  endpoint: string;
  daemon: Daemon;
}

/** AWS's DynamoDB Local on the JVM, in memory, one shared database for every credential. */
export async function startDynamodbLocal(port: number, workDir: string): Promise<Server> {
  const endpoint = `http://127.0.0.1:${port}`;
  const lib = toolPaths.dynamodbLocalLib;
  const probe = new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials, maxAttempts: 1 });
  try {
    const daemon = await startDaemon({
      name: 'DynamoDB Local',
      command: 'java',
      args: [
        `-Djava.library.path=${lib}`,
        // Small and quick to start: it holds a test run's items, not a production table.
        '-Xms64m',
        '-XX:+UseSerialGC',
        '-XX:TieredStopAtLevel=1',
        '-cp',
        `${lib}/*`,
        'software.amazon.dynamodb.services.local.main.ServerRunner',
        '-inMemory',
        '-sharedDb',
        '-port',
        String(port),
      ],
      cwd: workDir,
      logFile: path.join(workDir, 'dynamodb-local.log'),
      isReady: async () => (await probe.send(new ListTablesCommand({})), true),
    });
    return { endpoint, daemon };
  } finally {
    probe.destroy();
  }
}
