// Rewrites the generated table in docs/permissions.md from app/utils/permissions.ts.
import { readFileSync, writeFileSync } from 'node:fs'
import { renderPermissionTable } from '../app/utils/permissions-doc.ts'

const FILE = 'docs/permissions.md'
const START = '<!-- permission-table:start -->'
const END = '<!-- permission-table:end -->'
const text = readFileSync(FILE, 'utf8')
const before = text.slice(0, text.indexOf(START) + START.length)
const after = text.slice(text.indexOf(END))
writeFileSync(FILE, `${before}\n${renderPermissionTable()}\n${after}`)
console.log(`Wrote ${FILE}.`)
