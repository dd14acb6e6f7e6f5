import { Badge, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { formatDateTime } from '~/utils/format.ts'
import { PARTIES, PARTY_LABELS, type Party, type Signature } from '../../../machines/declaration.machine.ts'

export function Signatures({ signatures, partyNames }: { signatures: Partial<Record<Party, Signature>>; partyNames: Record<Party, string> }) {
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Underskrifter
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }} role="list" aria-label="Underskrifter">
        {PARTIES.map((party) => {
          const signature = signatures[party]
          return (
            <Stack key={party} gap={2} role="listitem" aria-label={`${PARTY_LABELS[party]}: ${signature ? 'underskrevet' : 'mangler'}`}>
              <Text size="sm" fw={600}>
                {PARTY_LABELS[party]}
              </Text>
              <Text size="xs" c="dimmed">
                {partyNames[party]}
              </Text>
              {signature ? (
                <>
                  <Badge color="teal" variant="light" tt="none" w="fit-content">
                    Underskrevet
                  </Badge>
                  <Text size="xs">
                    {signature.name}, {formatDateTime(signature.at)}
                  </Text>
                </>
              ) : (
                <Badge color="gray" variant="outline" tt="none" w="fit-content">
                  Afventer underskrift
                </Badge>
              )}
            </Stack>
          )
        })}
      </SimpleGrid>
    </Paper>
  )
}
