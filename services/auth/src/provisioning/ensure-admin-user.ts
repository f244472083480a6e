import { appError } from '@mcpgw/errors';
import { combineChanges, type Change } from './change.js';
import type { EnsureOptions } from './ensure-realm.js';
import type { KeycloakAdmin } from './keycloak-admin.js';
import { orAbsent } from './not-found.js';

export interface AdminUserSpec {
  readonly username: string;
  readonly email?: string;
  /** Group the user belongs to, e.g. `platform-admins`. */
  readonly group: string;
  /** Read only when the user is created; the user must change it at first login. */
  readonly initialPassword: () => Promise<string>;
}

/**
 * The first administrator. Created with a temporary password and the UPDATE_PASSWORD required
 * action; an existing user's password is never touched, only the group membership is restored.
 */
export async function ensureAdminUser(
  admin: KeycloakAdmin,
  spec: AdminUserSpec,
  options: EnsureOptions = {},
): Promise<Change> {
  const api = await admin.api();
  const users =
    (await orAbsent(() => api.users.find({ username: spec.username, exact: true }))) ?? [];
  const user = users.find((u) => u.username === spec.username);
  if (user?.id === undefined) {
    if (options.dryRun) return 'created';
    const password = await spec.initialPassword();
    const { id } = await api.users.create({
      username: spec.username,
      ...(spec.email === undefined ? {} : { email: spec.email }),
      enabled: true,
      requiredActions: ['UPDATE_PASSWORD'],
      credentials: [{ type: 'password', value: password, temporary: true }],
    });
    await addToGroup(admin, id, spec.group);
    return 'created';
  }
  const groups = await api.users.listGroups({ id: user.id });
  if (groups.some((group) => group.name === spec.group)) return 'unchanged';
  if (!options.dryRun) await addToGroup(admin, user.id, spec.group);
  return combineChanges(['updated']);
}

async function addToGroup(admin: KeycloakAdmin, userId: string, groupName: string): Promise<void> {
  const api = await admin.api();
  const groups = await api.groups.find({ search: groupName, exact: true });
  const group = groups.find((g) => g.name === groupName);
  if (group?.id === undefined) throw appError('NOT_FOUND', `Group ${groupName} does not exist.`);
  await api.users.addToGroup({ id: userId, groupId: group.id });
}
