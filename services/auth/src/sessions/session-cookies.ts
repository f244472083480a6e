import type { Request, Response } from 'express';

export interface CookiePolicy {
  /** `__Host-` names require Secure; plain names are used only for http://127.0.0.1 dev. */
  session: string;
  login: string;
  secure: boolean;
}

/**
 * Cookies are `__Host-`-prefixed, Secure, HttpOnly, SameSite=Lax and Path=/. The single
 * exception is a service whose public URL is http://127.0.0.1 (local dev and tests): there is no
 * TLS, browsers refuse Secure `__Host-` cookies over plain http, so the names lose the prefix and
 * the Secure flag. Any other http URL still gets Secure cookies (and a browser will not log in).
 */
export function cookiePolicy(publicUrl: string): CookiePolicy {
  const url = new URL(publicUrl);
  const localDev = url.protocol === 'http:' && url.hostname === '127.0.0.1';
  return localDev
    ? { session: 'mcpgw_session', login: 'mcpgw_login', secure: false }
    : { session: '__Host-mcpgw_session', login: '__Host-mcpgw_login', secure: true };
}

/** Parses the Cookie header; a repeated name keeps its first value (RFC 6265 §5.4 ordering). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return /^[A-Za-z0-9_-]{1,128}$/.test(value) ? value : undefined;
  }
  return undefined;
}

export function setCookie(
  res: Response,
  policy: CookiePolicy,
  name: string,
  value: string,
  maxAgeSeconds: number,
): void {
  res.cookie(name, value, {
    httpOnly: true,
    secure: policy.secure,
    sameSite: 'lax',
    path: '/',
    maxAge: maxAgeSeconds * 1000,
    encode: (v: string) => v,
  });
}

export function clearCookie(res: Response, policy: CookiePolicy, name: string): void {
  res.clearCookie(name, { httpOnly: true, secure: policy.secure, sameSite: 'lax', path: '/' });
}
