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
export { serializeSnapshot, snapshotEtag, type SerializedSnapshot } from './snapshot-etag.js';
