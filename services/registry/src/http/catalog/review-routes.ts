import type { TransitionDeps } from '../../domain/lifecycle/transition-version.js';
import { transitionVersion } from '../../domain/lifecycle/transition-version.js';
import type { RegistryContext } from '../../domain/registry-context.js';
import { acceptDrift } from '../../domain/versions/accept-drift.js';
import { acceptFindings } from '../../domain/versions/accept-findings.js';
import { setDefinitionScopes } from '../../domain/versions/set-definition-scopes.js';
import { defineRoute, type RouteDefinition } from '../route.js';
import {
  acceptDriftBody,
  acceptFindingsBody,
  lifecycleBody,
  setScopesBody,
  versionParams,
  versionResponse,
} from './version-schemas.js';

const TAG = 'review';
const responses = {
  200: { description: 'The updated version', schema: versionResponse },
  400: { description: 'Invalid input' },
  403: { description: 'Wrong role, or an owner reviewing their own server' },
  404: { description: 'Not found' },
  409: { description: 'Invalid transition (details.allowedActions), blockers or VERSION_CONFLICT' },
};

/** Lifecycle transitions and the review actions: findings acceptance, tool scopes, drift. */
export function reviewRoutes(ctx: RegistryContext, deps: TransitionDeps): RouteDefinition[] {
  return [
    defineRoute({
      method: 'POST',
      path: '/v1/servers/:serverId/versions/:version/lifecycle',
      summary: 'Perform a lifecycle action (submit, start_review, approve_dev, …)',
      tag: TAG,
      params: versionParams,
      body: lifecycleBody,
      responses,
      handler: async ({ actor, params, body }) => ({
        body: await transitionVersion(ctx, actor, params, body, deps),
      }),
    }),
    defineRoute({
      method: 'POST',
      path: '/v1/servers/:serverId/versions/:version/findings/accept',
      summary: 'Accept the scan findings of the current definitions',
      tag: TAG,
      params: versionParams,
      body: acceptFindingsBody,
      responses,
      handler: async ({ actor, params, body }) => ({
        body: await acceptFindings(ctx, actor, params, body),
      }),
    }),
    defineRoute({
      method: 'PUT',
      path: '/v1/servers/:serverId/versions/:version/definitions/scopes',
      summary: 'Set the required scopes of definitions (`<kind>/<name>` → scopes)',
      tag: TAG,
      params: versionParams,
      body: setScopesBody,
      responses,
      handler: async ({ actor, params, body }) => ({
        body: await setDefinitionScopes(ctx, actor, params, body),
      }),
    }),
    defineRoute({
      method: 'POST',
      path: '/v1/servers/:serverId/versions/:version/drift/accept',
      summary: 'Re-pin drifted definitions to their re-discovered hash',
      tag: TAG,
      params: versionParams,
      body: acceptDriftBody,
      responses,
      handler: async ({ actor, params, body }) => ({
        body: await acceptDrift(ctx, actor, params, body),
      }),
    }),
  ];
}
