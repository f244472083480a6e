/** Scope names are dotted lowercase words, e.g. `crm.read`; Keycloak client scopes reuse them. */
export const SCOPE_ID_PATTERN = /^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$/;
export const SCOPE_ID_MAX = 100;
export const SCOPE_DESCRIPTION_MAX = 500;
