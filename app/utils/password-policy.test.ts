import fs from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '../../prisma/demo-accounts.js'
import { commonPasswordCount, isCommonPassword } from './common-passwords.server.ts'
import {
  choosePasswordSchema,
  PASSWORD_MESSAGES,
  passwordProblems,
  type PasswordRules,
} from './password-policy.ts'

const birgit: PasswordRules = {
  owner: { name: 'Birgit Billund', email: 'b.billund@billund.dk' },
  isCommon: isCommonPassword,
}

describe('the shipped common-password list', () => {
  it('is the whole list from the package, one password a line, most common first', () => {
    const lines = fs
      .readFileSync(new URL('../data/common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
    expect(lines.slice(0, 3)).toEqual(['123456', 'password', '12345678'])
    expect(lines.at(-1)).toBe('')
    expect(lines.slice(0, -1).filter((line) => line.trim() === '')).toEqual([])
    expect(commonPasswordCount()).toBe(49_233)
  })

  it('knows common passwords that are long enough to pass the length rule', () => {
    for (const password of [
      '1qaz2wsx3edc',
      'qwerty123456',
      'administrator',
      'leavemealone',
      'sonyericsson',
    ]) {
      expect(isCommonPassword(password), password).toBe(true)
    }
  })

  it('ignores case and spaces around the password', () => {
    expect(isCommonPassword('  QWERTY123456 ')).toBe(true)
    expect(isCommonPassword('Administrator\t')).toBe(true)
  })

  it('does not refuse what is not on it', () => {
    expect(isCommonPassword('qwerty123456 kaffe')).toBe(false)
    expect(isCommonPassword(DEMO_PASSWORD)).toBe(false)
  })
})

describe('password rules', () => {
  it('accepts a long password that is neither common nor personal', () => {
    expect(passwordProblems('tre grønne kaffekopper', birgit)).toEqual([])
  })

  it('keeps every password the seed, the README and the tests choose acceptable', () => {
    const chosen: [string, PasswordRules['owner']][] = [
      [DEMO_PASSWORD, { name: 'Anne Admin', email: 'admin@knudepunkt.demo' }],
      ['billund-er-dejligt', { name: 'Birgit Billund', email: 'birgit@billund.dk' }], // test/e2e/admin.spec.ts
      ['vejen-vejen-vejen', { name: 'Dennis Deaktiv', email: 'dennis@vejen.dk' }], // test/e2e/admin.spec.ts
      ['en-lang-adgangskode', { name: 'Nina Ny', email: 'ny@aabenraa.dk' }], // test/integration/admin.test.ts
    ]
    for (const [password, owner] of chosen)
      expect(passwordProblems(password, { owner, isCommon: isCommonPassword }), password).toEqual(
        [],
      )
  })

  it('needs 12 characters, not counting spaces around it, and counts letters, not code units', () => {
    expect(passwordProblems('elleve tegn', birgit)).toEqual([PASSWORD_MESSAGES.tooShort])
    expect(passwordProblems('   elleve tegn   ', birgit)).toEqual([PASSWORD_MESSAGES.tooShort])
    expect(passwordProblems('tolv tegn ok', birgit)).toEqual([])
    // Eleven emoji are 22 UTF-16 code units but eleven characters.
    expect(passwordProblems('🐟'.repeat(11), birgit)).toEqual([PASSWORD_MESSAGES.tooShort])
    expect(passwordProblems('🐟'.repeat(12), birgit)).toEqual([])
  })

  it('allows 200 characters and no more', () => {
    expect(passwordProblems('æ'.repeat(200), birgit)).toEqual([])
    expect(passwordProblems('æ'.repeat(201), birgit)).toEqual([PASSWORD_MESSAGES.tooLong])
  })

  it('refuses a common password, also in capitals or with spaces around it', () => {
    for (const password of ['qwerty123456', 'QWERTY123456', '  qwerty123456  ']) {
      expect(passwordProblems(password, birgit), password).toEqual([PASSWORD_MESSAGES.common])
    }
  })

  it('refuses a short common password for both reasons', () => {
    expect(passwordProblems('password', birgit)).toEqual([
      PASSWORD_MESSAGES.tooShort,
      PASSWORD_MESSAGES.common,
    ])
  })

  it('refuses the e-mail local part as the password or inside it, whatever the case and punctuation', () => {
    for (const password of [
      'b.billund-2024-sommer',
      'BBILLUND sommerhus',
      'mit-navn-er-b_billund!',
    ]) {
      expect(passwordProblems(password, birgit), password).toEqual([
        PASSWORD_MESSAGES.containsEmail,
      ])
    }
  })

  it('refuses the name as the password or inside it', () => {
    for (const password of ['Birgit Billund 2024', 'birgitbillund!!', 'jeg-er-birgit-billund']) {
      expect(passwordProblems(password, birgit), password).toEqual([PASSWORD_MESSAGES.containsName])
    }
  })

  it('checks a very short local part only as the whole password', () => {
    const ny: PasswordRules = {
      owner: { name: 'Nina Ny', email: 'ny@aabenraa.dk' },
      isCommon: isCommonPassword,
    }
    expect(passwordProblems('nye ideer hver dag', ny)).toEqual([])
  })

  it('leaves the list to the server: without isCommon a common password passes the browser check', () => {
    expect(passwordProblems('qwerty123456', { owner: birgit.owner })).toEqual([])
  })
})

describe('the set-password form schema', () => {
  function parse(values: Record<string, unknown>, rules: PasswordRules = birgit) {
    const result = choosePasswordSchema(rules).safeParse(values)
    return result.success
      ? { ok: true as const }
      : {
          ok: false as const,
          issues: result.error.issues.map((i) => [i.path.join('.'), i.message]),
        }
  }

  it('accepts an acceptable password typed twice', () => {
    expect(
      parse({ password: 'tre grønne kaffekopper', confirm: 'tre grønne kaffekopper' }),
    ).toEqual({ ok: true })
  })

  it('puts every broken rule on the password field, in Danish', () => {
    expect(parse({ password: 'Birgit Billund', confirm: 'Birgit Billund' })).toEqual({
      ok: false,
      issues: [['password', PASSWORD_MESSAGES.containsName]],
    })
    expect(parse({ password: 'qwerty123456', confirm: 'qwerty123456' })).toEqual({
      ok: false,
      issues: [['password', PASSWORD_MESSAGES.common]],
    })
  })

  it('says when the two do not match', () => {
    expect(parse({ password: 'tre grønne kaffekopper', confirm: 'tre grønne kaffekoppe' })).toEqual(
      { ok: false, issues: [['confirm', PASSWORD_MESSAGES.mismatch]] },
    )
  })

  it('asks for a password when none is sent', () => {
    expect(parse({ confirm: 'x' })).toEqual({
      ok: false,
      issues: [['password', PASSWORD_MESSAGES.required]],
    })
  })
})
