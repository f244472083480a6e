export {
  gatewaySnapshotSchema,
  snapshotPromptSchema,
  snapshotResourceSchema,
  snapshotResourceTemplateSchema,
  snapshotServerSchema,
  snapshotToolSchema,
  snapshotVersionSchema,
  type GatewaySnapshot,
  type SnapshotAgent,
  type SnapshotPrompt,
  type SnapshotResource,
  type SnapshotResourceTemplate,
  type SnapshotServer,
  type SnapshotTool,
  type SnapshotVersion,
} from './snapshot-schema.js';
export { snapshotEtag } from './snapshot-etag.js';
