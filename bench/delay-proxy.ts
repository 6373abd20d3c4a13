// A local TCP proxy that delays every chunk by a fixed time in each direction, order kept: with a
// round-trip delay D, a run that needs N sequential round trips per host takes about N × D longer.
// Round trips per host = (time through the delayed proxy − time through an undelayed one) / D.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface ProxyRoute {
  listen: { host: string; port: number };
  target: { host: string; port: number };
}

function pipeDelayed(from: Socket, to: Socket, delayMs: () => number): void {
  from.on('data', (chunk: Buffer) => {
    const d = delayMs();
    if (d <= 0) to.write(chunk);
    else setTimeout(() => to.writable && to.write(chunk), d);
  });
  from.on('end', () => setTimeout(() => to.end(), delayMs()));
  from.on('error', () => to.destroy());
}

export class DelayProxy {
  /** One-way delay in ms (half the round-trip delay); changeable between runs. */
  oneWayMs = 0;
  private servers: Server[] = [];

  async start(routes: ProxyRoute[]): Promise<void> {
    for (const route of routes) {
      const server = createServer((client) => {
        const upstream = createConnection(route.target);
        pipeDelayed(client, upstream, () => this.oneWayMs);
        pipeDelayed(upstream, client, () => this.oneWayMs);
        upstream.on('close', () => client.destroy());
        client.on('close', () => upstream.destroy());
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(route.listen.port, route.listen.host, () => resolve());
      });
      this.servers.push(server);
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.servers.map((s) => new Promise((r) => s.close(r))));
    this.servers = [];
  }
}
