export { createBaseApp, type BaseApp, type BaseAppOptions } from './base-app.js';
export { createLifecycle, type Lifecycle } from './lifecycle.js';
export {
  runReadinessChecks,
  DEFAULT_READINESS_TIMEOUT_MS,
  type ReadinessCheck,
  type ReadinessReport,
} from './readiness.js';
export {
  startHttpServer,
  type RunningServer,
  type StartHttpServerOptions,
} from './start-http-server.js';
export { chooseRequestId, REQUEST_ID_HEADER } from './request-context.js';
export { parseTraceparent, type TraceIds } from './traceparent.js';
export { routeLabel } from './access-log.js';
export { readPackageVersion } from './package-version.js';
