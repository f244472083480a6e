import { createHash, generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { appError } from '@mcpgw/errors';

const SECRET_BYTES = 32;

const secretsSchema = z.object({
  version: z.literal(1),
  /** client id → client secret */
  clients: z.record(z.string(), z.string().min(43)),
  /** RS256 private JWK; kept so tokens stay verifiable across restarts. */
  signingKey: z.looseObject({ kty: z.literal('RSA'), kid: z.string().min(1), d: z.string() }),
  cookieKeys: z.array(z.string().min(43)).min(1),
  /** username → password for the dev login form; added by the console login (issue 5). */
  users: z.record(z.string(), z.string().min(16)).default({}),
});

export type DevSecrets = z.infer<typeof secretsSchema>;
export type SigningJwk = DevSecrets['signingKey'];

export interface DevSecretsResult {
  secrets: DevSecrets;
  /** True when this start generated the file or added secrets to it. */
  changed: boolean;
}

function randomSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

/** RFC 7638 thumbprint: stable for the key, so the kid stays the same across restarts. */
function thumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64url');
}

function generateSigningKey(): SigningJwk {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  return { ...jwk, kty: 'RSA', d: jwk.d ?? '', kid: thumbprint(jwk), alg: 'RS256', use: 'sig' };
}

async function readExisting(file: string): Promise<DevSecrets | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw cause;
  }
  let parsed: ReturnType<typeof secretsSchema.safeParse>;
  try {
    parsed = secretsSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = { success: false } as typeof parsed;
  }
  // Never regenerate over a damaged file: tokens and agents configured with the old secrets
  // would break silently. The message names the file but quotes none of its content.
  if (!parsed.success)
    throw appError(
      'CONFIG_INVALID',
      `${file} is not a valid secrets file; delete it to regenerate`,
      {
        details: { file },
      },
    );
  return parsed.data;
}

async function writeSecrets(file: string, secrets: DevSecrets): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  // Written beside the target and renamed, so a crash never leaves a half-written file.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, file);
}

/**
 * Loads the embedded provider's secrets, generating whatever is missing: a client secret per
 * seeded client, the signing key and the cookie key. Existing values are kept, so restarting
 * changes nothing an agent or a verifier depends on.
 */
export async function loadDevSecrets(
  file: string,
  clientIds: string[],
  usernames: string[] = [],
): Promise<DevSecretsResult> {
  const existing = await readExisting(file);
  const secrets: DevSecrets = existing ?? {
    version: 1,
    clients: {},
    signingKey: generateSigningKey(),
    cookieKeys: [randomSecret()],
    users: {},
  };
  let changed = existing === undefined;
  for (const clientId of clientIds) {
    if (secrets.clients[clientId] !== undefined) continue;
    secrets.clients[clientId] = randomSecret();
    changed = true;
  }
  for (const username of usernames) {
    if (secrets.users[username] !== undefined) continue;
    // Shorter than a client secret: a developer types it into the dev login form.
    secrets.users[username] = randomBytes(12).toString('base64url');
    changed = true;
  }
  if (changed) await writeSecrets(file, secrets);
  // A copied or restored file may have come back world-readable.
  else await chmod(file, 0o600);
  return { secrets, changed };
}
