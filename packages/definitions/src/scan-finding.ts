export type DefinitionKind = 'tool' | 'resource' | 'resource_template' | 'prompt';

export type FindingKind =
  | 'hidden_instruction'
  | 'invisible_unicode'
  | 'bidi_control'
  | 'tag_characters'
  | 'ansi_escape'
  | 'control_character'
  | 'excessive_length'
  | 'homoglyph_mixed_script'
  | 'excessive_depth'
  | 'excessive_size';

export type Severity = 'low' | 'medium' | 'high';

export interface ScanFinding {
  kind: FindingKind;
  /** JSON path of the string, e.g. 'inputSchema.properties.q.description', 'arguments[0].name'. */
  field: string;
  severity: Severity;
  /** Escaped (no invisible or control characters survive), at most 120 characters. */
  excerpt: string;
  /** Id of the rule in SCAN_RULES that fired. */
  rule: string;
}
