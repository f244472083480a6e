import { describe, expect, it } from 'vitest';
import { createValidatorCache } from '../../src/domain/serving/compile-validator.js';
import { compileServingState } from '../../src/domain/serving/compile-serving-state.js';
import { buildServingSnapshot } from './snapshot-fixture.js';

const contactSchema = () => ({
  type: 'object',
  properties: { id: { type: 'string', minLength: 1 } },
  required: ['id'],
});

describe('createValidatorCache', () => {
  it('when a snapshot is compiled, then no schema is compiled until one of its tools is called', () => {
    const validators = createValidatorCache();
    const state = compileServingState(buildServingSnapshot(), { environment: 'dev', validators });
    expect(validators.size()).toBe(0);

    const tool = state.servers.get('crm')!.versions.get('1.0.0')!.tools.get('get_contact')!;
    expect(tool.validate({ id: 'c-1' }).ok).toBe(true);

    expect(validators.size()).toBe(1);
  });

  it('when the next snapshot pins the same schema, then its tools reuse the compiled validator', () => {
    const validators = createValidatorCache();
    const call = () =>
      compileServingState(buildServingSnapshot(), { environment: 'dev', validators })
        .servers.get('crm')!
        .versions.get('1.0.0')!
        .tools.get('get_contact')!
        .validate({ id: '' });

    const first = call();
    const second = call();

    expect(validators.size()).toBe(1);
    expect(second).toEqual(first);
    expect(second.errors).toEqual(['/id must NOT have fewer than 1 characters']);
  });

  it('when two schemas declare the same $id, then each validates against its own rules', () => {
    const validators = createValidatorCache();
    const strings = validators.validatorFor({
      $id: 'https://schemas.example/contact',
      ...contactSchema(),
    });
    const numbers = validators.validatorFor({
      $id: 'https://schemas.example/contact',
      type: 'object',
      properties: { id: { type: 'number' } },
    });

    expect([strings({ id: 'a' }).ok, strings({ id: 1 }).ok]).toEqual([true, false]);
    expect([numbers({ id: 1 }).ok, numbers({ id: 'a' }).ok]).toEqual([true, false]);
  });

  it('when the cache is full, then it starts over and validators already handed out keep working', () => {
    const validators = createValidatorCache({ maxEntries: 2 });
    const early = validators.validatorFor(contactSchema());
    expect(early({ id: 'x' }).ok).toBe(true);

    for (let n = 0; n < 5; n += 1) {
      validators.validatorFor({ type: 'object', maxProperties: n })({});
    }

    expect(validators.size()).toBeLessThanOrEqual(2);
    expect(early({ id: '' }).ok).toBe(false);
    expect(early({ id: 'x' }).ok).toBe(true);
  });

  it('when the schema cannot be compiled, then every call is refused, also after a cache hit', () => {
    const validators = createValidatorCache();
    const broken = { type: 'object', properties: { id: { type: 'no-such-type' } } };

    const first = validators.validatorFor(broken)({ id: 'x' });
    const again = validators.validatorFor(structuredClone(broken))({});

    expect([first.ok, again.ok]).toEqual([false, false]);
    expect(again.errors).toEqual(['the pinned input schema cannot be compiled']);
  });
});
