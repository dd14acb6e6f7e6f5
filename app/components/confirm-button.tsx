import { Button, Group, Modal, Stack, Text, Textarea, type ButtonProps } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { Form } from '@remix-run/react'
import type { ReactNode } from 'react'

/**
 * A button that asks before it submits: for destructive or far-reaching actions, or for an
 * action that needs a typed reason (`reasonLabel`). The hidden fields travel with the submission.
 */
export function ConfirmButton({
  label,
  title,
  message,
  confirmLabel,
  fields,
  reasonLabel,
  color = 'red',
  ...buttonProps
}: {
  label: string
  title: string
  message?: ReactNode
  confirmLabel: string
  fields: Record<string, string | number>
  /** Asks for a reason, sent as the field `reason`. */
  reasonLabel?: string
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
            {message ? <Text size="sm">{message}</Text> : null}
            {reasonLabel ? <Textarea name="reason" label={reasonLabel} required minLength={3} maxLength={2000} autosize minRows={3} data-autofocus /> : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Annuller
              </Button>
              <Button type="submit" color={color} data-autofocus={reasonLabel ? undefined : true}>
                {confirmLabel}
              </Button>
            </Group>
          </Stack>
        </Form>
      </Modal>
    </>
  )
}
