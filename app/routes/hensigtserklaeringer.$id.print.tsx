import { Button, Group } from '@mantine/core'
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { IconPrinter } from '@tabler/icons-react'
import { declarationTarget, getDeclarationPage, getDeclarationRow } from '~/models/declaration.server.ts'
import { SECTION_LABELS } from '~/utils/declaration-content.ts'
import { formatDate } from '~/utils/format.ts'
import { assertPermission, requirePermission } from '~/utils/permissions.server.ts'
import { notFound } from '~/utils/responses.server.ts'
import { declarationLabels, PARTIES, PARTY_LABELS } from '../../machines/declaration.machine.ts'
import styles from '~/styles/print.module.css'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Hensigtserklæring ${data.kommune} ${data.year}` : 'Hensigtserklæring' },
]

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, 'view', 'declaration')
  const row = await getDeclarationRow(params.id!)
  if (!row) notFound('Hensigtserklæringen findes ikke.')
  assertPermission(user, 'view', 'declaration', declarationTarget(row.kommune))
  const page = await getDeclarationPage(row.id)
  return {
    id: row.id,
    year: row.year,
    kommune: row.kommune.name,
    state: row.state,
    agreementVersion: row.context.agreementVersion,
    signed: row.state === 'active' || row.state === 'expired',
    signatures: row.context.signatures,
    content: row.content,
    contentRevision: row.contentRevision,
    partyNames: { KOMMUNE: page?.kommune.organisation.name ?? '', LES: page?.kommune.les?.name ?? '–', ERHVERVSHUS: 'Erhvervshus Sydjylland' },
    keyAccountManager: page?.kommune.keyAccountManager?.name ?? null,
  }
}

function Section({ title, text }: { title: string; text: string }) {
  return (
    <section className={styles.section}>
      <h2>{title}</h2>
      <p className={styles.text}>{text || '–'}</p>
    </section>
  )
}

/** A clean A4 page of the declaration, with signatories and dates, for printing or saving as PDF. */
export default function PrintDeclaration() {
  const d = useLoaderData<typeof loader>()
  return (
    <div className={styles.page}>
      <Group className={styles.noPrint} mb="md">
        <Button leftSection={<IconPrinter size={16} />} onClick={() => window.print()}>
          Udskriv
        </Button>
        <Button component={Link} to={`/hensigtserklaeringer/${d.id}`} variant="default">
          Tilbage
        </Button>
      </Group>
      <article className={styles.sheet}>
        {!d.signed ? <p className={styles.draft}>Udkast – {declarationLabels.states[d.state]?.toLowerCase()}, ikke underskrevet</p> : null}
        <header>
          <p className={styles.kicker}>Hensigtserklæring {d.year}</p>
          <h1>
            {d.partyNames.KOMMUNE}, {d.partyNames.LES} og Erhvervshus Sydjylland
          </h1>
          <p className={styles.meta}>
            Aftaleversion {d.agreementVersion} · indholdsversion {d.contentRevision} · key account manager: {d.keyAccountManager ?? '–'}
          </p>
          <p className={styles.meta}>Indgået inden for Resultatkontrakt 2022 mellem KKR Syddanmark og Erhvervshus Sydjylland.</p>
        </header>
        <Section title={SECTION_LABELS.themes} text={d.content.themes} />
        <section className={styles.section}>
          <h2>{SECTION_LABELS.goals}</h2>
          <table className={styles.goals}>
            <thead>
              <tr>
                <th>#</th>
                <th>Mål og indsats</th>
                <th>Ansvarlig</th>
                <th>Indikator</th>
              </tr>
            </thead>
            <tbody>
              {d.content.goals.map((goal, index) => (
                <tr key={index}>
                  <td>{index + 1}</td>
                  <td>{goal.text}</td>
                  <td>{goal.owner}</td>
                  <td>{goal.indicator}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <Section title={SECTION_LABELS.cooperationModel} text={d.content.cooperationModel} />
        <Section title={SECTION_LABELS.knowledgeSharing} text={d.content.knowledgeSharing} />
        <Section title={SECTION_LABELS.outreachPlan} text={d.content.outreachPlan} />
        <Section title={SECTION_LABELS.workdaysPerMonth} text={String(d.content.workdaysPerMonth)} />
        <section className={styles.signatures} aria-label="Underskrifter">
          {PARTIES.map((party) => {
            const signature = d.signatures[party]
            return (
              <div key={party} className={styles.signature}>
                <div className={styles.line}>{signature ? signature.name : ''}</div>
                <div>
                  <strong>{PARTY_LABELS[party]}</strong>: {d.partyNames[party]}
                </div>
                <div>{signature ? `Underskrevet ${formatDate(signature.at)}` : 'Ikke underskrevet'}</div>
              </div>
            )
          })}
        </section>
      </article>
    </div>
  )
}
