import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test, TestInfo } from '@playwright/test';
import { cspViolations, hydrated, jsOff, keepScreenshot, signUp, uniqueSlug, addSol50 } from './helpers';

// The in-process worker renders a queued video in seconds; a slow machine gets 90 s.
const RENDER_TIMEOUT = 90_000;

/** axe-core runs in the page: the JavaScript projects check the same server-rendered markup. */
async function expectAccessible(page: Page, info: TestInfo, what: string) {
  if (jsOff(info)) return;
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe on ${what}`).toEqual([]);
}

/** A quote of one window in this organisation, through the REST API with the session cookie. */
async function createQuote(page: Page, send: boolean) {
  const created = await page.request.post('/api/v1/quotations/residential', {
    data: {
      send,
      language: 'es',
      contact: { name: 'Marta Video', phone: '+56 9 4444 1111', email: 'marta@example.com',
        address: 'Av. Providencia 1234', commune: 'Providencia', contact_time: 'morning' },
      rooms: [{ name: 'Living', openings: [{ kind: 'window', width_m: '2', height_m: '1', quantity: 1, sku: 'SOL-50' }] }],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  return (await created.json()) as { id: string; number: string; status: string };
}

test('sales make a quote video, watch it and find it on the videos page', async ({ page }, info) => {
  test.setTimeout(180_000);
  const csp = cspViolations(page);
  await signUp(page, info, uniqueSlug(info, 'vid'));
  await addSol50(page);

  // A draft has no video yet: it must be sent first.
  const draft = await createQuote(page, false);
  expect(draft.status).toBe('draft');
  await page.goto(`/app/quotes/${draft.id}`);
  await expect(page.getByTestId('video-draft-hint')).toHaveText('Envía la cotización para generar su video.');
  await expect(page.getByTestId('request-video')).toHaveCount(0);

  const quote = await createQuote(page, true);
  expect(quote.status).toBe('pending');
  await page.goto(`/app/quotes/${quote.id}`);
  if (!jsOff(info)) await hydrated(page);
  const section = page.getByTestId('quote-video');
  await expect(section.getByRole('heading', { name: 'Video' })).toBeVisible();
  await expect(section.getByTestId('no-videos')).toBeVisible();

  // Without JavaScript this is a plain form post that comes back to the quote's page.
  await section.getByRole('button', { name: 'Generar video' }).click();
  if (jsOff(info)) await expect(page).toHaveURL(new RegExp(`/app/quotes/${quote.id}`));
  const job = section.getByTestId('video-job');
  await expect(job).toHaveCount(1);
  await expect(job.getByTestId('video-status')).toHaveText(/^(En cola|Procesando|Listo)$/);
  // Queued or rendering: a progress bar (unless the worker was faster than us).
  await expect(job.getByRole('progressbar').or(job.getByTestId('video-player'))).toBeVisible();

  const player = job.getByTestId('video-player');
  if (jsOff(info)) {
    // The page reloads itself every 5 s while the render runs; reloading by hand is fine too.
    await expect(async () => {
      if (!(await player.isVisible())) await page.reload();
      await expect(player).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: RENDER_TIMEOUT, intervals: [3_000] });
  } else {
    // The page polls every 5 s on its own.
    await expect(player).toBeVisible({ timeout: RENDER_TIMEOUT });
  }
  await expect(job).toHaveAttribute('data-status', 'succeeded');
  await expect(job.getByTestId('video-status')).toHaveText('Listo');
  await expect(job.getByRole('progressbar')).toHaveCount(0);
  await expect(player).toHaveAttribute('poster', /.+/);
  const src = await player.getAttribute('src');
  expect(src).toBeTruthy();
  const video = await page.request.get(src!);
  expect(video.status()).toBe(200);
  expect(video.headers()['content-type']).toContain('video/mp4');
  await expect(job.getByRole('link', { name: 'Descargar' })).toHaveAttribute('href', src!);
  await expect(job.getByRole('link', { name: 'Descargar' })).toHaveAttribute('download', /\.mp4$/);
  await expect(job.getByRole('link', { name: 'Compartir por WhatsApp' })).toHaveAttribute('href', /^https:\/\/wa\.me\/\?text=.+%2Ffiles%2F/);
  await keepScreenshot(page, info, 'quote-video');

  // The videos page lists it as ready, with a link back to the quote.
  await page.goto('/app/jobs');
  if (!jsOff(info)) await hydrated(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Videos');
  const listed = page.getByTestId('video-job').filter({ has: page.getByRole('link', { name: quote.number }) });
  await expect(listed).toHaveCount(1);
  await expect(listed).toHaveAttribute('data-status', 'succeeded');
  await expect(listed.getByTestId('video-status')).toHaveText('Listo');
  await expect(listed.getByRole('link', { name: quote.number })).toHaveAttribute('href', `/app/quotes/${quote.id}`);
  await expect(listed.getByTestId('video-player')).toBeVisible();
  await keepScreenshot(page, info, 'videos-page');
  await expectAccessible(page, info, 'the videos page');
  expect(csp).toEqual([]);
});
