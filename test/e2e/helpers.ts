import { expect, type Browser, type Page } from '@playwright/test'
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
export async function inviteUser(admin: Page, user: { name: string; email: string; organisation: string; role: string }) {
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
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage()
  await logIn(page, email)
  return page
}

/** Clicks a next step on the process map (confirming it when it asks) and waits for its toast. */
export async function takeStep(page: Page, label: string, { confirm = false } = {}) {
  await page.getByRole('button', { name: label, exact: true }).click()
  if (confirm) await page.getByRole('dialog', { name: label }).getByRole('button', { name: label }).click()
  await expect(page.getByText(`${label}: udført.`).last()).toBeVisible()
}
