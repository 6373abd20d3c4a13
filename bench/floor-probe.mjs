// The probe floor: a bare Node process with ssh2 that connects to every host and runs one batched
// probe per host (the same script haka's check runs), with no planning and no checks. Plain
// JavaScript on purpose: it must load nothing but ssh2, so its CPU is the floor's own.
// Usage: node bench/floor-probe.mjs CONFIG.json   (written by bench/lab-bench.ts and bench/scale.ts)
/* global process */
import { readFileSync } from 'node:fs';
// eslint-disable-next-line no-restricted-imports -- the floor is a bare ssh2 client, not haka code
import ssh2 from 'ssh2';

/** @type {{ hosts: { address: string, port: number }[], user: string, identityFile: string, script: string, concurrency: number }} */
const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const privateKey = readFileSync(config.identityFile);

/** @param {{ address: string, port: number }} host @returns {Promise<number>} */
function probe(host) {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client
      .on('ready', () => {
        client.exec(config.script, (err, channel) => {
          if (err) return reject(err);
          let bytes = 0;
          channel.on('data', (/** @type {Buffer} */ d) => (bytes += d.length));
          channel.stderr.on('data', () => undefined);
          channel.on('close', () => {
            client.end();
            resolve(bytes);
          });
        });
      })
      .on('error', reject)
      .connect({ host: host.address, port: host.port, username: config.user, privateKey });
  });
}

// A tiny pool instead of p-limit: the floor loads nothing but ssh2.
let next = 0;
let total = 0;
async function worker() {
  while (next < config.hosts.length) total += await probe(config.hosts[next++]);
}
const workers = Math.min(config.concurrency, config.hosts.length);
await Promise.all(Array.from({ length: workers }, worker));
process.stdout.write(`${total}\n`);
