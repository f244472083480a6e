import { matching, type ScanRule } from './scan-rule.js';

// Phrases aimed at the model rather than at a human reader. They run on normalized text (see
// ScanRule) with bounded gaps so a hostile megabyte string cannot make them backtrack for long.
export const INSTRUCTION_RULES: readonly ScanRule[] = [
  {
    id: 'ignore-previous-instructions',
    kind: 'hidden_instruction',
    severity: 'high',
    on: 'normalized',
    test: matching(
      /\b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+|every\s+)?(?:of\s+)?(?:the\s+|your\s+|my\s+)?(?:previous\s+|prior\s+|above\s+|earlier\s+|preceding\s+|other\s+|original\s+|system\s+|safety\s+)?(?:instructions?|prompts?|rules|directions|guidelines|guardrails)\b/i,
    ),
  },
  {
    id: 'conceal-from-user',
    kind: 'hidden_instruction',
    severity: 'high',
    on: 'normalized',
    test: matching(
      /\b(?:do\s+not|don['’]?t|never|without)\s+(?:tell|inform|mention|reveal|show|notify|alert|let)(?:ing)?\s+(?:this\s+|it\s+)?(?:to\s+)?(?:the\s+)?users?\b|\bthe\s+user\s+(?:must|should|will|need|may)\s+not\s+(?:know|see|notice|be\s+told)\b/i,
    ),
  },
  {
    id: 'model-directed-tag',
    kind: 'hidden_instruction',
    severity: 'high',
    on: 'normalized',
    test: matching(
      /<\s*\/?\s*(?:important|system|instructions?|secret|hidden|admin|critical|assistant|context)\s*>/i,
    ),
  },
  {
    id: 'role-marker',
    kind: 'hidden_instruction',
    severity: 'high',
    on: 'normalized',
    test: matching(
      /<\|(?:im_start|im_end|system|user|assistant|endoftext)\|>|\[\/?(?:inst|sys)\]|<<\/?sys>>|(?:^|\n)\s*(?:system|assistant|human)\s*:/i,
    ),
  },
  {
    id: 'sensitive-file-reference',
    kind: 'hidden_instruction',
    severity: 'high',
    on: 'normalized',
    test: matching(
      /(?<![\w$])\.ssh\b|\bid_(?:rsa|dsa|ecdsa|ed25519)\b|\.aws\/(?:credentials|config)\b|(?<![\w$])\.env\b|\bmcp\.json\b|claude_desktop_config\.json|(?<![\w$])\.(?:npmrc|netrc|pgpass|git-credentials|bash_history)\b|\.kube\/config\b|\.docker\/config\.json|\/etc\/(?:passwd|shadow)\b/i,
    ),
  },
  {
    id: 'read-before-use',
    kind: 'hidden_instruction',
    severity: 'high',
    on: 'normalized',
    test: matching(
      /\bbefore\s+(?:using|calling|invoking|running|executing)\s+(?:this|the|any|that)\s+tool\b[^.]{0,120}?\b(?:read|open|cat|load|fetch|retrieve|include|send|pass|provide)\b/i,
    ),
  },
  {
    id: 'covert-tool-call',
    kind: 'hidden_instruction',
    severity: 'high',
    on: 'normalized',
    test: matching(
      /\b(?:you|the\s+(?:assistant|model|ai|agent|llm))\s+(?:must|should|shall|need\s+to|have\s+to|are\s+required\s+to)\s+(?:also|always|secretly|silently|quietly)\s+(?:call|invoke|use|run|execute|send|include|pass|add)\b/i,
    ),
  },
  {
    id: 'cross-tool-trigger',
    kind: 'hidden_instruction',
    severity: 'medium',
    on: 'normalized',
    test: matching(
      /\bwhen(?:ever)?\s+(?:the\s+|any\s+|another\s+)?[\w.-]{1,64}\s+tool\s+is\s+(?:called|used|invoked|available)\b/i,
    ),
  },
  {
    id: 'send-contents-of',
    kind: 'hidden_instruction',
    severity: 'high',
    on: 'normalized',
    test: matching(
      /\b(?:send|forward|upload|post|transmit|exfiltrate|leak|copy|include|append|attach|pass|embed)\s+(?:the\s+|all\s+|its\s+)?(?:full\s+|entire\s+|complete\s+|whole\s+|raw\s+)?(?:contents?|text|data)\s+of\b/i,
    ),
  },
  {
    id: 'secret-in-parameter',
    kind: 'hidden_instruction',
    severity: 'medium',
    on: 'normalized',
    test: matching(
      /\b(?:api[\s_-]?keys?|secrets?|private\s+keys?|access\s+tokens?|credentials|ssh\s+keys?|session\s+tokens?|bearer\s+tokens?)\b[^.]{0,60}?\b(?:as|in|into|via)\s+(?:the\s+|a\s+)?(?:["'`]?[\w-]{1,40}["'`]?\s+)?(?:parameter|argument|field|sidenote|note|comment)\b/i,
    ),
  },
  {
    id: 'html-comment',
    kind: 'hidden_instruction',
    severity: 'high',
    on: 'normalized',
    test: (text) => {
      // Markdown renderers hide comments from the human; the model still reads them.
      const start = text.indexOf('<!--');
      if (start === -1) return undefined;
      const end = text.indexOf('-->', start + 4);
      const body = text.slice(start + 4, end === -1 ? undefined : end);
      return /[\p{L}]{2}/u.test(body) ? start : undefined;
    },
  },
  {
    id: 'long-base64-blob',
    kind: 'hidden_instruction',
    severity: 'medium',
    on: 'raw',
    test: (text) => {
      for (const match of text.matchAll(/[A-Za-z0-9+/]{80,}={0,2}|[A-Za-z0-9_-]{100,}/g)) {
        const blob = match[0];
        if (/\d/.test(blob) && /[a-z]/.test(blob) && /[A-Z]/.test(blob)) return match.index;
      }
      return undefined;
    },
  },
];
