import { z } from './validation.ts'

/**
 * The password policy (issue 11, after NIST SP 800-63B): long enough, not one of the passwords
 * attackers try first, and not built from the user's own name or e-mail. No composition rules
 * (digits, symbols): they push people towards guessable patterns without making passwords longer.
 *
 * Pure, so the browser checks what it can at once; the common-password list is only on the
 * server (common-passwords.server.ts), which passes `isCommon` in.
 */

export const PASSWORD_MIN_LENGTH = 12
/** argon2 hashes any length, but a bound keeps a hostile form from costing much. */
export const PASSWORD_MAX_LENGTH = 200

/** Shorter names or e-mail local parts are only refused as the whole password, not as a part of it. */
const MIN_PERSONAL_TOKEN_LENGTH = 3

export const PASSWORD_MESSAGES = {
  required: 'Vælg en adgangskode.',
  tooShort: `Adgangskoden skal være mindst ${PASSWORD_MIN_LENGTH} tegn.`,
  tooLong: `Adgangskoden må højst være ${PASSWORD_MAX_LENGTH} tegn.`,
  common: 'Adgangskoden er en af de mest brugte adgangskoder og gættes let. Vælg en anden.',
  containsEmail: 'Adgangskoden må ikke indeholde din e-mailadresse.',
  containsName: 'Adgangskoden må ikke indeholde dit navn.',
  confirmRequired: 'Gentag adgangskoden.',
  mismatch: 'De to adgangskoder er ikke ens.',
} as const

/** Whose password it is: the parts of it that must not appear in the password. */
export type PasswordOwner = { email: string; name: string }

export type PasswordRules = {
  owner?: PasswordOwner | null
  /** Only the server has the list; without it the check is left to the server. */
  isCommon?: (password: string) => boolean
}

/** How a password is compared with the list: case and surrounding spaces do not make it another password. */
export function normalisePassword(password: string): string {
  return password.normalize('NFKC').trim().toLowerCase()
}

/** Letters and digits only, lower case: "Birgit Billund" and "birgit.billund" are the same name. */
function compact(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '')
}

/** Characters, not UTF-16 units, and without the spaces around it. */
function visibleLength(password: string): number {
  return [...password.trim()].length
}

function containsPersonalToken(password: string, token: string): boolean {
  const candidate = compact(password)
  const needle = compact(token)
  if (needle.length === 0) return false
  return needle.length < MIN_PERSONAL_TOKEN_LENGTH
    ? candidate === needle
    : candidate.includes(needle)
}

function emailLocalPart(email: string): string {
  const at = email.lastIndexOf('@')
  return at === -1 ? email : email.slice(0, at)
}

/** Every rule the password breaks, as Danish messages in the order a person should fix them; empty when it is acceptable. */
export function passwordProblems(
  password: string,
  { owner, isCommon }: PasswordRules = {},
): string[] {
  if (password.length > PASSWORD_MAX_LENGTH) return [PASSWORD_MESSAGES.tooLong]
  const problems: string[] = []
  if (visibleLength(password) < PASSWORD_MIN_LENGTH) problems.push(PASSWORD_MESSAGES.tooShort)
  if (isCommon?.(password)) problems.push(PASSWORD_MESSAGES.common)
  if (owner && containsPersonalToken(password, emailLocalPart(owner.email)))
    problems.push(PASSWORD_MESSAGES.containsEmail)
  if (owner && containsPersonalToken(password, owner.name))
    problems.push(PASSWORD_MESSAGES.containsName)
  return problems
}

/** Thrown when a password that breaks the policy reaches the model; the form's schema refuses it first. */
export class PasswordPolicyError extends Error {
  constructor(readonly problems: string[]) {
    super(`Password refused by the policy: ${problems.join(' ')}`)
    this.name = 'PasswordPolicyError'
  }
}

export function assertPasswordAcceptable(password: string, rules: PasswordRules): void {
  const problems = passwordProblems(password, rules)
  if (problems.length > 0) throw new PasswordPolicyError(problems)
}

/** The set-password form: a new password and the same again, each rule a field error on `password`. */
export function choosePasswordSchema(rules: PasswordRules = {}) {
  return z
    .object({
      password: z.string({ error: PASSWORD_MESSAGES.required }).superRefine((password, ctx) => {
        for (const message of passwordProblems(password, rules))
          ctx.addIssue({ code: 'custom', message })
      }),
      confirm: z.string({ error: PASSWORD_MESSAGES.confirmRequired }),
    })
    .refine((v) => v.password === v.confirm, {
      error: PASSWORD_MESSAGES.mismatch,
      path: ['confirm'],
    })
}

export type PasswordChoice = z.infer<ReturnType<typeof choosePasswordSchema>>
