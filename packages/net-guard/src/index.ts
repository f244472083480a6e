export { classifyAddress, type AddressClass } from './classify-address.js';
export { type NetGuardPolicy } from './policy.js';
export { isAddressAllowed } from './is-address-allowed.js';
export { assertUrlAllowed } from './assert-url-allowed.js';
export { createStaticLookup, type AddressLookup } from './address-lookup.js';
export { resolveAndCheck, type ResolvedAddress } from './resolve-and-check.js';
export { createGuardedLookup } from './guarded-lookup.js';
export { createGuardedDispatcher, type GuardedDispatcherOptions } from './guarded-dispatcher.js';
export { guardedFetch, type GuardedFetchOptions } from './guarded-fetch.js';
