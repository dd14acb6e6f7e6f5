import { existsSync } from 'node:fs'

/** Where the test browser is: CHROMIUM_PATH, then Debian's /usr/bin/chromium, then none
 *  (Playwright then uses its own browser, if one was installed). */
export function findChromium(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[]
  return candidates.find((path) => existsSync(path))
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
