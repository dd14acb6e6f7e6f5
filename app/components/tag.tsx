import type { ReactNode } from 'react'
import classes from './tag.module.css'

export type TagColor = 'blue' | 'teal' | 'grape' | 'gray' | 'orange' | 'red' | 'yellow' | 'green' | 'indigo' | 'lime'

/** Mantine's Badge as one span, for the rows of long lists (tag.module.css). */
export function Tag({
  children,
  color = 'teal',
  variant = 'light',
  size = 'md',
  plainCase = false,
  title,
}: {
  children: ReactNode
  color?: TagColor
  variant?: 'light' | 'outline'
  size?: 'xs' | 'sm' | 'md'
  plainCase?: boolean
  title?: string
}) {
  return (
    <span className={classes.tag} data-color={color} data-variant={variant} data-size={size} data-plain-case={plainCase || undefined} title={title}>
      {children}
    </span>
  )
}
