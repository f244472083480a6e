/**
 * Where a freshly generated agent secret goes instead of the HTTP response, e.g. AWS Secrets
 * Manager. The registry never stores it; it keeps at most the returned reference.
 */
export interface SecretWriter {
  /** Stores `{ clientId, clientSecret }` for the agent; returns a reference (ARN or name). */
  writeAgentSecret(agentId: string, clientSecret: string): Promise<string>;
}

/** Either the secret, shown once, or where it was written. Never both. */
export type IssuedSecret =
  | { readonly clientSecret: string; readonly secretRef?: undefined }
  | { readonly secretRef: string; readonly clientSecret?: undefined };

export async function issueSecret(
  agentId: string,
  clientSecret: string,
  writer: SecretWriter | undefined,
): Promise<IssuedSecret> {
  if (writer === undefined) return { clientSecret };
  return { secretRef: await writer.writeAgentSecret(agentId, clientSecret) };
}
