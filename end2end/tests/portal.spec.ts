import { expect, test } from '@playwright/test';
import { settle, signIn } from './helpers';

test('portal user sees only own requests, and another company\'s request is a 404 without its title', async ({ browser, page }, info) => {
  // bob (GLOBEX-02) finds the address of one of his requests.
  const bobContext = await browser.newContext({ javaScriptEnabled: info.project.name === 'hydrated' });
  const bob = await bobContext.newPage();
  await signIn(bob, info, '/portal/login', 'bob');
  await bob.goto('/portal?scope=mine&class=all');
  const bobLink = bob.getByRole('link', { name: /^\d{16}$/ }).first();
  const bobHref = await bobLink.getAttribute('href');
  const bobTitle = (await bob.locator('tbody tr').first().locator('td').nth(1).textContent()) ?? '';
  expect(bobHref).toMatch(/^\/portal\/requests\/\d+$/);
  await bobContext.close();

  await signIn(page, info, '/portal/login', 'anna');
  await expect(page.getByRole('heading', { level: 1, name: 'My requests' })).toBeVisible();
  await page.goto('/portal?scope=mine&class=all');
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

test('my and company requests with their counts; no company requests without the permission', async ({ page }, info) => {
  await signIn(page, info, '/portal/login', 'anna');
  const filters = page.getByRole('navigation', { name: 'Filter by state' });
  const count = async (label: string) =>
    Number(await filters.getByRole('link', { name: new RegExp(`^${label} \\d+$`) }).locator('.count').textContent());
  await expect(filters.getByRole('link', { name: /^Open \d+$/ })).toHaveAttribute('aria-current', 'page');
  const [open, closed, all] = [await count('Open'), await count('Closed'), await count('All')];
  expect(all).toBe(open + closed);
  await expect(page.locator('tbody tr')).toHaveCount(Math.min(open, 20));

  await page.getByRole('navigation', { name: 'Whose requests' }).getByRole('link', { name: 'Company requests' }).click();
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1, name: 'Company requests' })).toBeVisible();
  await expect(page.getByText('Requests of Acme Corporation')).toBeVisible();
  const companyOpen = await count('Open');
  expect(companyOpen).toBeGreaterThanOrEqual(open);
  await expect(page.locator('tbody tr')).toHaveCount(Math.min(companyOpen, 20));
  await expect(page.getByRole('columnheader', { name: 'Raised by' })).toBeVisible();

  await signIn(page, info, '/portal/login', 'bob');
  await expect(page.getByRole('heading', { level: 1, name: 'My requests' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Company requests' })).toHaveCount(0);
  const response = await page.goto('/portal?scope=company&class=all');
  expect(response?.status()).toBe(404);
});

test('the portal\'s Contracts: the organization\'s active contracts and what they cover, nothing internal', async ({ page }, info) => {
  // carl may view ACME-01's requests but not GLOBEX-02's.
  await signIn(page, info, '/portal/login', 'carl');
  await page.getByRole('navigation', { name: 'Portal' }).getByRole('link', { name: 'Contracts' }).click();
  await expect(page).toHaveURL(/\/portal\/contracts$/);
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1, name: 'Contracts' })).toBeVisible();
  const list = page.getByRole('list', { name: 'Active contracts' });
  const acme = list.getByRole('listitem', { name: 'C-00001-1' });
  await expect(acme).toContainText('Acme Corporation (ACME-01)');
  await expect(acme).toContainText('SN-00000011');
  await expect(page.locator('main')).not.toContainText('C-00002-');
  await expect(page.locator('main')).not.toContainText('C-00001-2');
  for (const internal of ['Internal only', 'Liability', 'Customer since', 'EUR', 'USD', 'GBP', 'CHF']) {
    await expect(page.locator('main')).not.toContainText(internal);
  }
  // bob has no "may view organization requests": nothing to show, said plainly.
  await page.context().clearCookies();
  await signIn(page, info, '/portal/login', 'bob');
  await page.goto('/portal/contracts');
  await settle(page, info);
  await expect(page.getByText('No active contracts to show.')).toBeVisible();
});
