// Registering a query document: vetted once, stored under the sha256 of its exact text, announced to every server.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { GraphQLSchema } from 'graphql';
import { registeredDocuments } from '../../../schema/documents.ts';
import type { Config } from '../../config.ts';
import { compileDocument, NotCompilable } from '../compiled/compile.ts';
import { recordAudit } from '../../modules/access/audit.ts';
import { authorise, authorisedWrite, type AccessContext } from '../../modules/access/transaction.ts';
import type { VetDocument } from '../context.ts';
import { checkDocument } from './check-document.ts';
import { notifyDocumentRegistered } from './notify.ts';

export interface RegisteredDocument {
  /** 'sha256:<hex>': what `documentId` takes. */
  id: string;
  operationName: string | null;
  /** Whether anonymous requests for it are answered by one compiled SQL statement (else through Pothos). */
  compiled: boolean;
  /** False when the same text was already registered (by anyone): registering is idempotent. */
  created: boolean;
  registeredAt: string;
}

/**
 * Whether the compiled path can serve it, as far as the document shows: compiled once, and rendered once
 * with no variables so parts it never supports (directives, an unsupported field) show up now.
 */
function compilable(schema: GraphQLSchema, text: string): boolean {
  const compiled = compileDocument(schema, text);
  if (!compiled) return false;
  try {
    compiled.render({});
  } catch (err) {
    // A refusal of these (missing) variables says nothing about the document.
    if (err instanceof NotCompilable && err.structural) return false;
  }
  return true;
}

export async function registerDocument(
  o: AccessContext & { schema: GraphQLSchema; config: Config; vet: VetDocument; text: string },
): Promise<RegisteredDocument> {
  const stored = await authorisedWrite(o, { action: 'document.register' }, async (tx, actor) => {
    authorise(actor, { kind: 'document.register' });
    const { operationName } = checkDocument(o);
    const hex = createHash('sha256').update(o.text, 'utf8').digest('hex');
    const id = `sha256:${hex}`;
    const [inserted] = await tx
      .insert(registeredDocuments)
      .values({ id, document: o.text, operationName, registeredByAccountId: actor.accountId })
      .onConflictDoNothing()
      .returning({ createdAt: registeredDocuments.createdAt });
    const registeredAt =
      inserted?.createdAt ??
      (await tx.select({ createdAt: registeredDocuments.createdAt }).from(registeredDocuments).where(eq(registeredDocuments.id, id)))[0]!
        .createdAt;
    if (inserted) await notifyDocumentRegistered(tx, hex);
    await recordAudit(tx, {
      action: 'document.register',
      actor,
      details: { documentId: id, created: !!inserted },
      requestId: o.requestId ?? null,
    });
    return { id, operationName, created: !!inserted, registeredAt };
  });
  return { ...stored, compiled: compilable(o.schema, o.text) };
}
