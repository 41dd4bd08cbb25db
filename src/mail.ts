// Outgoing mail: SMTP through nodemailer when SMTP_URL is set, else each message written as an .eml file to the outbox.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer from 'nodemailer';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  /** The folder messages are written to when no SMTP server is configured (null with SMTP). */
  outbox: string | null;
}

/** The folder an SMTP-less install writes to: OUTBOX_DIR, else DATA_DIR/outbox. */
export const outboxDir = (config: Pick<Config, 'OUTBOX_DIR' | 'DATA_DIR'>) => resolve(config.OUTBOX_DIR ?? join(config.DATA_DIR, 'outbox'));

export function createMailer(config: Config, logger: Logger): Mailer {
  if (config.SMTP_URL) {
    const transport = nodemailer.createTransport(config.SMTP_URL);
    return {
      outbox: null,
      async send(m) {
        await transport.sendMail({ from: config.MAIL_FROM, ...m });
        logger.info('mail sent', { to: m.to, subject: m.subject });
      },
    };
  }
  const dir = outboxDir(config);
  // streamTransport builds the full RFC 5322 message (headers, encoding) without sending it anywhere.
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let sequence = 0;
  return {
    outbox: dir,
    async send(m) {
      const info = await transport.sendMail({ from: config.MAIL_FROM, ...m });
      await mkdir(dir, { recursive: true });
      sequence += 1;
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${sequence}.eml`;
      const path = join(dir, name);
      // Written aside, then renamed: whoever watches the folder never reads half a message.
      await writeFile(`${path}.part`, info.message as Buffer, { mode: 0o600 });
      await rename(`${path}.part`, path);
      logger.info('mail written to the outbox (no SMTP_URL set)', { to: m.to, subject: m.subject, path });
    },
  };
}
