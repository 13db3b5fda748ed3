/**
 * The AWS SDK for JavaScript warns on Node 20 that its releases after January 2027 will need
 * Node 22. The versions pinned in package-lock.json declare Node 20 supported (a test holds every
 * installed package's `engines` to ours), so the notice is for whoever upgrades the pins, not for
 * someone running the suite: the SDK's own switch turns it off, for this process and its children.
 */
const sdkNodeNoticeVariable = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

export function quietSdkNodeNotice(env: NodeJS.ProcessEnv = process.env): void {
  env[sdkNodeNoticeVariable] ??= 'true';
}
