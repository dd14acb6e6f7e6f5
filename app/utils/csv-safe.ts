/**
 * A cell that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return) gets a
 * leading apostrophe, so an exported CSV can never execute anything when opened (CSV injection).
 */
export function neutraliseCell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value)
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
}
