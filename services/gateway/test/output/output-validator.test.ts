import { describe, expect, it } from 'vitest';
import { createOutputValidator } from '../../src/domain/output/output-validator.js';
import type { ServingTool } from '../../src/domain/serving/serving-types.js';

function toolWithOutput(pinnedHash: string, outputSchema: object): ServingTool {
  return { pinnedHash, definition: { name: 'forecast', outputSchema } } as unknown as ServingTool;
}

describe('createOutputValidator', () => {
  it('when two revisions of a tool keep the same output schema $id, then each is checked by its own rules', () => {
    const outputs = createOutputValidator();
    const id = 'https://schemas.example/forecast';
    const v1 = toolWithOutput('sha256-v1', {
      $id: id,
      type: 'object',
      properties: { temp: { type: 'number' } },
    });
    const v2 = toolWithOutput('sha256-v2', {
      $id: id,
      type: 'object',
      properties: { temp: { type: 'string' } },
    });

    const checks = [
      outputs.check(v1, { content: [], structuredContent: { temp: 21 } }).ok,
      outputs.check(v2, { content: [], structuredContent: { temp: 'warm' } }).ok,
      outputs.check(v2, { content: [], structuredContent: { temp: 21 } }).ok,
    ];

    expect(checks).toEqual([true, true, false]);
  });
});
