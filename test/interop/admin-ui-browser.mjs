// The Admin UI browser test's Node side (driven by Switchboard.SocketIO.AdminUI.Tests/AdminUIBrowserTests.cs).
// Serves the built UI of @socket.io/admin-ui (ui/dist) on a loopback port, connects socket.io-client test sockets to
// the Switchboard server under test, and drives the UI in headless Chromium through playwright-core.
// Protocol, one JSON object per line:
//   out {"ui": "http://127.0.0.1:PORT"}                       the UI's origin (the server must allow it)
//   in  {"server", "username", "password", "outputDir", "sockets": [{"name", "rooms"}], "victim"}
//   out {"sockets": {name: id}}                               the test sockets, connected
//   out {"listed": [ids], "rooms": [names]}                   what the UI shows (screenshots in outputDir)
//   out {"disconnected": name, "reason": "..."}               after the UI's Disconnect on the victim
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { createRequire } from "node:module";
import { io } from "socket.io-client";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const uiRoot = path.join(path.dirname(require.resolve("@socket.io/admin-ui/package.json")), "ui", "dist");
const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".png": "image/png", ".svg": "image/svg+xml", ".map": "application/json" };
const send = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");
const log = (...args) => process.stderr.write(args.join(" ") + "\n");

const server = http.createServer((req, res) => {
  let file = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
  if (file === "/") file = "/index.html";
  const full = path.join(uiRoot, path.normalize(file));
  if (!full.startsWith(uiRoot + path.sep) || !fs.existsSync(full) || !fs.statSync(full).isFile()) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { "content-type": types[path.extname(full)] ?? "application/octet-stream" });
  fs.createReadStream(full).pipe(res);
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const uiUrl = `http://127.0.0.1:${server.address().port}`;
send({ ui: uiUrl });

const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const request = JSON.parse((await lines.next()).value);

const clients = {};
const ids = {};
for (const { name, rooms } of request.sockets) {
  const socket = io(request.server, { auth: { name, rooms }, transports: ["websocket"], reconnection: false });
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  clients[name] = socket;
  ids[name] = socket.id;
}
send({ sockets: ids });

const executablePath = process.env.SWITCHBOARD_TEST_CHROMIUM || "/usr/bin/chromium";
const browser = await chromium.launch({
  executablePath,
  args: ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic"],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
page.on("console", (m) => log("browser:", m.text()));
const shot = (name) => page.screenshot({ path: path.join(request.outputDir, name), fullPage: true });
try {
  await page.goto(uiUrl + "/");

  await page.getByLabel("Server URL").fill(request.server);
  await page.getByLabel("Username").fill(request.username);
  await page.getByLabel("Password").fill(request.password);
  await page.getByRole("button", { name: "Connect" }).click();
  await page.getByText(/^connected$/i).first().waitFor({ timeout: 20000 });

  // Sockets page: every test socket listed.
  await page.getByRole("navigation").getByRole("link", { name: "Sockets" }).click();
  for (const id of Object.values(ids)) {
    await page.getByText(id).first().waitFor({ timeout: 20000 });
  }
  const listed = [];
  for (const id of Object.values(ids)) {
    if (await page.getByText(id).count() > 0) listed.push(id);
  }
  await shot("admin-ui-sockets.png");

  // Rooms page: every room of the test sockets listed.
  const allRooms = [...new Set(request.sockets.flatMap((s) => s.rooms))];
  await page.getByRole("navigation").getByRole("link", { name: "Rooms" }).click();
  for (const room of allRooms) {
    await page.getByText(room, { exact: true }).first().waitFor({ timeout: 20000 });
  }
  const rooms = [];
  for (const room of allRooms) {
    if (await page.getByText(room, { exact: true }).count() > 0) rooms.push(room);
  }
  await shot("admin-ui-rooms.png");
  send({ listed, rooms });

  // The victim's own page, then its Disconnect button.
  const victim = clients[request.victim];
  const disconnected = new Promise((resolve) => victim.once("disconnect", resolve));
  await page.getByRole("navigation").getByRole("link", { name: "Sockets" }).click();
  await page.getByText(ids[request.victim]).first().click();
  // Socket details: the "Status" rows of the client and of the socket each end in a disconnect button (an icon,
  // mdi-logout); the socket's comes second. The client's would close the whole connection ("transport close").
  await page.getByText("Socket details").waitFor({ timeout: 20000 });
  await page.locator("button:has(.mdi-logout)").nth(1).click();
  const reason = await Promise.race([disconnected, new Promise((_, reject) => setTimeout(() => reject(new Error("no disconnect")), 20000))]);
  await page.getByRole("navigation").getByRole("link", { name: "Sockets" }).click();
  await page.getByText(ids[request.victim]).waitFor({ state: "detached", timeout: 20000 });
  await shot("admin-ui-after-disconnect.png");
  send({ disconnected: request.victim, reason });
} catch (error) {
  log("failed:", error.stack ?? error);
  await shot("admin-ui-failure.png").catch(() => {});
  log("page text:", await page.locator("body").innerText().catch(() => ""));
  send({ error: String(error.message ?? error) });
} finally {
  await browser.close();
  for (const socket of Object.values(clients)) socket.disconnect();
  server.close();
}
