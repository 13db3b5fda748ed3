import { pins } from '../toolchain/pins.ts';

/** The runners' k6: grafana's image of the version the project pins (its tags drop the `v`). */
export const runnerImage = `grafana/k6:${pins.k6.version.replace(/^v/, '')}`;

/** The uploader sidecar: curl and BusyBox's sh, nothing else; a fixed tag, never `latest`. */
export const uploaderImage = 'curlimages/curl:8.12.1';
