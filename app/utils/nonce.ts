import { createContext, useContext } from 'react'

/**
 * The Content-Security-Policy nonce of the page being rendered (server/security-headers.ts).
 * Only the server render knows it: app/entry.server.tsx provides it, and in the browser it stays
 * empty, because the inline scripts it unlocks run once, before hydration.
 */
const NonceContext = createContext<string | undefined>(undefined)

export const NonceProvider = NonceContext.Provider

export function useNonce(): string | undefined {
  return useContext(NonceContext)
}
