import { expect, test } from '@playwright/test';
import { settle, signIn } from './helpers';

test('search without typing live: the results list companies and customer users', async ({ page }, info) => {
  await signIn(page, info, '/login', 'agent');
  await page.goto('/?q=acme');
  await settle(page, info);
  const results = page.getByRole('listbox', { name: 'Search results' });
  await expect(results.getByRole('option').first()).toHaveText(/^Acme Corporation \(ACME-01\)/);
  await expect(results.getByRole('option', { name: /^Anna Anders \(anna, anna@acme.example\)/ })).toBeVisible();
});

test('the CIC shows the company and its status counts', async ({ page }, info) => {
  await signIn(page, info, '/login', 'agent');
  const response = await page.goto('/customers/ACME-01');
  expect(response?.status()).toBe(200);
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Customer Information Center — Acme Corporation (ACME-01)');
  const status = page.getByRole('region', { name: 'Company Status' });
  const count = async (label: string) => {
    const link = status.getByRole('link', { name: new RegExp(`^${label} \\d+$`) });
    await expect(link).toHaveAttribute('href', /\/tickets\?company=ACME-01&/);
    return Number((await link.locator('.count').textContent()) ?? 'NaN');
  };
  const [escalated, open, closed, all] = [await count('Escalated'), await count('Open'), await count('Closed'), await count('All')];
  // The demo generator gives ACME-01 10 % of 2,000 tickets, about 85 % of them closed.
  expect(all).toBe(open + closed);
  expect(open).toBeGreaterThan(0);
  expect(closed).toBeGreaterThan(open);
  expect(escalated).toBeGreaterThan(0);
  expect(escalated).toBeLessThanOrEqual(open);
});

test('a missing company is a real 404 page', async ({ page }, info) => {
  await signIn(page, info, '/login', 'agent');
  for (const path of ['/customers/NOPE-99', '/customers/bad%20id', '/no/such/page']) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
  }
});
