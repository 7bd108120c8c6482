/**
 * Magic bytes of the file types whose content we check, so a declared type cannot lie about the
 * content (a script renamed to .pdf). Used by ticket attachments and appointment documents.
 */
export const fileSignatures: Record<string, number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46], // %PDF
  'image/png': [0x89, 0x50, 0x4e, 0x47],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/gif': [0x47, 0x49, 0x46, 0x38],
};

/** Does the content start with the signature of this type? Types without a signature pass. */
export function matchesSignature(type: string, content: Buffer): boolean {
  const signature = fileSignatures[type];
  return !signature || (content.length >= signature.length && signature.every((b, i) => content[i] === b));
}

/** The first of the given types whose signature the content carries, or null. */
export function sniffType<T extends string>(content: Buffer, candidates: readonly T[]): T | null {
  return candidates.find((type) => fileSignatures[type] && matchesSignature(type, content)) ?? null;
}
