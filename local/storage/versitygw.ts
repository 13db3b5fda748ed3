import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { toolPaths } from '../../toolchain/paths.ts';
import { startDaemon } from '../process/daemon.ts';
import { localCredentials, localRegion } from './credentials.ts';
import type { Server } from './dynamodb-local.ts';

/** versitygw's POSIX backend: each bucket is a folder under `workDir/s3`, each object a file. */
export async function startVersitygw(port: number, workDir: string): Promise<Server> {
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
      'posix',
      dataDir,
    ],
    cwd: workDir,
    logFile: path.join(workDir, 'versitygw.log'),
    // Any HTTP answer (an unsigned request gets 403) means the listener is up.
    isReady: async () => {
      await (await fetch(endpoint)).body?.cancel();
      return true;
    },
  });
  return { endpoint, daemon };
}
