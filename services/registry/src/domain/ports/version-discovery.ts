import type { Actor } from '../model/actor.js';
import type { ServerVersion } from '../model/server-version.js';

/**
 * Connects to a version's upstream over MCP, lists its tools, resources and prompts, hashes and
 * scans them, stores them on the version (`definitions` and `discovery`) and returns the stored
 * version. It never changes the lifecycle status. An unreachable or misbehaving upstream should
 * resolve with `discovery.ok = false`; a throw is tolerated and recorded by the caller.
 */
export interface VersionDiscovery {
  discover(versionId: string, actor: Actor): Promise<ServerVersion>;
}
