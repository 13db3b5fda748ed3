/** One external piece of the toolchain: how to tell which version is there, and how to install the pinned one. */
export interface ToolStep {
  name: string;
  /** The pinned version; undefined for a system package, taken at whatever version the distribution ships. */
  version?: string;
  /** The version found in `.tools/`, or undefined when the tool is absent or unreadable. */
  installedVersion(): Promise<string | undefined>;
  install(logFile: string): Promise<void>;
}
