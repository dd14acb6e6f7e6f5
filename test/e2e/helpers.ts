import { expect, test, type Browser, type Page } from '@playwright/test'
import { DEMO_PASSWORD } from '../../prisma/demo-accounts.js'

export async function logIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await page.getByLabel('E-mail').fill(email)
  await page.getByLabel('Adgangskode').fill(password)
  await page.getByRole('button', { name: 'Log ind' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Goddag')
}

export function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'Hovedmenu' })
}

/** The admin invites a user through the form and returns the one-time link. */
export async function inviteUser(
  admin: Page,
  user: { name: string; email: string; organisation: string; role: string },
) {
  await admin.goto('/admin/brugere/ny')
  await admin.getByLabel('Navn').fill(user.name)
  await admin.getByLabel('E-mail').fill(user.email)
  await admin.getByLabel('Organisation').selectOption({ label: user.organisation })
  await admin.getByRole('checkbox', { name: user.role }).check()
  await admin.getByRole('button', { name: 'Invitér' }).click()
  return (await admin.getByTestId('password-link').textContent())!.trim()
}

/** The invited user opens the link, chooses a password and logs in. */
export async function acceptInvite(page: Page, link: string, email: string, password: string) {
  await page.goto(new URL(link).pathname)
  await page.getByLabel('Ny adgangskode').fill(password)
  await page.getByLabel('Gentag adgangskoden').fill(password)
  await page.getByRole('button', { name: 'Gem adgangskode' }).click()
  await expect(page.getByText('Din adgangskode er gemt. Log ind med den.')).toBeVisible()
  await logIn(page, email, password)
}

/** A fresh browser context, logged in as this demo user. */
export async function pageAs(browser: Browser, email: string): Promise<Page> {
  const page = await (
    await browser.newContext({ viewport: { width: 1400, height: 900 } })
  ).newPage()
  await logIn(page, email)
  return page
}

/** Clicks a next step on the process map (confirming it when it asks) and waits for its toast. */
export async function takeStep(page: Page, label: string, { confirm = false } = {}) {
  await page.getByRole('button', { name: label, exact: true }).click()
  if (confirm)
    await page.getByRole('dialog', { name: label }).getByRole('button', { name: label }).click()
  await expect(page.getByText(`${label}: udført.`).last()).toBeVisible()
}

/** The page is hydrated and its live connection is up (so it hears about changes from now on). */
export async function live(page: Page) {
  await expect(page.locator('[data-status="connected"]')).toBeVisible()
}

/** Marks the page, so `expectNotReloaded` can tell a live update from a reload. */
export async function setMarker(page: Page) {
  await page.evaluate(() => ((window as unknown as { __marker: number }).__marker = 1))
}

export async function expectNotReloaded(page: Page) {
  expect(
    await page.evaluate(() => (window as unknown as { __marker?: number }).__marker),
    `${page.url()} must not have reloaded`,
  ).toBe(1)
}

let serial = 0
/** A CVR no other test (or worker) uses: 8 digits, not starting with 0. */
export function uniqueCvr() {
  serial += 1
  const worker = test.info().workerIndex
  const tail = String((Date.now() * 7 + worker * 7_919 + serial * 104_729) % 10_000_000).padStart(
    7,
    '0',
  )
  return `${1 + ((worker + serial) % 9)}${tail}`
}

/** Letters only, so a name can never be confused with a number in the page and survives any encoding. */
export function uniqueToken() {
  const letters = 'BCDFGHJKLMNPQRSTVWXZ'
  let token = ''
  for (let i = 0; i < 8; i++) token += letters[Math.floor(Math.random() * letters.length)]
  return token
}

/** "2026-11-27" in Copenhagen. */
export const copenhagenDate = (date: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen' }).format(date)
export const inDays = (days: number) =>
  copenhagenDate(new Date(Date.now() + days * 24 * 60 * 60 * 1000))

export type TestCompany = { id: string; name: string; cvr: string; token: string }

/** les.kolding (or another LES user) registers a fresh Kolding company at /virksomheder/ny and lands on its page. */
export async function registerCompany(page: Page, namePrefix: string): Promise<TestCompany> {
  const token = uniqueToken()
  const company = { name: `${namePrefix} ${token} ApS`, cvr: uniqueCvr(), token }
  await page.goto('/virksomheder/ny')
  await page.getByLabel('Navn').fill(company.name)
  await page.getByLabel('CVR-nummer').fill(company.cvr)
  await expect(page.getByLabel('Kommune')).toHaveValue(/.+/) // preselected: the LES's own kommune
  await page.getByLabel('Kommune').selectOption({ label: 'Kolding' })
  await page.getByLabel('Segment').selectOption({ label: 'Vækstvirksomhed' })
  await page.getByRole('button', { name: 'Registrér', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: company.name })).toBeVisible()
  await expect(page.getByText('Jeres virksomhed')).toBeVisible()
  await expect(page.getByText('Intet aktivt samtykke.')).toBeVisible()
  return { ...company, id: new URL(page.url()).pathname.split('/').pop()! }
}

/** From the company page: "Nyt forløb" with the company preselected, one topic; returns the case id. */
export async function createCase(page: Page, company: TestCompany, title: string, topic: string) {
  await page.goto(`/virksomheder/${company.id}`)
  await live(page)
  await page.getByRole('link', { name: 'Nyt forløb' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Nyt forløb' })).toBeVisible()
  await expect(page.getByRole('textbox', { name: 'Virksomhed', exact: true })).toHaveValue(
    new RegExp(company.name),
  )
  await page.getByLabel('Titel').fill(title)
  await page.getByRole('checkbox', { name: topic, exact: true }).check()
  await page.getByRole('button', { name: 'Opret forløb' }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await expect(page.getByRole('link', { name: company.name })).toBeVisible()
  return new URL(page.url()).pathname.split('/').pop()!
}
