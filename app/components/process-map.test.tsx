// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core'
import { createRemixStub } from '@remix-run/testing'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { reviewLabels, reviewMachine } from '../../test/fixtures/review-machine.ts'
import { ProcessMap, type HistoryEntry } from './process-map.tsx'

beforeAll(() => {
  // jsdom lacks these browser APIs that Mantine uses.
  window.matchMedia ??= ((query: string) => ({ matches: false, media: query, onchange: null, addEventListener() {}, removeEventListener() {}, addListener() {}, removeListener() {}, dispatchEvent: () => false })) as typeof window.matchMedia
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
})
afterEach(cleanup)

const history: HistoryEntry[] = [
  { id: '2', at: '2026-11-27T13:30:00Z', actorName: 'Lone Lund', kind: 'transition', title: 'Indsend: Kladde → Indsendt' },
  { id: '1', at: '2026-11-26T09:00:00Z', actorName: null, kind: 'audit', title: 'Oprettet' },
]

function renderMap(props: { current: string; allowed: string[] }) {
  const Stub = createRemixStub([
    {
      path: '/',
      Component: () => (
        <MantineProvider>
          <ProcessMap machine={reviewMachine} labels={reviewLabels} version={4} history={history} {...props} />
        </MantineProvider>
      ),
    },
  ])
  return render(<Stub />)
}

describe('ProcessMap', () => {
  it('draws every state from the machine in order and marks the current one', () => {
    renderMap({ current: 'submitted', allowed: [] })
    const states = screen.getByRole('list', { name: 'Tilstande for gennemgang' })
    expect(within(states).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['Kladde', 'Indsendt', 'Afvist', 'Godkendt'])
    expect(within(states).getByText('Indsendt').closest('[aria-current="step"]')).not.toBeNull()
    expect(within(states).getByText('Kladde').closest('[aria-current="step"]')).toBeNull()
  })

  it('shows one button per allowed next step, carrying the event and the version', () => {
    const { container } = renderMap({ current: 'submitted', allowed: ['APPROVE'] })
    const button = screen.getByRole('button', { name: 'Godkend' })
    const form = button.closest('form')!
    expect(new FormData(form).get('event')).toBe('APPROVE')
    expect(new FormData(form).get('version')).toBe('4')
    expect(screen.queryByRole('button', { name: 'Afvis' })).toBeNull()
    expect(container.textContent).toContain('Nu: Indsendt')
  })

  it('asks for a reason before an event that needs one', async () => {
    renderMap({ current: 'submitted', allowed: ['REJECT'] })
    fireEvent.click(screen.getByRole('button', { name: 'Afvis' }))
    const dialog = await screen.findByRole('dialog', { name: 'Afvis' })
    expect((within(dialog).getByLabelText(/Begrundelse/) as HTMLTextAreaElement).required).toBe(true)
  })

  it('says so when the user cannot move the case on', () => {
    renderMap({ current: 'approved', allowed: [] })
    expect(screen.getByText('Du kan ikke flytte sagen videre herfra.')).toBeTruthy()
  })

  it('lists the history newest first with person and Danish time', () => {
    renderMap({ current: 'submitted', allowed: [] })
    const items = within(screen.getByLabelText('Historik')).getAllByText(/kl\./)
    expect(items.map((item) => item.textContent)).toEqual(['27.11.2026 kl. 14:30 · Lone Lund', '26.11.2026 kl. 10:00 · Systemet'])
  })
})
