import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test } from '@playwright/test';
import { settle, signIn } from './helpers';

async function axe(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(result.violations.map((v) => `${what}: ${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
}

test('post a critical alert on the CIC (a field error first), see it first there and on a ticket, end it', async ({ page }, info) => {
  // Its own alert each run (and ended at the end): the suite passes twice on one database.
  const text = `Outage ${Date.now().toString(36)}: every site is down`;
  await signIn(page, info, '/login', 'agent');
  await page.goto('/customers/ACME-01');
  await settle(page, info);
  await page.getByRole('button', { name: 'Post alert' }).click();
  const form = page.getByRole('form', { name: 'Post alert' });
  await expect(form.getByLabel('Alert text')).toBeFocused();
  await form.getByRole('button', { name: 'Post', exact: true }).click();
  await expect(form.getByLabel('Alert text')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText("Enter the alert's text.")).toBeVisible();
  await axe(page, 'post alert form');
  await form.getByLabel('Alert text').fill(text);
  await form.getByLabel('Severity').selectOption('critical');
  await form.getByLabel('Ends').selectOption('24');
  await form.getByRole('button', { name: 'Post', exact: true }).click();
  await expect(form).toBeHidden();
  const banner = page.getByRole('region', { name: 'Alerts' });
  // Most severe first, then newest: a critical one just posted leads.
  await expect(banner.getByRole('listitem').first()).toContainText(`Critical: ${text}`);
  await expect(banner.getByRole('listitem').first()).toContainText('(until ');
  await axe(page, 'CIC with alerts');

  // On one of the company's tickets too, with its company named; ended there, gone everywhere.
  await page.goto('/tickets?company=ACME-01&class=open');
  await settle(page, info);
  await page.getByRole('link', { name: /^\d{16}$/ }).first().click();
  await settle(page, info);
  const onTicket = page.getByRole('region', { name: 'Alerts' });
  await expect(onTicket.getByRole('listitem').first()).toContainText(text);
  await expect(onTicket.getByRole('listitem').first().getByRole('link', { name: 'Acme Corporation' })).toBeVisible();
  await axe(page, 'ticket page with alerts');
  await onTicket.getByRole('listitem').filter({ hasText: text }).getByRole('button', { name: 'End alert' }).click();
  await expect(onTicket.getByRole('listitem').filter({ hasText: text })).toHaveCount(0);
  await page.goto('/customers/ACME-01');
  await settle(page, info);
  await expect(page.getByRole('region', { name: 'Alerts' })).not.toContainText(text);
});
