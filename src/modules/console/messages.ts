// The words of every message the console mails: sign-in links, invitations and review notices. Plain text only.
import type { Config } from '../../config.ts';

export const linkUrl = (config: Config, secret: string) => `${config.PUBLIC_URL}/console/sign-in/link?code=${encodeURIComponent(secret)}`;

export function signInMessage(config: Config, to: string, secret: string) {
  return {
    to,
    subject: 'Your sign-in link for the Engagement Directory',
    text: `Someone (we hope you) asked to sign in to the Engagement Directory console with this address.

Open this link within 20 minutes to sign in. It works once:

${linkUrl(config, secret)}

If you did not ask for it, ignore this message: nothing happens unless the link is opened.
`,
  };
}

export function invitationMessage(
  config: Config,
  to: string,
  secret: string,
  o: { organisation: string; role: string; invitedBy: string },
) {
  return {
    to,
    subject: `You are invited to ${o.organisation} on the Engagement Directory`,
    text: `${o.invitedBy} has added you to ${o.organisation} on the Engagement Directory, as ${o.role.replace('_', ' ')}.

Open this link within 7 days to sign in to the console. It works once; afterwards, sign in with your email address at ${config.PUBLIC_URL}/console/sign-in.

${linkUrl(config, secret)}
`,
  };
}

export function setupMessage(config: Config, to: string, secret: string, organisation: string) {
  return {
    to,
    subject: `You are an admin of ${organisation} on the Engagement Directory`,
    text: `The Engagement Directory has been set up with ${organisation} as a founding host, and you as its admin.

Open this link within 24 hours to sign in to the console. It works once:

${linkUrl(config, secret)}
`,
  };
}
