// Webhook signing secrets as the Standard Webhooks spec writes them: `whsec_` and 32 random bytes in base64.
import { randomBytes } from 'node:crypto';

export const generateWebhookSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

export const DEFAULT_GRACE_HOURS = 24;
export const MAX_GRACE_HOURS = 7 * 24;
