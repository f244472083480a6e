export { ConfigError, type ConfigIssue } from './config-error.js';
export { loadConfig } from './load-config.js';
export {
  formatConfigError,
  loadConfigOrExit,
  type LoadConfigOrExitOptions,
} from './load-config-or-exit.js';
export { describeConfigSchema, type ConfigKeyDoc } from './describe-config-schema.js';
export { renderConfigDocs, type ConfigDocsSection } from './render-config-docs.js';
export { env, type LogLevel } from './env-helpers.js';
export { deepFreeze } from './deep-freeze.js';
