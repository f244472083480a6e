import type { Account, FindAccount } from 'oidc-provider';
import type { DevUser } from './dev-identity.js';

/** Keycloak's name for the user behind a client's service account. */
export function serviceAccountName(clientId: string): string {
  return `service-account-${clientId}`;
}

function toAccount(user: DevUser): Account {
  return {
    accountId: user.username,
    claims: () => ({
      sub: user.username,
      preferred_username: user.username,
      name: user.name,
      email: user.email,
      groups: [...user.groups],
    }),
  };
}

/** Seeded users, looked up by username as the provider's `findAccount` for a later login. */
export function devAccounts(users: readonly DevUser[]): {
  findAccount: FindAccount;
  find(accountId: string): DevUser | undefined;
} {
  const byName = new Map(users.map((user) => [user.username, user]));
  return {
    findAccount: (_ctx, id) => {
      const user = byName.get(id);
      return user === undefined ? undefined : toAccount(user);
    },
    find: (accountId) => byName.get(accountId),
  };
}
