export { canonicalJson } from './canonical-json.js';
export { definitionHash } from './definition-hash.js';
export {
  type DefinitionKind,
  type FindingKind,
  type ScanFinding,
  type Severity,
} from './scan-finding.js';
export { type ScanContext, type ScanRule } from './scan-rule.js';
export { SCAN_RULES } from './scan-rules.js';
export { scanDefinition } from './scan-definition.js';
export { needsSanitizing, sanitizeDefinition } from './sanitize-definition.js';
