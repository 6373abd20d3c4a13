// Write one file over SFTP: open (create/truncate), write, set the exact mode, close.
// The mode is set explicitly because the server's umask applies to the mode given at open.
import type { SftpSession } from './ssh-shapes.js';

type SftpError = Error & { code?: number | string };

function step(run: (done: (err: SftpError | null | undefined) => void) => void): Promise<void> {
  return new Promise((resolve, reject) => run((err) => (err ? reject(err) : resolve())));
}

export async function sftpWriteFile(
  sftp: SftpSession,
  remotePath: string,
  content: Buffer,
  mode: number,
): Promise<void> {
  const handle = await new Promise<Buffer>((resolve, reject) =>
    sftp.open(remotePath, 'w', { mode }, (err, h) => (err ? reject(err) : resolve(h))),
  );
  try {
    // ssh2 splits a large write into packets the server accepts.
    if (content.length > 0) {
      await step((done) => sftp.write(handle, content, 0, content.length, 0, done));
    }
    await step((done) => sftp.fchmod(handle, mode, done));
  } catch (err) {
    await step((done) => sftp.close(handle, done)).catch(() => undefined);
    throw err;
  }
  await step((done) => sftp.close(handle, done));
}
