import { Button, Group, Text } from '@mantine/core'
import { Link, useSearchParams } from '@remix-run/react'
import { moreRows, ROWS_MAX } from '~/utils/paging.ts'

/**
 * Under a list that may have more rows: a link that keeps the page's other parameters and asks
 * for more. With a known total it says how many are shown.
 */
export function ShowMore({ shown, count, total }: { shown: number; count: number; total?: number }) {
  const [params] = useSearchParams()
  const more = total === undefined ? count >= shown : count < total
  if (!more) return null
  const next = new URLSearchParams(params)
  next.set('antal', String(moreRows(shown)))
  return (
    <Group justify="center" mt="sm" gap="md">
      {total !== undefined ? (
        <Text size="sm" c="dimmed">
          Viser {count} af {total}
        </Text>
      ) : null}
      {shown < ROWS_MAX ? (
        <Button component={Link} to={`?${next.toString()}`} variant="subtle" preventScrollReset replace>
          Vis flere
        </Button>
      ) : null}
    </Group>
  )
}
