import { expect, test } from '@playwright/test';
import { settle, signIn } from './helpers';

test('portal user sees only own requests, and another company\'s request is a 404 without its title', async ({ browser, page }, info) => {
  // bob (GLOBEX-02) finds the address of one of his requests.
  const bobContext = await browser.newContext({ javaScriptEnabled: info.project.name === 'hydrated' });
  const bob = await bobContext.newPage();
  await signIn(bob, info, '/portal/login', 'bob');
  const bobLink = bob.getByRole('link', { name: /^\d{16}$/ }).first();
  const bobHref = await bobLink.getAttribute('href');
  const bobTitle = (await bob.locator('tbody tr').first().locator('td').nth(1).textContent()) ?? '';
  expect(bobHref).toMatch(/^\/portal\/requests\/\d+$/);
  await bobContext.close();

  await signIn(page, info, '/portal/login', 'anna');
  await expect(page.getByRole('heading', { level: 1, name: 'My requests' })).toBeVisible();
  const rows = page.locator('tbody tr');
  expect(await rows.count()).toBeGreaterThanOrEqual(3);
  await page.getByRole('link', { name: /^\d{16}$/ }).first().click();
  await settle(page, info);
  await expect(page.getByText(/^Request \d{16} · /)).toBeVisible();
  await expect(page.getByText('Internal:')).toHaveCount(0);

  const response = await page.goto(bobHref!);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
  if (bobTitle) await expect(page.locator('main')).not.toContainText(bobTitle);
});

test('portal: a wrong password shows an error', async ({ page }, info) => {
  await page.goto('/portal/login');
  await settle(page, info);
  await page.getByLabel('Login or email').fill('anna');
  await page.getByLabel('Password').fill('wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong login or password.');
});
