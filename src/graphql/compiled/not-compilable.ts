// Why a document or a request is left to the Pothos path.
/** Thrown while rendering: this document (structural) or these variables are left to the Pothos path. */
export class NotCompilable extends Error {
  constructor(
    message: string,
    readonly structural: boolean,
  ) {
    super(message);
  }
}
/** Something in the document itself: it will never compile. */
export const unsupported = (why: string): never => {
  throw new NotCompilable(why, true);
};
/** Something in these variables: the next request may compile. */
export const refuse = (why: string): never => {
  throw new NotCompilable(why, false);
};
