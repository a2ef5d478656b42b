import { expect, test } from '@playwright/test';
import { settle, signIn } from './helpers';

// Runs with JavaScript off too: every read page is rendered on the server.
test('the ticket list, a ticket page and the CUIC render (also without JavaScript)', async ({ page }, info) => {
  await signIn(page, info, '/login', 'agent');
  await page.goto('/tickets?company=ACME-01&class=open');
  await settle(page, info);
  const first = page.getByRole('link', { name: /^\d{16}$/ }).first();
  const number = await first.textContent();
  await first.click();
  await expect(page).toHaveURL(new RegExp(`/tickets/${number}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(`Ticket ${number} — `);
  const fields = page.getByRole('region', { name: 'Ticket information' });
  await expect(fields.getByRole('link', { name: 'Acme Corporation (ACME-01)' })).toHaveAttribute('href', '/customers/ACME-01');
  await expect(page.getByRole('region', { name: 'Articles' }).getByRole('listitem').first()).toBeVisible();
  await expect(page.getByRole('region', { name: 'Change ticket' }).getByLabel('State')).toBeVisible();
  // The company's alerts (the demo's on ACME-01), rendered on the server.
  await expect(page.getByRole('region', { name: 'Alerts' })).toContainText('Warning: Key account: escalate outages');

  await page.goto('/customer-users/anna');
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Customer User Information Center — Anna Anders (anna)');
  await expect(page.getByRole('region', { name: 'Customer User Information' })).toContainText('anna@acme.example');
  await expect(page.getByRole('link', { name: 'Assigned to this customer user' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('region', { name: 'Alerts' }).getByRole('link', { name: 'Acme Corporation' }).first()).toBeVisible();

  const missing = await page.goto('/tickets/2000010199999999');
  expect(missing?.status()).toBe(404);
});
