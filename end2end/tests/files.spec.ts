import { expect, test } from '@playwright/test';
import { hydrated, signIn } from './helpers';

test('Files without JavaScript: a file over 25 MB gets a 413 page that says so, and nothing is stored', async ({ page }, info) => {
  test.skip(hydrated(info), 'with JavaScript the browser stops it first (files.hydrate.spec.ts)');
  await signIn(page, info, '/login', 'agent');
  // The widget's own form, as the server renders it for a signed-in agent.
  const layout = ['CustomerUsers', 'ReminderTickets', 'EscalatedTickets', 'NewTickets', 'OpenTickets', 'CompanyStatus',
    'CustomerInformation', 'Settings'].map((k) => [k, true]).concat([['Locations', false], ['LinkedAccounts', false],
    ['Contracts', false], ['AccountSummary', false], ['Activities', false], ['Files', true], ['Overview', false], ['Tasks', false], ['Followers', false]]);
  const headers = { Origin: new URL(page.url()).origin };
  expect((await page.request.post('/api/save_layout', { data: { board: 'Cic', layout }, headers })).status()).toBe(200);
  await page.goto('/customers/GLOBEX-02');
  const widget = page.getByRole('region', { name: 'Files (2)' });
  const form = widget.getByRole('form', { name: 'Upload files' });
  await form.getByLabel('Files (at most 25 MB each)').setInputFiles({ name: 'huge.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(25 * 1024 * 1024 + 1, 120) });
  await form.getByLabel('Description').fill('Too big');
  const [response] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/customers/GLOBEX-02/files')), form.getByRole('button', { name: 'Upload' }).click()]);
  expect(response.status()).toBe(413);
  await expect(page.getByRole('heading', { name: 'File too large' })).toBeVisible();
  await expect(page.getByText('“huge.pdf” is larger than 25 MB')).toBeVisible();
  await page.goto('/customers/GLOBEX-02');
  await expect(page.getByRole('region', { name: 'Files (2)' })).toBeVisible();
  expect((await page.request.post('/api/reset_layout', { data: { board: 'Cic' }, headers })).status()).toBe(200);
});
