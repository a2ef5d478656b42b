import { expect, test } from '@playwright/test';
import { hydrated, signIn } from './helpers';

test('My work without JavaScript: the overdue tasks, the top bar count, and Mark done as a plain form', async ({ page }, info) => {
  test.skip(hydrated(info), 'the hydrated run is tasks.hydrate.spec.ts');
  await signIn(page, info, '/login', 'agent');
  // A task of its own, made through the server function as the widget would, a day overdue.
  const title = `Overdue without JavaScript ${Date.now().toString(36)}`;
  const headers = { Origin: new URL(page.url()).origin };
  const due = new Date(Date.now() - 36 * 3600_000).toISOString().slice(0, 16);
  const refused = await page.request.post('/api/change_task', {
    headers,
    data: { customer_id: 'GLOBEX-02', change: { Save: { id: null, version: 0, kind: 'task', title, note: '', due, assignee: '', priority: 'normal', login: '' } } },
  });
  // The assignee is required: the error names the field.
  expect(refused.status()).toBe(422);
  expect(await refused.text()).toContain('"field":"assignee"');
  const agentId = await agentIdOf(page);
  const saved = await page.request.post('/api/change_task', {
    headers,
    data: { customer_id: 'GLOBEX-02', change: { Save: { id: null, version: 0, kind: 'task', title, note: '', due, assignee: agentId, priority: 'normal', login: '' } } },
  });
  expect(saved.status()).toBe(200);

  await page.goto('/my-work');
  const link = page.getByRole('link', { name: /^My work/ });
  const count = Number((await link.getAttribute('data-overdue')) ?? '0');
  expect(count).toBeGreaterThan(0);
  await expect(page.getByText(new RegExp(`^${count} overdue · \\d+ due today · \\d+ open$`))).toBeVisible();
  const late = page.getByRole('list', { name: 'Overdue' });
  const item = late.getByRole('listitem', { name: title });
  await expect(item.getByRole('link', { name: /GLOBEX-02/ })).toHaveAttribute('href', '/customers/GLOBEX-02');
  await item.getByRole('button', { name: `Mark done: ${title}` }).click();
  await expect(page).toHaveURL(/\/my-work\??$/);
  await expect(page.getByRole('listitem', { name: title })).toHaveCount(0);
  const after = Number((await page.getByRole('link', { name: /^My work/ }).getAttribute('data-overdue')) ?? '0');
  expect(after).toBe(count - 1);
});

/** The signed-in agent's id: the Tasks widget's choices carry it (the first "Add task" seed's assignee). */
async function agentIdOf(page: import('@playwright/test').Page): Promise<string> {
  const res = await page.request.post('/api/tasks_page', { headers: { Origin: new URL(page.url()).origin }, form: { customer_id: 'GLOBEX-02', done: 'false' } });
  expect(res.status()).toBe(200);
  const markup: string = await res.json();
  const seed = /data-arg="(\{[^"]*&quot;kind&quot;:&quot;task&quot;[^"]*\})"/.exec(markup)?.[1] ?? '';
  return JSON.parse(seed.replaceAll('&quot;', '"')).assignee;
}
