// Loopback only: every request this process makes with fetch (the load, the abuse scenarios,
// the fuzzer, the harness's own calls) must go to this machine. Anything else is refused with
// an error, so a stray URL fails the run instead of reaching the network.
const LOOPBACK_HOSTS = new Set(["localhost", "[::1]", "::1"]);

export const isLoopback = (url: URL): boolean => LOOPBACK_HOSTS.has(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);

const urlOf = (input: RequestInfo | URL): URL => new URL(input instanceof Request ? input.url : String(input));

/** Wraps the global fetch; answers how many requests it refused so far. */
export const allowLoopbackOnly = (): { refused: () => number } => {
  const real = globalThis.fetch;
  let refused = 0;
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = urlOf(input);
    if (isLoopback(url)) return real(input, init);
    refused++;
    return Promise.reject(new Error(`soak: refused a request to ${url.host} (loopback only)`));
  }) as typeof fetch;
  return { refused: () => refused };
};
