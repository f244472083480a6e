import type { ValidateFunction } from 'ajv';
import type { ServingTool } from '../serving/serving-types.js';
import { describeSchemaErrors, newSchemaCompiler } from '../serving/json-schema-compiler.js';

export type OutputCheck = { ok: true } | { ok: false; errors: string[] };
type Check = (structured: unknown) => OutputCheck;

const OK: OutputCheck = Object.freeze({ ok: true });
const NO_SCHEMA: Check = () => OK;

export interface OutputValidator {
  /** Checks a tool result's `structuredContent` against the tool's pinned `outputSchema`. */
  check(tool: ServingTool, result: Record<string, unknown>): OutputCheck;
}

/**
 * Output schemas are compiled lazily, on a tool's first call, and cached by pinned hash (the
 * hash covers the schema, so equal hashes mean equal schemas across snapshots). The cache is
 * bounded; when full it starts over with a fresh Ajv so compiled code cannot pile up.
 */
export function createOutputValidator(options: { maxEntries?: number } = {}): OutputValidator {
  const maxEntries = options.maxEntries ?? 4_096;
  let ajv = newSchemaCompiler();
  let cache = new Map<string, Check>();

  const compile = (tool: ServingTool): Check => {
    const schema = tool.definition['outputSchema'];
    if (typeof schema !== 'object' || schema === null) return NO_SCHEMA;
    let validate: ValidateFunction;
    try {
      validate = ajv.compile(schema);
    } catch {
      // Fail closed: a pinned schema that cannot compile cannot vouch for any output.
      const broken: OutputCheck = { ok: false, errors: ['the pinned output schema is invalid'] };
      return () => broken;
    }
    return (structured) =>
      validate(structured) ? OK : { ok: false, errors: describeSchemaErrors(validate.errors) };
  };
  const checkFor = (tool: ServingTool): Check => {
    const key = tool.pinnedHash;
    let check = cache.get(key);
    if (check === undefined) {
      if (cache.size >= maxEntries) {
        ajv = newSchemaCompiler();
        cache = new Map();
      }
      check = compile(tool);
      cache.set(key, check);
    }
    return check;
  };

  return {
    check(tool, result) {
      // An error result carries no structured promise (MCP: outputSchema binds successful calls).
      if (result['isError'] === true) return OK;
      const check = checkFor(tool);
      if (check === NO_SCHEMA) return OK;
      if (!('structuredContent' in result)) {
        return { ok: false, errors: ['(root) structuredContent is missing'] };
      }
      return check(result['structuredContent']);
    },
  };
}
