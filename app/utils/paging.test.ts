import { describe, expect, it } from 'vitest'
import { moreRows, ROWS_MAX, ROWS_STEP, shownRows } from './paging.ts'

const url = (query: string) => new URL(`http://localhost/virksomheder${query}`)

describe('paging', () => {
  it('shows 25 rows unless the URL asks for more, and never more than 200', () => {
    expect(shownRows(url(''))).toBe(ROWS_STEP)
    expect(shownRows(url('?antal=75'))).toBe(75)
    expect(shownRows(url('?antal=100000'))).toBe(ROWS_MAX)
  })

  it('ignores what is not a whole number above the step', () => {
    for (const bad of ['?antal=abc', '?antal=-5', '?antal=10', '?antal=30.5', '?antal=']) expect(shownRows(url(bad))).toBe(ROWS_STEP)
  })

  it('asks for two more pages at a time, up to the limit', () => {
    expect(moreRows(25)).toBe(75)
    expect(moreRows(175)).toBe(ROWS_MAX)
  })
})
