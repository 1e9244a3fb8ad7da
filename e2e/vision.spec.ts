import { expect, test } from '@playwright/test';
import { collectConsoleErrors } from './console.ts';
import { modelsReady } from './hub-steps.ts';

// How soon the box comes is a speed: `npm run bench -- --only e2e` measures it (e2e.start_to_face_ms).
test('the talking-face clip as camera: a box on the face and a visual distribution after Start', async ({ page }) => {
  const errors = collectConsoleErrors(page);
  await page.goto('/');
  await modelsReady(page);
  await page.getByTestId('start').click();
  const overlay = page.getByTestId('face-overlay');
  await expect(overlay).not.toHaveAttribute('data-main-box', '');
  await expect(page.getByTestId('face-top')).toBeVisible();

  // The box sits on the actor's face: upper middle of the 480×360 frame, a plausible face size.
  const [x, y, w, h] = (await overlay.getAttribute('data-main-box'))!.split(',').map(Number) as [
    number,
    number,
    number,
    number,
  ];
  expect(await overlay.getAttribute('data-frame')).toBe('480x360');
  expect(x + w / 2).toBeGreaterThan(160);
  expect(x + w / 2).toBeLessThan(320);
  expect(y + h / 2).toBeLessThan(200);
  expect(w).toBeGreaterThan(60);
  expect(w).toBeLessThan(200);

  const values = await page
    .getByTestId('face-card')
    .locator('li[data-emotion]')
    .evaluateAll((items) => items.map((li) => Number(li.getAttribute('data-p'))));
  expect(values.length).toBe(7);
  expect(values.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 1);
  await expect(page.getByTestId('face-speed')).not.toContainText('0 frames/s');
  expect(errors).toEqual([]);
});

test('a camera that stops mid-session is reported, and Retry brings the face back', async ({ page }) => {
  await page.goto('/');
  await modelsReady(page);
  await page.getByTestId('start').click();
  await expect(page.getByTestId('face-top')).toBeVisible({ timeout: 10_000 });
  // What the browser does when the camera is unplugged: the track ends.
  await page.evaluate(() => {
    const video = document.querySelector('video')!;
    const track = (video.srcObject as MediaStream).getVideoTracks()[0]!;
    track.stop();
    track.dispatchEvent(new Event('ended'));
  });
  const notice = page.getByTestId('media-notice');
  await expect(notice).toContainText('The camera stopped');
  await expect(page.getByTestId('face-card')).toHaveCount(0);
  await expect(page.getByTestId('mic-state')).toContainText('microphone on'); // the voice carries on
  await notice.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByTestId('face-top')).toBeVisible({ timeout: 10_000 });
  await expect(page.getByTestId('media-notice')).toHaveCount(0);
});
