import { expect, test } from '@playwright/test';
import { hydrated, jsOff, signUp, uniqueSlug } from './helpers';

// The dashboard home (/app) of a new organisation: the getting-started
// checklist with every step to do, today's figures, the public link to copy
// with its QR code, and — on a 390×844 phone — every section of the
// navigation on screen (no tab cut off or scrolled out of view).
test('the dashboard home guides a new organisation and shows every section on a phone', async ({ page, context }, info) => {
  const js = !jsOff(info);
  if (info.project.name.startsWith('phone')) await page.setViewportSize({ width: 390, height: 844 });
  const slug = uniqueSlug(info, 'panel');
  await signUp(page, info, slug);
  if (js) await hydrated(page);

  await expect(page.getByTestId('getting-started')).toBeVisible();
  // Sign-up asks for the business phone (WhatsApp): that step is done from the start.
  await expect(page.getByTestId('getting-started-count')).toContainText('1 / 5');
  await expect(page.getByTestId('step-whatsapp')).toHaveAttribute('data-done', 'true');
  for (const step of ['catalog', 'brand', 'share_link', 'team']) {
    await expect(page.getByTestId(`step-${step}`)).toHaveAttribute('data-done', 'false');
  }
  await expect(page.getByTestId('step-team').getByRole('link')).toHaveAttribute('href', '/app/users');

  for (const id of ['leads-today', 'awaiting', 'accepted-week', 'videos']) {
    await expect(page.getByTestId(`figure-${id}-value`)).toHaveText('0');
  }
  await expect(page.getByTestId('figure-awaiting')).toHaveAttribute('href', '/app/quotes?status=pending');

  const origin = new URL(page.url()).origin;
  const url = `${origin}/q/${slug}`;
  await expect(page.getByTestId('share-link-input')).toHaveValue(url);
  await expect(page.getByTestId('share-link-input')).toHaveAttribute('readonly', '');
  const qr = page.getByTestId('share-qr');
  await expect(qr).toBeVisible();
  const modules = Number(await qr.getAttribute('data-modules'));
  expect((modules - 8 - 17) % 4).toBe(0); // 17 + 4·version modules and the quiet zone

  if (js) {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await page.getByTestId('share-link-copy').click();
    await expect(page.getByTestId('share-link-status')).toHaveText('Copiado');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
  } else {
    await expect(page.getByTestId('share-link-copy')).toBeHidden();
  }

  // At the top of the page, every section link is inside the viewport and
  // is what is drawn at its centre.
  await page.evaluate(() => window.scrollTo(0, 0));
  const viewport = page.viewportSize()!;
  const links = page.getByTestId('sections').getByRole('link');
  await expect(links).toHaveCount(10);
  for (let i = 0; i < 10; i++) {
    const link = links.nth(i);
    await expect(link).toBeVisible();
    const box = (await link.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
    const hit = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x, y)?.closest('a')?.getAttribute('href') ?? null,
      [box.x + box.width / 2, box.y + box.height / 2],
    );
    expect(hit).toBe(await link.getAttribute('href'));
  }
});
