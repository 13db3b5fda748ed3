import { toolPaths } from '../paths.ts';
import { pins } from '../pins.ts';
import { goInstallStep } from './go-install.ts';

export const versitygwStep = goInstallStep({ name: 'versitygw', ...pins.versitygw, binary: toolPaths.versitygw });
