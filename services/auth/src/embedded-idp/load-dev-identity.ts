import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { appError } from '@mcpgw/errors';
import type { DevIdentity } from './dev-identity.js';
import { checkDevIdentity } from './dev-identity-problems.js';

function invalid(file: string, problems: string[]): Error {
  const list = problems.map((problem) => `  - ${problem}`).join('\n');
  return appError('CONFIG_INVALID', `${file} is invalid:\n${list}`, {
    details: { file, problems },
  });
}

/** Reads and validates the embedded provider's seed; a bad file stops startup with every problem. */
export async function loadDevIdentity(file: string): Promise<DevIdentity> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const reason = (cause as NodeJS.ErrnoException).code ?? 'unreadable';
    throw invalid(file, [`cannot read the file (${reason})`]);
  }
  const document = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0)
    throw invalid(
      file,
      document.errors.map((error) => error.message),
    );
  const result = checkDevIdentity(document.toJS());
  if (!('identity' in result)) throw invalid(file, result.problems);
  return result.identity;
}
