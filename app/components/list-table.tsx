import type { ComponentPropsWithoutRef } from 'react'
import classes from './list-table.module.css'

/**
 * A row of a long table inside a Mantine `Table`, in plain markup: a `Table.Tr` with its five
 * `Table.Td` costs about 55 µs to render on the server, this about 5 µs (docs/decisions/0019).
 * `striped` and `hover` do what the Table's `striped` and `highlightOnHover` do for its own rows.
 */
export function ListRow({ striped = false, hover = false, className, ...props }: ComponentPropsWithoutRef<'tr'> & { striped?: boolean; hover?: boolean }) {
  return <tr {...props} data-striped={striped || undefined} data-hover={hover || undefined} className={className ? `${classes.row} ${className}` : classes.row} />
}

/** A cell of a `ListRow`, padded as a `Table.Td`. */
export function ListCell({ className, ...props }: ComponentPropsWithoutRef<'td'>) {
  return <td {...props} className={className ? `${classes.cell} ${className}` : classes.cell} />
}
