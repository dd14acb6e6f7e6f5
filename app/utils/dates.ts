/** Calendar dates in Europe/Copenhagen, independent of the server's own time zone. */
const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' })

/** "2026-11-27" for the Copenhagen date of this instant. */
export function copenhagenDate(instant: Date): string {
  return parts.format(instant)
}

export function copenhagenYear(instant: Date): number {
  return Number(copenhagenDate(instant).slice(0, 4))
}

/** 1–12 */
export function copenhagenMonth(instant: Date): number {
  return Number(copenhagenDate(instant).slice(5, 7))
}

/** A calendar date stored as noon UTC, so it stays the same date in every time zone. */
export function dateFromIso(isoDate: string): Date {
  return new Date(`${isoDate}T12:00:00.000Z`)
}

export const MONTH_NAMES = ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december']

/** The instant a Copenhagen calendar day begins (00:00 local time, CET or CEST). */
export function startOfCopenhagenDay(isoDate: string): Date {
  const utcMidnight = Date.parse(`${isoDate}T00:00:00.000Z`)
  for (const hours of [1, 2]) {
    const candidate = new Date(utcMidnight - hours * 60 * 60 * 1000)
    if (copenhagenDate(candidate) === isoDate && copenhagenDate(new Date(candidate.getTime() - 1)) !== isoDate) return candidate
  }
  return new Date(utcMidnight)
}

/** The day after, as "YYYY-MM-DD". */
export function nextIsoDate(isoDate: string): string {
  return new Date(Date.parse(`${isoDate}T12:00:00.000Z`) + 24 * 60 * 60 * 1000).toISOString().slice(0, 10)
}

const clock = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Copenhagen', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

/** "14:30" in Copenhagen for this instant. */
export function copenhagenTime(instant: Date): string {
  return clock.format(instant)
}

/**
 * The instant of a Copenhagen wall-clock time ("09:00") on a calendar date, across daylight
 * saving: 09:00 is 08:00 UTC in winter and 07:00 UTC in summer. A time that does not exist
 * (the skipped hour in March) falls back to the instant one hour later.
 */
export function copenhagenInstant(isoDate: string, time: string): Date {
  const [hours, minutes] = time.split(':').map(Number) as [number, number]
  const wall = Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10)), hours, minutes)
  for (const offsetHours of [1, 2]) {
    const candidate = new Date(wall - offsetHours * 60 * 60 * 1000)
    if (copenhagenDate(candidate) === isoDate && copenhagenTime(candidate) === time) return candidate
  }
  return new Date(wall - 60 * 60 * 1000)
}

/** The ISO date `days` after this one. */
export function addDaysIso(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T12:00:00.000Z`) + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10)
}
