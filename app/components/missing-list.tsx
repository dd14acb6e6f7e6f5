import { Alert, List } from '@mantine/core'

/** What a record still lacks before it can move on ("Før … kan sendes til underskrift, mangler:"). */
export function MissingList({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) return null
  return (
    <Alert color="yellow" variant="light" title={title}>
      <List size="sm">
        {items.map((item) => (
          <List.Item key={item}>{item}</List.Item>
        ))}
      </List>
    </Alert>
  )
}
