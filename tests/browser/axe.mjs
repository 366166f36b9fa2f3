// Audits report pages with axe-core in headless Chromium, at several viewport widths, with every
// <details> opened, and measures whether the page scrolls sideways.
//
//   node axe.mjs CHROMIUM AXE_JS WIDTHS PAGE...
//
// WIDTHS is a comma-separated list (1280,640,390,320). Prints one JSON array to stdout, an entry
// per page and width: { page, width, innerWidth, scrollWidth, wide, violations }.
//
// Chromium is driven over the DevTools protocol through a pipe (--remote-debugging-pipe: commands
// on fd 3, replies on fd 4, each message ended by a NUL byte), so no port is opened and nothing
// but Node itself is needed.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [chromium, axePath, widthList, ...pages] = process.argv.slice(2);
if (!chromium || !axePath || !widthList || pages.length === 0) {
  console.error("usage: node axe.mjs CHROMIUM AXE_JS WIDTHS PAGE...");
  process.exit(2);
}
const widths = widthList.split(",").map(Number);
const axeSource = readFileSync(axePath, "utf8");

const profile = mkdtempSync(join(tmpdir(), "impact-axe-"));
const browser = spawn(
  chromium,
  [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
    `--user-data-dir=${profile}`,
    "about:blank",
  ],
  { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] },
);
let browserLog = "";
browser.stderr.on("data", (chunk) => {
  browserLog = (browserLog + chunk).slice(-4000);
});

// The protocol: numbered requests, replies matched by id, events handed to waiters.
let nextId = 1;
const pending = new Map();
const waiters = [];
let buffer = Buffer.alloc(0);
browser.stdio[4].on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  let end;
  while ((end = buffer.indexOf(0)) >= 0) {
    const message = JSON.parse(buffer.subarray(0, end).toString("utf8"));
    buffer = buffer.subarray(end + 1);
    if (message.id && pending.has(message.id)) {
      const { resolve, reject, method } = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) reject(new Error(`${method}: ${message.error.message}`));
      else resolve(message.result);
    } else if (message.method) {
      for (const waiter of waiters.splice(0)) {
        if (waiter.method === message.method && waiter.sessionId === message.sessionId) waiter.resolve(message.params);
        else waiters.push(waiter);
      }
    }
  }
});
const exited = new Promise((resolve) => browser.on("exit", resolve));
browser.on("exit", (code) => {
  for (const { reject } of pending.values()) reject(new Error(`Chromium exited (${code}): ${browserLog}`));
});

function send(method, params = {}, sessionId = undefined) {
  const id = nextId++;
  const message = JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) });
  browser.stdio[3].write(message + "\0");
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject, method }));
}

function event(method, sessionId) {
  return new Promise((resolve) => waiters.push({ method, sessionId, resolve }));
}

async function evaluate(session, expression) {
  const result = await send(
    "Runtime.evaluate",
    { expression, awaitPromise: true, returnByValue: true },
    session,
  );
  if (result.exceptionDetails) {
    throw new Error(`in the page: ${JSON.stringify(result.exceptionDetails).slice(0, 2000)}`);
  }
  return result.result.value;
}

// Elements whose right edge passes the viewport outside any scrolling box, outermost first, for
// the failure message.
const wideElements = `(() => {
  const width = window.innerWidth;
  const scrolls = (e) => getComputedStyle(e).overflowX !== "visible";
  const wide = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    let inside = false;
    for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) inside ||= scrolls(up);
    if (box.right > width + 0.5 && !inside && !wide.some((outer) => outer.contains(element))) wide.push(element);
  }
  return wide.slice(0, 10).map((e) => e.tagName.toLowerCase() + (e.className ? "." + e.className : "")
    + (e.id ? "#" + e.id : "") + " (" + Math.round(e.getBoundingClientRect().right) + " px)");
})()`;

async function audit(session, page, width) {
  await send("Emulation.setDeviceMetricsOverride", { width, height: 900, deviceScaleFactor: 1, mobile: false }, session);
  const loaded = event("Page.loadEventFired", session);
  await send("Page.navigate", { url: pathToFileURL(page).href }, session);
  await loaded;
  await evaluate(session, `document.querySelectorAll("details").forEach((d) => { d.open = true; })`);
  const sizes = await evaluate(
    session,
    `({ innerWidth: window.innerWidth, scrollWidth: document.documentElement.scrollWidth })`,
  );
  const wide = await evaluate(session, wideElements);
  await evaluate(session, axeSource);
  const violations = await evaluate(
    session,
    `axe.run(document, { resultTypes: ["violations"] }).then((r) => r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 300),
        summary: n.failureSummary })),
    })))`,
  );
  return { page, width, ...sizes, wide, violations };
}

try {
  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  await send("Page.enable", {}, sessionId);
  // The reports forbid every script; axe-core is one.
  await send("Page.setBypassCSP", { enabled: true }, sessionId);
  const results = [];
  for (const page of pages) {
    for (const width of widths) results.push(await audit(sessionId, page, width));
  }
  process.stdout.write(JSON.stringify(results));
  await send("Browser.close").catch(() => {});
} catch (error) {
  console.error(`${error.stack ?? error}\n${browserLog}`);
  process.exitCode = 1;
} finally {
  // The profile can be removed once Chromium has stopped writing to it.
  const stopped = setTimeout(() => browser.kill("SIGKILL"), 5000);
  if (browser.exitCode === null && browser.signalCode === null) {
    browser.kill();
    await exited;
  }
  clearTimeout(stopped);
  rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
}
