/** Debian's Chromium (`apt-get install chromium`) driven by playwright-core: headless, sandbox and background networking off. */
import { access } from 'node:fs/promises';
import { chromium, type Browser } from 'playwright-core';

/** Where Debian installs it; `CHROMIUM_PATH` overrides. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export async function chromiumInstalled(): Promise<boolean> {
  try {
    await access(CHROMIUM_PATH);
    return true;
  } catch {
    return false;
  }
}

/** Flags that keep a test browser from talking to anything but the page's server. */
export const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-sync',
  '--disable-client-side-phishing-detection',
  '--no-first-run',
  '--no-default-browser-check',
  '--metrics-recording-only',
  '--disable-features=Translate,OptimizationHints,MediaRouter,InterestFeedContentSuggestions',
];

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: QUIET_FLAGS });
}
