/**
 * The `where` of a newest-first list limited to kommuner (none given: all). With several kommuner,
 * `kommuneId IN (a, b) ORDER BY …` reads and sorts every row of those kommuner (~80 ms for two
 * kommuners' cases at national scale, bench/pages.ts, even with an index on (kommuneId, updatedAt,
 * id)); one index range per kommune, each cut at `take`, took 0.3 ms. The union of those holds the
 * newest `take` overall, so the caller's query, ordered and cut as before, gives the same rows in
 * the same order. It asks for the ids alone: they already match `where`, and repeating a filter
 * next to them (state = 'closed') can lead SQLite to that filter's index instead of the ids.
 */
export async function newestPerKommune<Where extends object>(
  where: Where,
  kommuneIds: string[] | undefined,
  newestIdsIn: (kommuneId: string) => Promise<{ id: string }[]>,
): Promise<Where | { AND: [Where, { kommuneId: { in: string[] } }] } | { id: { in: string[] } }> {
  if (!kommuneIds) return where
  const unique = [...new Set(kommuneIds)]
  if (unique.length <= 1) return { AND: [where, { kommuneId: { in: unique } }] }
  const perKommune = await Promise.all(unique.map(newestIdsIn))
  return { id: { in: perKommune.flat().map((row) => row.id) } }
}
