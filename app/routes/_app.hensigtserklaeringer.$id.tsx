import { parseWithZod } from '@conform-to/zod/v4'
import { Anchor, Badge, Button, Stack, Text } from '@mantine/core'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { IconPrinter } from '@tabler/icons-react'
import { useActionToast, useStickyValue } from '~/components/action-toast.tsx'
import { ContentForm, ContentFormSchema } from '~/components/declaration/content-form.tsx'
import { ContentView } from '~/components/declaration/content-view.tsx'
import { Dialogue } from '~/components/declaration/dialogue.tsx'
import { Revisions } from '~/components/declaration/revisions.tsx'
import { Signatures } from '~/components/declaration/signatures.tsx'
import { DeclarationStateBadge, DeclarationTabs } from '~/components/declaration-bits.tsx'
import { MissingList } from '~/components/missing-list.tsx'
import { PageHeader } from '~/components/page-header.tsx'
import { ProcessMap } from '~/components/process-map.tsx'
import { useLiveTopics } from '~/components/realtime.tsx'
import {
  addComment,
  AlreadySignedError,
  canEditContent,
  canTakePart,
  DECLARATION_EVENTS,
  declarationProcess,
  declarationTarget,
  getDeclarationPage,
  getDeclarationRow,
  listComments,
  listMentionable,
  listRevisions,
  NotEditableError,
  saveContent,
  transitionDeclaration,
} from '~/models/declaration.server.ts'
import { StaleVersionError } from '~/utils/db-errors.server.ts'
import { diffContent } from '~/utils/declaration-diff.ts'
import { missingContent, parseContent } from '~/utils/declaration-content.ts'
import { invalid } from '~/utils/form.server.ts'
import { assertPermission, requirePermission } from '~/utils/permissions.server.ts'
import { listProcessHistory } from '~/utils/process-history.server.ts'
import { notFound, STALE_MESSAGE } from '~/utils/responses.server.ts'
import { versionField, z } from '~/utils/validation.ts'
import { allowedEvents } from '~/utils/workflow.server.ts'
import { replyToTransitionError } from '~/utils/workflow-responses.server.ts'
import { declarationLabels, declarationMachine, type Party } from '../../machines/declaration.machine.ts'

export { RouteErrorBoundary as ErrorBoundary } from '~/components/error-page.tsx'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Hensigtserklæring ${data.declaration.kommune} ${data.declaration.year} · Knudepunkt` : 'Hensigtserklæring · Knudepunkt' },
]

async function requireDeclaration(request: Request, id: string) {
  const user = await requirePermission(request, 'view', 'declaration')
  const row = await getDeclarationRow(id)
  if (!row) notFound('Hensigtserklæringen findes ikke.')
  assertPermission(user, 'view', 'declaration', declarationTarget(row.kommune))
  return { user, row }
}

function revisionNumber(value: string | null) {
  const n = Number(value)
  return Number.isInteger(n) && n > 0 ? n : null
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, row } = await requireDeclaration(request, params.id!)
  const [page, history, comments, mentionable, revisions] = await Promise.all([
    getDeclarationPage(row.id),
    listProcessHistory({ entityType: 'declaration', entityId: row.id, labels: declarationLabels }),
    listComments(row.id),
    listMentionable(row.kommune),
    listRevisions(row.id),
  ])
  const search = new URL(request.url).searchParams
  const from = revisionNumber(search.get('fra'))
  const to = revisionNumber(search.get('til'))
  const fromRevision = revisions.find((r) => r.revision === from)
  const toRevision = revisions.find((r) => r.revision === to)
  return {
    declaration: {
      id: row.id,
      year: row.year,
      state: row.state,
      version: row.version,
      agreementVersion: row.context.agreementVersion,
      signatures: row.context.signatures,
      content: row.content,
      contentRevision: row.contentRevision,
      kommune: row.kommune.name,
      les: page?.kommune.les?.name ?? null,
      keyAccountManager: page?.kommune.keyAccountManager?.name ?? null,
      renewedFrom: page?.renewedFrom ?? null,
      renewedTo: page?.renewedTo ?? null,
    },
    partyNames: {
      KOMMUNE: page?.kommune.organisation.name ?? '',
      LES: page?.kommune.les?.name ?? 'Ingen LES registreret',
      ERHVERVSHUS: 'Erhvervshus Sydjylland',
    } satisfies Record<Party, string>,
    missing: row.state === 'inDialogue' || row.state === 'draft' ? missingContent(row.content) : [],
    allowed: allowedEvents(declarationProcess, row, user),
    canEdit: canEditContent(user, row),
    canComment: canTakePart(user, row.kommune),
    history,
    comments,
    mentionable,
    revisions: revisions.map((r) => ({ revision: r.revision, createdAt: r.createdAt, author: r.author })),
    compare: fromRevision && toRevision ? { from: fromRevision.revision, to: toRevision.revision, diff: diffContent(parseContent(fromRevision.content), parseContent(toRevision.content)) } : null,
  }
}

const TransitionSchema = z.object({
  intent: z.literal('transition'),
  event: z.enum(DECLARATION_EVENTS, { error: 'Ukendt skridt.' }),
  version: versionField,
  reason: z.string().trim().max(2000, { error: 'Begrundelsen må højst være 2000 tegn.' }).optional(),
})

const CommentSchema = z.object({
  intent: z.literal('comment'),
  body: z.string().trim().min(1, { error: 'Skriv en kommentar.' }).max(4000, { error: 'Kommentaren må højst være 4000 tegn.' }),
})

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, row } = await requireDeclaration(request, params.id!)
  const formData = await request.formData()
  const intent = formData.get('intent')

  if (intent === 'transition') {
    const parsed = TransitionSchema.safeParse(Object.fromEntries(formData))
    if (!parsed.success) return data({ ok: false, message: parsed.error.issues[0]?.message ?? 'Ugyldig forespørgsel.' }, { status: 400 })
    try {
      const { event, version, reason } = parsed.data
      await transitionDeclaration({ id: row.id, type: event, reason, expectedVersion: version, actor: user })
      return data({ ok: true, message: `${declarationLabels.events[event]?.label ?? event}: udført.` })
    } catch (error) {
      if (error instanceof AlreadySignedError) return data({ ok: false, message: 'Din part har allerede underskrevet denne version af erklæringen.' }, { status: 409 })
      return replyToTransitionError(error, declarationLabels)
    }
  }

  if (intent === 'comment') {
    if (!canTakePart(user, row.kommune)) assertPermission(user, 'update', 'declaration', declarationTarget(row.kommune))
    const parsed = CommentSchema.safeParse(Object.fromEntries(formData))
    if (!parsed.success) return data({ ok: false, commentError: parsed.error.issues[0]?.message ?? 'Ugyldig kommentar.' }, { status: 400 })
    await addComment({ actor: user, id: row.id, body: parsed.data.body })
    return data({ ok: true, message: null })
  }

  // Saving the content.
  assertPermission(user, 'update', 'declaration', declarationTarget(row.kommune))
  const submission = parseWithZod(formData, { schema: ContentFormSchema })
  if (submission.status !== 'success') return invalid(submission)
  const { intent: _intent, contentRevision, ...content } = submission.value
  try {
    const saved = await saveContent({ actor: user, id: row.id, contentRevision, content })
    return data({ ok: true, message: `Indholdet er gemt som version ${saved.revision}.`, savedRevision: saved.revision })
  } catch (error) {
    if (error instanceof StaleVersionError) return data({ result: submission.reply({ formErrors: [STALE_MESSAGE] }), stale: true }, { status: 409 })
    if (error instanceof NotEditableError) {
      return data({ result: submission.reply({ formErrors: ['Indholdet kan ikke ændres, mens erklæringen er sendt til underskrift eller aktiv. Genåbn den først.'] }) }, { status: 409 })
    }
    throw error
  }
}

/** Keyed by record, so state kept while editing one record never carries over to the next. */
export default function DeclarationPage() {
  const id = useLoaderData<typeof loader>().declaration.id
  return <DeclarationView key={id} />
}

function DeclarationView() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  useLiveTopics([`declaration:${d.declaration.id}`])
  useActionToast(actionData)
  const { declaration } = d
  const formResult = actionData && 'result' in actionData ? actionData.result : undefined
  // Sticky: a later live reload clears action data, and the form must not remount then.
  const savedRevision = useStickyValue(actionData && 'savedRevision' in actionData ? Number(actionData.savedRevision) : null)

  return (
    <Stack>
      <Anchor component={Link} to={`/hensigtserklaeringer?aar=${declaration.year}`} size="sm">
        ← Alle hensigtserklæringer {declaration.year}
      </Anchor>
      <PageHeader
        title={`${declaration.kommune} · ${declaration.year}`}
        description={
          <>
            Hensigtserklæring mellem {d.partyNames.KOMMUNE}, {declaration.les ?? 'LES'} og Erhvervshus Sydjylland · key account manager{' '}
            {declaration.keyAccountManager ?? 'ikke udpeget'}
          </>
        }
        actions={
          <>
            <DeclarationStateBadge state={declaration.state} />
            {declaration.agreementVersion > 1 ? <Badge variant="outline" tt="none">Aftaleversion {declaration.agreementVersion}</Badge> : null}
            <Button component={Link} to={`/hensigtserklaeringer/${declaration.id}/print`} variant="default" leftSection={<IconPrinter size={16} />} reloadDocument>
              Udskriv
            </Button>
          </>
        }
      />
      <DeclarationTabs />
      {declaration.renewedFrom || declaration.renewedTo ? (
        <Text size="sm">
          {declaration.renewedFrom ? (
            <>
              Fornyet fra <Anchor component={Link} to={`/hensigtserklaeringer/${declaration.renewedFrom.id}`}>{declaration.renewedFrom.year}</Anchor>.{' '}
            </>
          ) : null}
          {declaration.renewedTo ? (
            <>
              Fornyet til <Anchor component={Link} to={`/hensigtserklaeringer/${declaration.renewedTo.id}`}>{declaration.renewedTo.year}</Anchor>.
            </>
          ) : null}
        </Text>
      ) : null}
      <MissingList title="Før erklæringen kan sendes til underskrift, mangler:" items={d.missing} />
      <ProcessMap machine={declarationMachine} labels={declarationLabels} current={declaration.state} allowed={d.allowed} version={declaration.version} history={d.history} />
      <Signatures signatures={declaration.signatures} partyNames={d.partyNames} />
      {d.canEdit ? (
        <ContentForm
          content={declaration.content}
          revision={declaration.contentRevision}
          savedRevision={savedRevision}
          latestRevision={declaration.contentRevision}
          lastResult={formResult}
        />
      ) : (
        <ContentView content={declaration.content} revision={declaration.contentRevision} />
      )}
      <Dialogue comments={d.comments} mentionable={d.mentionable} canComment={d.canComment} error={actionData && 'commentError' in actionData ? actionData.commentError : null} />
      <Revisions revisions={d.revisions} from={d.compare?.from ?? null} to={d.compare?.to ?? null} diff={d.compare?.diff ?? null} />
    </Stack>
  )
}
