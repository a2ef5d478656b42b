import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { settle, signIn } from './helpers';

test('Followers: follow a company, another agent creates a ticket there, the follower sees it in My work', async ({ page, browser }, info) => {
  test.setTimeout(90_000);
  await signIn(page, info, '/login', 'agent2');
  await page.goto('/customers/GLOBEX-02');
  await settle(page, info);
  const settings = page.getByRole('region', { name: 'Settings' });
  await settings.getByRole('checkbox', { name: 'Followers' }).check();
  await settings.getByRole('button', { name: 'Save settings' }).click();
  const widget = page.getByRole('region', { name: /^Followers \(\d+\)$/ });
  await expect(widget).toBeVisible();
  // A run before may have left the follow on: start from not following.
  if (await widget.getByRole('button', { name: 'Unfollow' }).isVisible()) {
    await widget.getByRole('button', { name: 'Unfollow' }).click();
    await expect(widget.getByRole('button', { name: 'Follow', exact: true })).toBeVisible();
  }
  const before = Number(/\((\d+)\)/.exec(await page.locator('#widget-title-followers').innerText())?.[1]);
  await widget.getByRole('button', { name: 'Follow', exact: true }).click();
  await expect(widget.getByText('You follow it.')).toBeVisible();
  await expect(page.locator('#widget-title-followers')).toHaveText(`Followers (${before + 1})`);
  await expect(widget.getByRole('list', { name: 'Followers' })).toContainText('Bruno Berger');
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);

  // Another agent, in a browser of their own, creates a ticket for the company.
  const other = await browser.newContext();
  const alice = await other.newPage();
  await signIn(alice, info, '/login', 'agent');
  const title = `Followed: scanner offline ${Date.now().toString(36)}`;
  const created = await alice.request.post('/api/create_ticket', {
    headers: { Origin: new URL(alice.url()).origin },
    data: { form: { customer_id: 'GLOBEX-02', customer_login: 'bob', channel: 'phone', title, queue_id: 1, priority_id: 3, state_id: 1, sla_id: null, pending_until: '', body: 'Reported by phone.' } },
  });
  expect(created.status()).toBe(200);
  await other.close();

  // The follower's My work has it, linking to the ticket.
  await page.getByRole('link', { name: /^My work/ }).click();
  await expect(page).toHaveURL(/\/my-work$/);
  const news = page.getByRole('list', { name: 'News from what you follow' });
  const item = news.getByRole('listitem').filter({ hasText: title });
  await expect(item).toContainText('Ticket created');
  await expect(item).toContainText('by agent');
  await expect(item.getByRole('link', { name: new RegExp(title) })).toHaveAttribute('href', /^\/tickets\//);

  // Unfollowed: the company's news is gone from My work.
  await page.goto('/customers/GLOBEX-02');
  await settle(page, info);
  await widget.getByRole('button', { name: 'Unfollow' }).click();
  await expect(widget.getByText('You do not follow it.')).toBeVisible();
  await page.goto('/my-work');
  await expect(page.getByText(title)).toHaveCount(0);
  await page.goto('/customers/GLOBEX-02');
  await settle(page, info);
  await page.getByRole('region', { name: 'Settings' }).getByRole('button', { name: 'Reset layout' }).click();
  await expect(page.locator('[role="status"]', { hasText: 'Layout reset to the default.' })).toHaveCount(1);
});
