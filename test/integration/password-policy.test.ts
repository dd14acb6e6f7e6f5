// The password policy where a password is chosen: the set-password page of the one-time link
// (app/routes/adgangskode.$token.tsx) and the model behind it. A refused password is a 400 with a
// Danish field error, sets nothing and leaves the link usable; an acceptable one logs in.
import { describe, expect, it } from 'vitest'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../prisma/demo-accounts.js'
import { inviteUser, setPasswordWithToken } from '~/models/user.server.ts'
import * as setPasswordRoute from '~/routes/adgangskode.$token.tsx'
import { login } from '~/utils/auth.server.ts'
import { isCommonPassword } from '~/utils/common-passwords.server.ts'
import { db } from '~/utils/db.server.ts'
import {
  PASSWORD_MESSAGES,
  PasswordPolicyError,
  passwordProblems,
} from '~/utils/password-policy.ts'
import { callAction } from '../support/route-calls.ts'

let invited = 0

/** A new user with a fresh set-password link, as an admin makes one. */
async function invite(name: string, email: string) {
  const admin = await db.user.findUniqueOrThrow({ where: { email: 'admin@knudepunkt.demo' } })
  const organisation = await db.organisation.findUniqueOrThrow({
    where: { name: 'Business Kolding' },
  })
  invited += 1
  const { user, token } = await inviteUser({
    actorId: admin.id,
    values: {
      email,
      name,
      title: null,
      team: null,
      organisationId: organisation.id,
      roles: ['LES_STAFF'],
      kommuneIds: [],
    },
  })
  return { user, token, ip: `10.77.0.${invited}` }
}

function choose(token: string, password: string, confirm = password) {
  return callAction(setPasswordRoute, {
    path: `/adgangskode/${token}`,
    cookie: '',
    params: { token },
    form: { password, confirm },
  })
}

/** Nothing was set: no hash, the link unused, no audit entry saying it was. */
async function expectNothingSet(userId: string) {
  expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).passwordHash).toBeNull()
  expect(await db.passwordToken.count({ where: { userId, usedAt: null } })).toBe(1)
  expect(await db.auditEntry.count({ where: { entityId: userId, action: 'SET_PASSWORD' } })).toBe(0)
}

describe('choosing a password from the one-time link', () => {
  it('refuses each kind of weak password with its Danish message, sets nothing and never echoes the password', async () => {
    const { user, token } = await invite('Hanne Holm', 'hanne.holm@kolding.dk')
    const refused: [string, string][] = [
      ['kort kode', PASSWORD_MESSAGES.tooShort],
      ['qwerty123456', PASSWORD_MESSAGES.common],
      ['  Administrator ', PASSWORD_MESSAGES.common],
      ['hanne.holm-er-bedst', PASSWORD_MESSAGES.containsEmail],
      ['Hanne Holm 1975!', PASSWORD_MESSAGES.containsName],
      ['x'.repeat(201), PASSWORD_MESSAGES.tooLong],
    ]
    for (const [password, message] of refused) {
      const reply = await choose(token, password)
      expect(reply.status, password).toBe(400)
      expect(
        JSON.parse(reply.body.slice(reply.body.indexOf('\n') + 1)).result.error.password,
        password,
      ).toContain(message)
      expect(reply.body, password).not.toContain(password.trim())
    }
    await expectNothingSet(user.id)
  })

  it('refuses two different passwords', async () => {
    const { user, token } = await invite('Ib Iversen', 'ib@kolding.dk')
    const reply = await choose(token, 'tre grønne kaffekopper', 'tre grønne kaffekopper!')
    expect(reply.status).toBe(400)
    expect(reply.body).toContain(PASSWORD_MESSAGES.mismatch)
    await expectNothingSet(user.id)
  })

  it('accepts a good password after a refused one, and the user logs in with it', async () => {
    const { user, token, ip } = await invite('Jens Juhl', 'jens.juhl@kolding.dk')
    expect((await choose(token, 'password1234')).status).toBe(400)
    const reply = await choose(token, 'tre grønne kaffekopper')
    expect(reply).toMatchObject({ status: 302, location: '/login?passwordSet=1' })
    expect((await login({ email: user.email, password: 'tre grønne kaffekopper', ip })).ok).toBe(
      true,
    )
    expect(
      await db.auditEntry.count({ where: { entityId: user.id, action: 'SET_PASSWORD' } }),
    ).toBe(1)
    // The link is spent: a second choice is refused as expired, whatever the password.
    expect((await choose(token, 'fire blå kaffekopper')).status).toBe(410)
    expect((await choose(token, 'qwerty123456')).status).toBe(410)
  })

  it('checks the policy in the model too, so no caller can set a weak password', async () => {
    const { user, token } = await invite('Karin Kok', 'karin.kok@kolding.dk')
    const error = await setPasswordWithToken({ token, password: 'qwerty123456' }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(PasswordPolicyError)
    expect((error as PasswordPolicyError).problems).toEqual([PASSWORD_MESSAGES.common])
    expect(
      await setPasswordWithToken({ token, password: 'karin.kok.kode' }).catch((e: unknown) => e),
    ).toBeInstanceOf(PasswordPolicyError)
    await expectNothingSet(user.id)
    expect(await setPasswordWithToken({ token, password: 'tre grønne kaffekopper' })).toEqual({
      userId: user.id,
    })
  })
})

describe('the demo accounts', () => {
  it('keep their password, which the policy accepts for every one of them', async () => {
    for (const account of DEMO_ACCOUNTS) {
      expect(
        passwordProblems(DEMO_PASSWORD, { owner: account, isCommon: isCommonPassword }),
        account.email,
      ).toEqual([])
    }
    expect(
      (await login({ email: 'admin@knudepunkt.demo', password: DEMO_PASSWORD, ip: '10.77.1.1' }))
        .ok,
    ).toBe(true)
  })
})
