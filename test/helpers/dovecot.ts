import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface Dovecot {
  host: string;
  port: number;
  user: string;
  password: string;
  /** imap://user:password@127.0.0.1:port/INBOX */
  url: string;
  stop(): Promise<void>;
}

export const dovecotBinary = ['/usr/sbin/dovecot', '/usr/bin/dovecot'].find((p) => fs.existsSync(p)) ?? null;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Debian's dovecot-imapd with a throwaway configuration in a temp directory, on a loopback port,
 * one mailbox user with a plain password. Mail lives in the temp directory (no system mail dirs).
 * As root the mail processes run as `nobody`; as any other user, as that user.
 */
export async function startDovecot(): Promise<Dovecot> {
  if (!dovecotBinary) throw new Error('dovecot is not installed: npm test installs dovecot-imapd (apt-get)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amtsdesk-dovecot-'));
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  const user = 'intake';
  const password = `pw${Math.random().toString(36).slice(2)}`;
  const root = process.getuid?.() === 0;
  const me = os.userInfo();
  const uid = root ? 65534 : me.uid;
  const gid = root ? 65534 : me.gid;
  for (const d of ['run', 'state', 'home']) fs.mkdirSync(path.join(dir, d));
  if (root) fs.chownSync(path.join(dir, 'home'), uid, gid);
  fs.writeFileSync(path.join(dir, 'users'), `${user}:{PLAIN}${password}\n`);
  const conf = path.join(dir, 'dovecot.conf');
  fs.writeFileSync(
    conf,
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
instance_name = amtsdesk-test-${port}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 0
mail_location = maildir:${dir}/home/%u/Maildir
${root ? '' : `default_internal_user = ${me.username}\ndefault_login_user = ${me.username}\n`}passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/home/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`,
  );
  const proc: ChildProcess = spawn(dovecotBinary, ['-F', '-c', conf], { stdio: 'ignore' });
  const started = Date.now();
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) break;
    if (proc.exitCode !== null || Date.now() - started > 15_000) {
      const log = fs.existsSync(path.join(dir, 'dovecot.log'))
        ? fs.readFileSync(path.join(dir, 'dovecot.log'), 'utf8')
        : '';
      throw new Error(`dovecot did not start: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    url: `imap://${user}:${password}@127.0.0.1:${port}/INBOX`,
    async stop() {
      spawnSync('doveadm', ['-c', conf, 'stop']);
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await new Promise((r) => proc.once('exit', r));
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
