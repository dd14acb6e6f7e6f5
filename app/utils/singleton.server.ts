/**
 * Keeps one instance per process even when the module is loaded twice (the Express server and
 * the Remix build each import it, and Vite re-imports modules in development).
 */
export function singleton<T>(name: string, create: () => T): T {
  const store = globalThis as unknown as { __knudepunkt?: Record<string, unknown> }
  store.__knudepunkt ??= {}
  store.__knudepunkt[name] ??= create()
  return store.__knudepunkt[name] as T
}
