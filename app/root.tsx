import '@mantine/core/styles.css'
import '@mantine/notifications/styles.css'
import '@mantine/charts/styles.css'
import './styles/app.css'
import { ColorSchemeScript, MantineProvider, mantineHtmlProps } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import type { LinksFunction, MetaFunction } from '@remix-run/node'
import { Links, Meta, Outlet, Scripts, ScrollRestoration } from '@remix-run/react'
import type { ReactNode } from 'react'
import { config as configureZod } from 'zod/v4/core'
import { ErrorPage } from './components/error-page.tsx'
import { theme } from './theme.ts'
import { useNonce } from './utils/nonce.ts'

// zod compiles object parsers with `new Function` and probes for it on first use; our CSP has no
// 'unsafe-eval', so even the caught probe is reported as a violation. Here, because the root
// module runs before any route module parses with a schema (docs/decisions/0022).
configureZod({ jitless: true })

export const meta: MetaFunction = () => [
  { title: 'Knudepunkt' },
  { name: 'description', content: 'Samarbejde mellem Erhvervshus Sydjylland, kommunerne og de lokale erhvervsservices.' },
]

export const links: LinksFunction = () => [{ rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' }]

/** Every inline script carries the response's CSP nonce (server/security-headers.ts). */
export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce()
  return (
    <html lang="da" {...mantineHtmlProps}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        <ColorSchemeScript defaultColorScheme="auto" nonce={nonce} />
      </head>
      <body>
        <MantineProvider theme={theme} defaultColorScheme="auto">
          <Notifications position="top-right" />
          {children}
        </MantineProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  return <ErrorPage standalone />
}
