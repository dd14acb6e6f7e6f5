import { addDaysIso, copenhagenInstant } from './dates.ts'

const DAY = 24 * 60 * 60 * 1000

/** The occurrence dates of a series from `from` to `until` (both inclusive), as ISO dates. */
export function occurrenceDates(series: { firstDate: string; intervalDays: number }, from: string, until: string): string[] {
  const dates: string[] = []
  let date = series.firstDate
  if (date < from) {
    const days = Math.round((Date.parse(`${from}T12:00:00Z`) - Date.parse(`${date}T12:00:00Z`)) / DAY)
    date = addDaysIso(date, Math.ceil(days / series.intervalDays) * series.intervalDays)
  }
  for (; date <= until; date = addDaysIso(date, series.intervalDays)) dates.push(date)
  return dates
}

/** Start and end instants of a meeting at a Copenhagen wall-clock time (daylight saving handled). */
export function meetingTimes(date: string, startTime: string, durationMinutes: number) {
  const startsAt = copenhagenInstant(date, startTime)
  return { startsAt, endsAt: new Date(startsAt.getTime() + durationMinutes * 60 * 1000) }
}
