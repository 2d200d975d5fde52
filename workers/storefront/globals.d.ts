// The storefront is type-checked against the Worker's AppType, so the Worker's sources are part
// of this (DOM) program: Workers' `caches.default` is declared here as the Workers types do.
interface CacheStorage {
  readonly default: Cache;
}
