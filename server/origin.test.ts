import { describe, expect, it } from 'vitest'
import { isSameOriginRequest } from './origin.ts'

describe('origin check on requests that change something', () => {
  const base = { host: 'localhost:3000', origin: 'http://localhost:3000', secFetchSite: 'same-origin' }

  it('lets reads through without looking', () => {
    expect(isSameOriginRequest({ ...base, method: 'GET', origin: undefined, secFetchSite: 'cross-site' })).toBe(true)
  })

  it('accepts a same-origin post', () => {
    expect(isSameOriginRequest({ ...base, method: 'POST' })).toBe(true)
  })

  it('refuses a cross-site post', () => {
    expect(isSameOriginRequest({ ...base, method: 'POST', secFetchSite: 'cross-site' })).toBe(false)
    expect(isSameOriginRequest({ ...base, method: 'POST', secFetchSite: undefined, origin: 'https://evil.example' })).toBe(false)
  })

  it('refuses a post without an Origin header', () => {
    expect(isSameOriginRequest({ ...base, method: 'DELETE', origin: undefined, secFetchSite: undefined })).toBe(false)
  })

  it('accepts an explicitly allowed origin (a reverse proxy)', () => {
    expect(
      isSameOriginRequest({ method: 'POST', host: 'internal:3000', origin: 'https://knudepunkt.example', secFetchSite: undefined, allowedOrigins: ['https://knudepunkt.example'] }),
    ).toBe(true)
  })
})
