import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { toolPaths } from '../../toolchain/paths.ts';
import { startDaemon } from '../process/daemon.ts';
import { localCredentials, localRegion } from './credentials.ts';
import type { Server } from './dynamodb-local.ts';

export interface VersitygwOptions {
  /**
   * Where versitygw POSTs an event for every object written or removed, in every bucket
   * (`local/events/s3-notifications.ts` listens there). It must already be listening: versitygw
   * POSTs a test event at startup and exits if that is refused.
   */
  eventWebhookUrl?: string;
}

/** versitygw's POSIX backend: each bucket is a folder under `workDir/s3`, each object a file. */
export async function startVersitygw(port: number, workDir: string, options: VersitygwOptions = {}): Promise<Server> {
  const endpoint = `http://127.0.0.1:${port}`;
  const dataDir = path.join(workDir, 's3');
  await mkdir(dataDir, { recursive: true });
  const daemon = await startDaemon({
    name: 'versitygw',
    command: toolPaths.versitygw,
    args: [
      '--access', localCredentials.accessKeyId,
      '--secret', localCredentials.secretAccessKey,
      '--region', localRegion,
      '--port', `127.0.0.1:${port}`,
      // S3 keeps connections open; without this every SDK call would pay a new TCP handshake.
      '--keep-alive',
      '--quiet',
      ...(options.eventWebhookUrl ? ['--event-webhook-url', options.eventWebhookUrl] : []),
      'posix',
      dataDir,
    ],
    cwd: workDir,
    env: withoutOwnSettings(process.env),
    logFile: path.join(workDir, 'versitygw.log'),
    // Any HTTP answer (an unsigned request gets 403) means the listener is up.
    isReady: async () => {
      await (await fetch(endpoint)).body?.cancel();
      return true;
    },
  });
  return { endpoint, daemon };
}

/**
 * versitygw reads a `VGW_*` variable for every flag: one left in the user's shell (an event
 * webhook, another backend) would change the server under the flags given here.
 */
function withoutOwnSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('VGW_')));
}
