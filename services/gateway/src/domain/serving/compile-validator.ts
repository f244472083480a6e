import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ValidationOutcome } from './serving-types.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const OK: ValidationOutcome = Object.freeze({ ok: true, errors: [] });

/**
 * One Ajv instance per snapshot: schemas compile once here, never per request. `strict: false`
 * because pinned schemas come from third-party servers and may carry unknown keywords; a schema
 * Ajv cannot compile at all rejects every call (fail closed) instead of skipping validation.
 */
export function createValidatorFactory(): (schema: object) => (args: unknown) => ValidationOutcome {
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  return (schema) => {
    let validate: ValidateFunction;
    try {
      validate = ajv.compile(schema);
    } catch {
      const broken = { ok: false, errors: ['the pinned input schema cannot be compiled'] };
      return () => broken;
    }
    return (args) => (validate(args) ? OK : { ok: false, errors: describe(validate.errors) });
  };
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).slice(0, 20).map((error) => {
    const where = error.instancePath === '' ? '(root)' : error.instancePath;
    return `${where} ${error.message ?? 'is invalid'}`;
  });
}
