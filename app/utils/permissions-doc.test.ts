import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { renderPermissionTable } from './permissions-doc.ts'

describe('docs/permissions.md', () => {
  it('shows the permission table exactly as the code has it', () => {
    const doc = readFileSync('docs/permissions.md', 'utf8')
    expect(doc, 'run `npx tsx scripts/permissions-doc.ts`').toContain(renderPermissionTable())
  })
})
