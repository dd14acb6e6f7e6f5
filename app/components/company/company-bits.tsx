import { Tag, type TagColor } from '~/components/tag.tsx'
import { Link } from '@remix-run/react'
import { IconEyeOff, IconLock } from '@tabler/icons-react'
import { SEGMENT_LABELS, type Segment } from '~/utils/company-fields.ts'
import { TOPICS, type Topic } from '~/utils/topics.ts'
import { caseLabels } from '../../../machines/case.machine.ts'
import classes from '~/styles/list.module.css'

/** What a page receives from presentCompany (dates arrive as strings after serialisation). */
export type CompanyViewJson =
  | {
      id: string
      identified: false
      erased: boolean
      kommune: { id: string; name: string }
      segment: Segment
    }
  | {
      id: string
      identified: true
      via: 'owner' | 'consent'
      name: string
      cvr: string
      kommune: { id: string; name: string }
      segment: Segment
    }

/**
 * The company's name where the gate allowed it; otherwise the de-identified facts, marked as such.
 * Plain markup: it is drawn in every row of the long lists (docs/decisions/0019).
 */
export function CompanyName({
  company,
  link = true,
}: {
  company: CompanyViewJson
  link?: boolean
}) {
  const to = `/virksomheder/${company.id}`
  if (company.identified) {
    return (
      <span className={classes.company} data-company-identified>
        {link ? (
          <Link to={to} className={`${classes.link} ${classes.name}`}>
            {company.name}
          </Link>
        ) : (
          <span className={classes.name}>{company.name}</span>
        )}
        <span className={classes.line}>
          <span className={classes.meta}>CVR {company.cvr}</span>
          {company.via === 'consent' ? (
            <Tag size="xs" title="Vist med virksomhedens samtykke; visningen er skrevet i adgangsloggen">
              <IconLock size={10} aria-hidden />
              samtykke
            </Tag>
          ) : null}
        </span>
      </span>
    )
  }
  const text = company.erased ? 'Slettet virksomhed' : `Virksomhed i ${company.kommune.name}`
  return (
    <span className={classes.company} data-company-anonymous>
      <span className={classes.line}>
        <IconEyeOff size={14} aria-hidden color="var(--mantine-color-dimmed)" />
        {link ? (
          <Link to={to} className={`${classes.link} ${classes.dimmed}`}>
            {text}
          </Link>
        ) : (
          <span className={classes.dimmed}>{text}</span>
        )}
      </span>
      <span className={classes.meta}>{SEGMENT_LABELS[company.segment].toLowerCase()} · anonymiseret visning</span>
    </span>
  )
}

const CASE_STATE_COLORS: Record<string, TagColor> = {
  open: 'blue',
  inProgress: 'teal',
  handedOver: 'grape',
  closed: 'gray',
}

export function CaseStateBadge({ state }: { state: string }) {
  return <Tag color={CASE_STATE_COLORS[state] ?? 'gray'}>{caseLabels.states[state] ?? state}</Tag>
}

export function TopicBadges({ topics }: { topics: Topic[] }) {
  if (topics.length === 0) return null
  return (
    <span className={classes.tags}>
      {topics.map((topic) => (
        <Tag key={topic} size="sm" variant="outline" plainCase>
          {TOPICS[topic]}
        </Tag>
      ))}
    </span>
  )
}
