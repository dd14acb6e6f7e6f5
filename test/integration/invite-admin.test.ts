import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { findValidPasswordToken, setPasswordWithToken } from '~/models/user.server.ts'
import { login } from '~/utils/auth.server.ts'
import { db } from '~/utils/db.server.ts'
import { inviteAdministrator } from '../../scripts/invite-admin-lib.ts'

/** The token at the end of the printed link. */
function tokenIn(lines: string[]) {
  const match = lines.join('\n').match(/\/adgangskode\/([\w-]+)$/m)
  expect(match, lines.join('\n')).not.toBeNull()
  return match![1]!
}

describe('npm run invite-admin: the first administrator of a production database', () => {
  it('creates an administrator of the Erhvervshus without a password and prints a link that lets them choose one and log in', async () => {
    const result = await inviteAdministrator(['--email', 'Forste.Admin@EHSYD.dk', '--navn', 'Første Admin'])
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.lines[0]).toBe('Første Admin (forste.admin@ehsyd.dk) er oprettet som administrator i Erhvervshus Sydjylland.')
    const user = await db.user.findUniqueOrThrow({ where: { email: 'forste.admin@ehsyd.dk' }, include: { memberships: { include: { organisation: true } } } })
    expect(user.passwordHash).toBeNull()
    expect(user.memberships.map((m) => [m.roleKey, m.organisation.kind])).toEqual([['ADMIN', 'ERHVERVSHUS']])
    const token = tokenIn(result.lines)
    expect((await findValidPasswordToken(token))?.userId).toBe(user.id)
    await setPasswordWithToken({ token, password: 'lang og sikker kodesætning 2026' })
    const loggedIn = await login({ email: 'forste.admin@ehsyd.dk', password: 'lang og sikker kodesætning 2026', ip: '203.0.113.9' })
    expect(loggedIn.ok).toBe(true)
    // In the audit log without an actor: the command line.
    const audit = await db.auditEntry.findFirstOrThrow({ where: { entityType: 'user', entityId: user.id, action: 'CREATE' } })
    expect(audit.actorId).toBeNull()
  })

  it('gives an existing user the administrator role and a fresh link; earlier unused links stop working', async () => {
    const first = await inviteAdministrator(['--email', 'laast.ude@ehsyd.dk', '--navn', 'Låst Ude'])
    const oldToken = first.ok ? tokenIn(first.lines) : ''
    const les = await db.user.findUniqueOrThrow({ where: { email: 'les.kolding@kolding.demo' } })
    const again = await inviteAdministrator(['--email', 'les.kolding@kolding.demo', '--navn', 'ignoreres'])
    expect(again.ok && again.lines[0]).toBe(`${les.name} (les.kolding@kolding.demo) findes allerede og er administrator.`)
    expect(await db.membership.count({ where: { userId: les.id, roleKey: 'ADMIN' } })).toBe(1)
    const relink = await inviteAdministrator(['--email', 'laast.ude@ehsyd.dk', '--navn', 'Låst Ude'])
    expect(relink.ok).toBe(true)
    expect(await findValidPasswordToken(oldToken)).toBeNull()
    expect(await findValidPasswordToken(relink.ok ? tokenIn(relink.lines) : '')).not.toBeNull()
  })

  it('refuses bad input in Danish and creates nothing', async () => {
    const before = await db.user.count()
    const cases: [string[], RegExp][] = [
      [['--email', 'ikke-en-mail', '--navn', 'X'], /Skriv en gyldig e-mailadresse\./],
      [['--email', 'ny@ehsyd.dk'], /Udfyld navn \(--navn\)\./],
      [['--email', 'ny@ehsyd.dk', '--navn', 'Ny', '--organisation', 'Findes Ikke'], /Organisationen «Findes Ikke» findes ikke/],
      [['--email', 'ny@ehsyd.dk', '--navn', 'Ny', '--ukendt'], /^Brug: npm run invite-admin/],
    ]
    for (const [args, message] of cases) {
      const result = await inviteAdministrator(args)
      expect(result.ok ? 'ok' : result.message, args.join(' ')).toMatch(message)
    }
    expect(await db.user.count()).toBe(before)
  })

  it('runs as npm runs it: the link on stdout and exit 0, a refusal on stderr and exit 1', () => {
    const run = (args: string[]) =>
      spawnSync(path.resolve('node_modules/.bin/tsx'), ['scripts/invite-admin.ts', ...args], { env: { ...process.env, PUBLIC_URL: 'https://knudepunkt.example' }, encoding: 'utf8', timeout: 60_000 })
    const ok = run(['--email', 'cli.admin@ehsyd.dk', '--navn', 'Cli Admin'])
    expect(ok.status, ok.stderr).toBe(0)
    expect(ok.stdout).toMatch(/^https:\/\/knudepunkt\.example\/adgangskode\/[\w-]+$/m)
    const refused = run(['--email', 'cli.admin@ehsyd.dk'])
    expect(refused.status).toBe(1)
    expect(refused.stderr).toContain('Udfyld navn (--navn).')
  })
})
