import { Anchor, Button, Center, Container, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { Link, isRouteErrorResponse, useRouteError } from '@remix-run/react'

type Explained = { status: number; title: string; message: string }

const TITLES: Record<number, string> = {
  400: 'Forespørgslen kunne ikke behandles',
  403: 'Du har ikke adgang til denne side',
  404: 'Siden findes ikke',
  409: 'Posten er ændret af en anden',
}

function messageOf(data: unknown): string | null {
  if (data && typeof data === 'object' && 'message' in data && typeof data.message === 'string') return data.message
  if (typeof data === 'string' && data.length < 300) return data
  return null
}

/** Turns whatever was thrown into a Danish explanation; never a stack trace. */
export function explainError(error: unknown): Explained {
  if (isRouteErrorResponse(error)) {
    const status = error.status
    const fallback =
      status === 404
        ? 'Adressen findes ikke, eller posten er slettet. Tjek adressen, eller gå til overblikket.'
        : status === 403
          ? 'Din rolle giver ikke adgang hertil. Kontakt en administrator, hvis du mener, det er en fejl.'
          : 'Noget gik galt med forespørgslen.'
    return { status, title: TITLES[status] ?? 'Der opstod en fejl', message: messageOf(error.data) ?? fallback }
  }
  return {
    status: 500,
    title: 'Der opstod en uventet fejl',
    message: 'Noget gik galt hos os. Prøv igen om lidt; fortsætter fejlen, så kontakt en administrator.',
  }
}

export function ErrorPage({ standalone = false }: { standalone?: boolean }) {
  const explained = explainError(useRouteError())
  const body = (
    <Paper withBorder p="xl" maw={560} w="100%" role="alert">
      <Stack gap="sm">
        <Text c="dimmed" size="sm">
          Fejl {explained.status}
        </Text>
        <Title order={1} size="h2">
          {explained.title}
        </Title>
        <Text>{explained.message}</Text>
        <Group mt="sm">
          <Button component={Link} to="/">
            Gå til overblikket
          </Button>
          {explained.status === 403 || explained.status === 401 ? (
            <Anchor component={Link} to="/login">
              Log ind som en anden
            </Anchor>
          ) : null}
        </Group>
      </Stack>
    </Paper>
  )
  if (!standalone) return <Container py="xl">{body}</Container>
  return <Center mih="100vh" p="md">{body}</Center>
}

/** Every route inside the app shell exports this, so an error keeps the navigation in view. */
export function RouteErrorBoundary() {
  return <ErrorPage />
}
