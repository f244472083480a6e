import { AppError } from '@mcpgw/errors';

export interface ConfigIssue {
  /** The environment variable name. */
  key: string;
  message: string;
}

/** Every configuration problem found in one parse; thrown by `loadConfig`. */
export class ConfigError extends AppError {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const frozen = Object.freeze(issues.map((issue) => Object.freeze({ ...issue })));
    const summary = frozen.map((issue) => `${issue.key}: ${issue.message}`).join('; ');
    super('CONFIG_INVALID', 'internal', `Invalid configuration: ${summary}`, {
      details: { issues: frozen },
    });
    this.name = 'ConfigError';
    this.issues = frozen;
  }
}
