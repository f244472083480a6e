export interface MongoSettings {
  uri: string;
  dbName: string;
  tls?: boolean;
  /** DocumentDB: path of the RDS CA bundle (global-bundle.pem). */
  tlsCaFile?: string;
  /** Default 5000. */
  connectTimeoutMs?: number;
  /** Default 5000. */
  serverSelectionTimeoutMs?: number;
  /** Default 30000. */
  socketTimeoutMs?: number;
  /** Default 20. */
  maxPoolSize?: number;
  appName?: string;
}

export const MONGO_DEFAULTS = Object.freeze({
  connectTimeoutMs: 5000,
  serverSelectionTimeoutMs: 5000,
  socketTimeoutMs: 30000,
  maxPoolSize: 20,
});

const SCHEME = /^mongodb(\+srv)?:\/\//;
const DOCDB_HOST = /\.docdb(-elastic)?\.amazonaws\.com$/i;
const TLS_IN_QUERY = /[?&](tls|ssl)=true(&|$)/i;
const TIMEOUT_KEYS = ['connectTimeoutMs', 'serverSelectionTimeoutMs', 'socketTimeoutMs'] as const;

/** Host names of a connection string; multi-host seed lists are why `URL` cannot parse it. */
export function mongoUriHosts(uri: string): string[] {
  const rest = uri.replace(SCHEME, '');
  const authorityEnd = rest.search(/[/?]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  const hostList = authority.slice(authority.lastIndexOf('@') + 1);
  return hostList
    .split(',')
    .map((host) =>
      host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, ''),
    )
    .filter((host) => host.length > 0);
}

/**
 * Every problem with the settings, as messages that are safe to show (no credentials). Empty when
 * the settings are usable. Catches the combinations that only fail later and obscurely, such as
 * DocumentDB without TLS.
 */
export function validateMongoSettings(settings: MongoSettings): string[] {
  const problems: string[] = [];
  if (!SCHEME.test(settings.uri)) {
    problems.push('uri must start with mongodb:// or mongodb+srv://');
  } else if (mongoUriHosts(settings.uri).length === 0) {
    problems.push('uri names no host');
  }
  if (settings.dbName.trim() === '' || /[/\\. "$]/.test(settings.dbName)) {
    problems.push('dbName must be non-empty and contain none of / \\ . " $ or spaces');
  }
  for (const key of TIMEOUT_KEYS) {
    const value = settings[key];
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
      problems.push(`${key} must be a positive integer of milliseconds`);
    }
  }
  if (
    settings.maxPoolSize !== undefined &&
    !(Number.isInteger(settings.maxPoolSize) && settings.maxPoolSize > 0)
  ) {
    problems.push('maxPoolSize must be a positive integer');
  }
  const tlsOn = settings.tls === true || TLS_IN_QUERY.test(settings.uri);
  if (settings.tlsCaFile !== undefined && !tlsOn) {
    problems.push('tlsCaFile is set but TLS is off: set tls to true');
  }
  const docdb = SCHEME.test(settings.uri) && mongoUriHosts(settings.uri).some(isDocDbHost);
  if (docdb && !tlsOn) {
    problems.push(
      'Amazon DocumentDB requires TLS: set tls to true and tlsCaFile to the RDS CA bundle',
    );
  }
  return problems;
}

function isDocDbHost(host: string): boolean {
  return DOCDB_HOST.test(host);
}
