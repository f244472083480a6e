export * from './free-port.js';
export * from './local-issuer.js';
export * from './test-env.js';
