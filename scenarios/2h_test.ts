import type { Options } from 'k6/options';
import { baseOptions, loadScenarios, profiles } from '../k6.config.ts';
import { settings } from './lib/settings.ts';
import { summaryHandler } from './lib/summary.ts';

export { setup, route, interleaved } from './lib/test.ts';

export const options: Options = baseOptions(settings, loadScenarios(profiles['2h_test'](settings), settings));

export const handleSummary = summaryHandler('2h_test');
