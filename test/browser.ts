import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

// Debian's Chromium driven by playwright-core. .ci/run installs it; the flags keep it
// from reaching for the network, which this machine does not have.

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** What a UI test's setup opens (browser, store, server), closed last-opened first by `close`. */
export function openedList(): { push: (close: () => Promise<unknown>) => void; close: () => Promise<void> } {
  const closers: (() => Promise<unknown>)[] = [];
  return {
    push: (c) => closers.push(c),
    close: async () => {
      for (const c of closers.reverse()) await c();
    },
  };
}
