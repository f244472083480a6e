import type { Change } from './change.js';
import { combineChanges } from './change.js';
import type { EnsureOptions } from './ensure-realm.js';
import type { KeycloakAdmin } from './keycloak-admin.js';
import { GROUPS } from './names.js';
import { orAbsent } from './not-found.js';

/** The role groups plus one `team-<name>` group per team; top-level groups only. */
export async function ensureGroups(
  admin: KeycloakAdmin,
  teams: readonly string[] = [],
  options: EnsureOptions = {},
): Promise<Change> {
  const api = await admin.api();
  const wanted = [...GROUPS, ...teams.map((team) => `team-${team}`)];
  const existing = (await orAbsent(() => api.groups.find({ max: 1000 }))) ?? [];
  const present = new Set(existing.map((group) => group.name));
  const changes: Change[] = [];
  for (const name of wanted) {
    if (present.has(name)) continue;
    if (!options.dryRun) await api.groups.create({ name });
    changes.push('created');
  }
  return combineChanges(changes);
}
