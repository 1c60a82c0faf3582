// Smoke script for the interop harness: prints the versions of the npm packages the tests drive.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
for (const name of ['engine.io-client', 'socket.io-client', 'yjs']) {
  console.log(`${name} ${require(`${name}/package.json`).version}`);
}
