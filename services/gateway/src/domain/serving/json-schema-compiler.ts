import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * The Ajv instance both pinned-schema checks (tool arguments, structured output) compile with.
 * Pinned schemas were reviewed at approval, so they are not re-validated here;
 * `addUsedSchema: false` lets revisions of one schema keep their `$id` without colliding.
 */
export function newSchemaCompiler(): Ajv {
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    validateSchema: false,
    addUsedSchema: false,
  });
  addFormats(ajv);
  return ajv;
}

/** Paths and keyword messages only, at most 20: the offending values never leave the gateway. */
export function describeSchemaErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).slice(0, 20).map((error) => {
    const where = error.instancePath === '' ? '(root)' : error.instancePath;
    return `${where} ${error.message ?? 'is invalid'}`;
  });
}
