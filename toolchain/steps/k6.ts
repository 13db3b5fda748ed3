import { toolPaths } from '../paths.ts';
import { pins } from '../pins.ts';
import { goInstallStep } from './go-install.ts';

export const k6Step = goInstallStep({ name: 'k6', ...pins.k6, binary: toolPaths.k6 });
