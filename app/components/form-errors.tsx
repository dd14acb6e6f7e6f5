import { Alert } from '@mantine/core'
import { IconAlertCircle } from '@tabler/icons-react'

/** Form-level errors (the ones not tied to a field), announced to screen readers. */
export function FormErrors({ errors, id }: { errors?: string[]; id?: string }) {
  if (!errors || errors.length === 0) return null
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert" id={id} title="Ikke gemt">
      {errors.join(' ')}
    </Alert>
  )
}
