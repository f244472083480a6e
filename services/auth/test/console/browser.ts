/** A minimal browser for tests: a cookie jar (per origin, no attributes) and manual redirects. */
export interface Browser {
  fetch(url: string, init?: RequestInit): Promise<Response>;
  /** Follows redirects, storing cookies, until a non-redirect or a URL `stop` accepts. */
  follow(url: string, stop?: (url: string) => boolean): Promise<{ res: Response; url: string }>;
  cookie(origin: string, name: string): string | undefined;
  setCookie(origin: string, name: string, value: string): void;
}

export function createBrowser(): Browser {
  const jar = new Map<string, Map<string, string>>();
  const forOrigin = (origin: string) => {
    let cookies = jar.get(origin);
    if (cookies === undefined) jar.set(origin, (cookies = new Map()));
    return cookies;
  };
  const store = (url: string, res: Response) => {
    const cookies = forOrigin(new URL(url).origin);
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') cookies.delete(name);
      else cookies.set(name, value);
    }
  };
  const browserFetch = async (url: string, init: RequestInit = {}) => {
    const cookies = [...forOrigin(new URL(url).origin)].map(([n, v]) => `${n}=${v}`).join('; ');
    const headers = new Headers(init.headers);
    if (cookies !== '') headers.set('cookie', cookies);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    store(url, res);
    return res;
  };
  return {
    fetch: browserFetch,
    async follow(start, stop = () => false) {
      let url = start;
      for (let hop = 0; hop < 15; hop += 1) {
        const res = await browserFetch(url);
        const location = res.headers.get('location');
        if (res.status < 300 || res.status >= 400 || location === null) return { res, url };
        url = new URL(location, url).href;
        if (stop(url)) return { res, url };
      }
      throw new Error(`too many redirects from ${start}`);
    },
    cookie: (origin, name) => forOrigin(origin).get(name),
    setCookie: (origin, name, value) => forOrigin(origin).set(name, value),
  };
}

/** The first form of an HTML page: its action (resolved) and its hidden inputs. */
export function parseForm(
  html: string,
  pageUrl: string,
): { action: string; hidden: Record<string, string> } {
  const form = /<form[^>]*\baction="([^"]+)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (form === null) throw new Error(`no form on ${pageUrl}: ${html.slice(0, 300)}`);
  const action = new URL(decodeEntities(form[1] ?? ''), pageUrl).href;
  const hidden: Record<string, string> = {};
  for (const input of (form[2] ?? '').matchAll(/<input[^>]*>/gi)) {
    const tag = input[0];
    if (!/type="hidden"/i.test(tag)) continue;
    const name = /name="([^"]*)"/i.exec(tag)?.[1];
    const value = /value="([^"]*)"/i.exec(tag)?.[1] ?? '';
    if (name !== undefined) hidden[name] = decodeEntities(value);
  }
  return { action, hidden };
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, code: string) => String.fromCharCode(parseInt(code, 16)))
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

/** Posts a form as a browser would (urlencoded, Origin of the page). */
export function postForm(
  browser: Browser,
  action: string,
  fields: Record<string, string>,
  origin = new URL(action).origin,
): Promise<Response> {
  return browser.fetch(action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams(fields),
  });
}
