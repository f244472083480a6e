/** Names shared by provisioning, post-deploy setup and the docs. */
export const GROUPS = ['platform-admins', 'security-reviewers', 'approvers', 'auditors'] as const;

/** Client scope that adds the gateway resource URI to `aud`; default scope of service clients. */
export const AUDIENCE_SCOPE = 'mcp-gateway-audience';
/** Client scope with the `groups` claim mapper (group names, no full path). */
export const GROUPS_SCOPE = 'mcp-groups';
export const AUDIENCE_MAPPER = 'mcp-gateway-audience';
export const GROUPS_MAPPER = 'groups';

export const CONSOLE_CLIENT_ID = 'mcp-console';
export const GATEWAY_CLIENT_ID = 'mcp-gateway';

/** Attribute marking client scopes that mirror the registry's scope catalog (sync may prune). */
export const CATALOG_ATTRIBUTE = 'mcpgw.catalog';
/** Attribute marking clients that are registry agents. */
export const AGENT_ATTRIBUTE = 'mcpgw.agent';

/** Catalog scope and agent ids: `crm.read`, `crm.contact.update`, `support-agent`. */
export const SCOPE_ID = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$/;
export const AGENT_ID = /^[a-z][a-z0-9_-]{1,62}$/;
