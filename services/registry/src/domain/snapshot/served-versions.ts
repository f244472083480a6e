import type { Environment } from '../model/lifecycle.js';
import type { ServerVersion } from '../model/server-version.js';

type Served = Pick<ServerVersion, 'status' | 'approvedFor' | 'retireAt'>;

/**
 * Whether a gateway of `environment` serves the version (ARCHITECTURE §5). Prod is stricter,
 * not different: it takes only prod approvals. A deprecated version keeps serving where it was
 * approved until its retirement date; without a date it is treated as already leaving.
 */
export function isServedIn(version: Served, environment: Environment, now: Date): boolean {
  if (environment === 'prod') {
    if (version.status === 'approved_prod') return true;
    return isDeprecatedAndLive(version, now) && version.approvedFor.includes('prod');
  }
  if (version.status === 'approved_dev' || version.status === 'approved_prod') return true;
  return isDeprecatedAndLive(version, now) && version.approvedFor.length > 0;
}

/** Served by some gateway: what the public read APIs call "approved". */
export function isServedAnywhere(version: Served, now: Date): boolean {
  return isServedIn(version, 'dev', now) || isServedIn(version, 'prod', now);
}

function isDeprecatedAndLive(version: Served, now: Date): boolean {
  if (version.status !== 'deprecated' || version.retireAt === undefined) return false;
  const retireAt = Date.parse(version.retireAt);
  return Number.isFinite(retireAt) && retireAt > now.getTime();
}
