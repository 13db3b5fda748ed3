import { awsOutputsFile, readSettings, type Settings } from '../../k6.config.ts';

/** The outputs file, relative to dist/<test>.js where k6 resolves open(); undefined when absent. */
function readAwsOutputs(): string | undefined {
  try {
    return open(`../${awsOutputsFile}`);
  } catch {
    return undefined;
  }
}

/** Read once, at init: every VU and the summary see the same validated settings. */
export const settings: Settings = readSettings(__ENV, readAwsOutputs);
