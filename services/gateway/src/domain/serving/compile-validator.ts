import type { Ajv, ValidateFunction } from 'ajv';
import type { ValidationOutcome } from './serving-types.js';
import { describeSchemaErrors, newSchemaCompiler } from './json-schema-compiler.js';

type Check = (args: unknown) => ValidationOutcome;

const OK: ValidationOutcome = Object.freeze({ ok: true, errors: [] });
const BROKEN: ValidationOutcome = Object.freeze({
  ok: false,
  errors: Object.freeze(['the pinned input schema cannot be compiled']) as string[],
});
const broken: Check = () => BROKEN;

export interface ValidatorCache {
  /**
   * The argument validator of one pinned input schema. Nothing is compiled here: the schema is
   * compiled on the first call, or taken from the cache when any tool of any snapshot already
   * compiled the same schema, and kept by the returned function from then on.
   */
  validatorFor(schema: object): Check;
  /** Compiled schemas held now. */
  size(): number;
}

/**
 * Argument validators compiled once per pinned schema, shared across snapshots. Compiling all
 * of a large catalogue eagerly cost half a second of CPU and tens of MB of generated code per
 * snapshot, for tools most agents never call; a new snapshot now reuses what the previous one
 * compiled. Keyed by the schema's JSON text, so equal schemas share one validator and a changed
 * schema never reuses a stale one. Bounded: when full it starts over with a fresh Ajv (functions
 * already handed out keep working) so generated code cannot pile up. `strict: false` because
 * pinned schemas come from third-party servers and may carry unknown keywords; a schema Ajv
 * cannot compile rejects every call (fail closed) instead of skipping validation.
 * `addUsedSchema: false` keeps `$id`s out of the shared instance, so two schemas (or two
 * revisions of one) declaring the same `$id` cannot collide.
 */
export function createValidatorCache(options: { maxEntries?: number } = {}): ValidatorCache {
  const maxEntries = options.maxEntries ?? 4_096;
  let ajv = newSchemaCompiler();
  let compiled = new Map<string, Check>();

  const lookup = (schema: object): Check => {
    let key: string;
    try {
      key = JSON.stringify(schema);
    } catch {
      return broken;
    }
    let check = compiled.get(key);
    if (check === undefined) {
      if (compiled.size >= maxEntries) {
        ajv = newSchemaCompiler();
        compiled = new Map();
      }
      // Compiled from a private copy: the shared instance must not keep a snapshot alive.
      check = compile(ajv, JSON.parse(key) as object);
      compiled.set(key, check);
    }
    return check;
  };

  return {
    validatorFor(schema) {
      let check: Check | undefined;
      return (args) => (check ??= lookup(schema))(args);
    },
    size: () => compiled.size,
  };
}

/** The process's cache: every snapshot the gateway compiles shares it unless told otherwise. */
export const sharedValidatorCache: ValidatorCache = createValidatorCache();

function compile(ajv: Ajv, schema: object): Check {
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch {
    return broken;
  }
  return (args) =>
    validate(args) ? OK : { ok: false, errors: describeSchemaErrors(validate.errors) };
}
