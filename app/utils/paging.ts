/**
 * Long lists show 25 rows and more on request (`?antal=`, "Vis flere"), up to 200: fifty to a
 * hundred rows of Mantine components made a page 270–430 kB and most of its render time
 * (bench/pages.ts, docs/benchmarks.md).
 */
export const ROWS_STEP = 25
export const ROWS_MAX = 200

/** How many rows the URL asks for. */
export function shownRows(url: URL) {
  const asked = Number(url.searchParams.get('antal'))
  return Number.isInteger(asked) && asked > ROWS_STEP ? Math.min(asked, ROWS_MAX) : ROWS_STEP
}

/** The next step: two more pages of rows, at most ROWS_MAX. */
export const moreRows = (shown: number) => Math.min(shown + ROWS_STEP * 2, ROWS_MAX)
