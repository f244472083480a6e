export type {
  DiscoveryResult,
  DiscoveryStage,
  EraDetection,
  McpEra,
  ProbeResult,
  UpstreamTarget,
} from './discovery/types.js';
export { discoverUpstream } from './discovery/discover-upstream.js';
export { probeUpstream } from './discovery/probe-upstream.js';
export { detectEra } from './discovery/detect-era.js';
export type { FailureReason } from './discovery/upstream-failure.js';

export type {
  FixtureBehaviour,
  FixtureEra,
  FixturePrompt,
  FixtureResource,
  FixtureResourceTemplate,
  FixtureServer,
  FixtureServerOptions,
  FixtureTool,
  FixtureToolContext,
  RecordedRequest,
} from './fixtures/fixture-types.js';
export { startFixtureServer } from './fixtures/start-fixture-server.js';
export {
  POISONED_TOOL,
  SAMPLE_PROMPTS,
  SAMPLE_RESOURCES,
  SAMPLE_RESOURCE_TEMPLATES,
  SAMPLE_TOOLS,
} from './fixtures/sample-catalogue.js';
export { startServerEverything, type ServerEverything } from './fixtures/server-everything.js';
export { progressTool, type ProgressToolOptions } from './fixtures/progress-tool.js';
export {
  startStdioBridge,
  type StdioBridge,
  type StdioBridgeOptions,
} from './fixtures/stdio-bridge.js';
export { startServerMemory, type ServerMemory } from './fixtures/server-memory.js';

export {
  startSampleMcpServer,
  type SampleMcpServer,
  type SampleMcpServerOptions,
} from './sample/start-sample-mcp-server.js';

export * from './proxy/index.js';
export {
  connectAgent,
  type AgentClient,
  type AgentEra,
  type AgentTool,
  type AgentToolResult,
} from './testing/agent-client.js';
