// Does an address:port accept a TCP connection from where haka runs? (`haka status`, `haka drill`.)
// A bare connect is what "the VIP answers" means here: HAProxy listens on every VIP port.
import { connect } from 'node:net';

export interface Reach {
  ok: boolean;
  ms: number;
  error?: string;
}

export function tcpAnswers(address: string, port: number, timeoutMs = 1000): Promise<Reach> {
  const started = Date.now();
  return new Promise((done) => {
    const socket = connect({ host: address, port });
    const finish = (error?: string): void => {
      socket.destroy();
      done({ ok: error === undefined, ms: Date.now() - started, ...(error ? { error } : {}) });
    };
    socket.setTimeout(timeoutMs, () => finish(`no answer within ${timeoutMs} ms`));
    socket.once('connect', () => finish());
    socket.once('error', (e) => finish(e.message));
  });
}
