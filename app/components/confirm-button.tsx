import { Button, Group, Modal, Stack, Text, type ButtonProps } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'

/**
 * A button that asks before it submits: for destructive or far-reaching actions.
 * The hidden fields travel with the confirmed submission.
 */
export function ConfirmButton({
  label,
  title,
  message,
  confirmLabel,
  fields,
  color = 'red',
  ...buttonProps
}: {
  label: string
  title: string
  message: ReactNode
  confirmLabel: string
  fields: Record<string, string | number>
  color?: string
} & Omit<ButtonProps, 'children'>) {
  const [opened, { open, close }] = useDisclosure(false)
  return (
    <>
      <Button color={color} variant="light" onClick={open} {...buttonProps}>
        {label}
      </Button>
      <Modal opened={opened} onClose={close} title={title} centered>
        <Form method="post" onSubmit={close}>
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <Stack>
            <Text size="sm">{message}</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Annuller
              </Button>
              <Button type="submit" color={color} data-autofocus>
                {confirmLabel}
              </Button>
            </Group>
          </Stack>
        </Form>
      </Modal>
    </>
  )
}
