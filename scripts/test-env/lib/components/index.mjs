import { ferretdb } from './ferretdb.mjs';
import { keycloak } from './keycloak.mjs';
import { moto } from './moto.mjs';
import { postgres } from './postgres.mjs';

/** Start order; `down` stops in reverse so Keycloak goes before its database. */
export const components = [postgres, ferretdb, moto, keycloak];
export { ferretdb, keycloak, moto, postgres };
