/** Danish formats in Europe/Copenhagen (docs GLOSSARY): 27. november 2026 · 27.11.2026 · 14:30 · 78,3 % · 4.790 */
const TIME_ZONE = 'Europe/Copenhagen'

const longDate = new Intl.DateTimeFormat('da-DK', { day: 'numeric', month: 'long', year: 'numeric', timeZone: TIME_ZONE })
const shortDate = new Intl.DateTimeFormat('da-DK', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: TIME_ZONE })
const time = new Intl.DateTimeFormat('da-DK', { hour: '2-digit', minute: '2-digit', hour12: false, timeZone: TIME_ZONE })
const integer = new Intl.NumberFormat('da-DK', { maximumFractionDigits: 0 })
const oneDecimal = new Intl.NumberFormat('da-DK', { minimumFractionDigits: 1, maximumFractionDigits: 1 })

type DateInput = Date | string | number

const toDate = (value: DateInput) => (value instanceof Date ? value : new Date(value))

/** 27. november 2026 */
export function formatDate(value: DateInput): string {
  return longDate.format(toDate(value))
}

/** 27.11.2026 */
export function formatShortDate(value: DateInput): string {
  return shortDate.format(toDate(value)).replace(/\//g, '.')
}

/** 14:30 */
export function formatTime(value: DateInput): string {
  return time.format(toDate(value)).replace('.', ':')
}

/** 27.11.2026 kl. 14:30 */
export function formatDateTime(value: DateInput): string {
  return `${formatShortDate(value)} kl. ${formatTime(value)}`
}

/** 4.790 */
export function formatNumber(value: number): string {
  return integer.format(value)
}

/** 78,3 % */
export function formatPercent(fraction: number): string {
  return `${oneDecimal.format(fraction * 100)} %`
}
