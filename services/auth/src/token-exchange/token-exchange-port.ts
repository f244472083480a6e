export interface TokenExchangeRequest {
  /** The user's access token (RFC 8693 subject_token). */
  subjectToken: string;
  /** The backend the new token is for (Keycloak: the target client id). */
  audience: string;
}

export interface ExchangedToken {
  accessToken: string;
  expiresIn: number;
}

/** On-behalf-of: a token for `audience` carrying the same user. Implemented by the gateway's IdP. */
export interface TokenExchangePort {
  exchange(request: TokenExchangeRequest): Promise<ExchangedToken>;
}
