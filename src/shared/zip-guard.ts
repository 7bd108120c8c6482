import zlib from 'node:zlib';

/**
 * Limits for ZIP containers (XLSX uploads). A 100,000-row sheet with 20 columns is about 60 MB of
 * XML that compresses 5–20 fold; a zip bomb declares (or hides) hundreds of megabytes behind a few
 * kilobytes. Checked before any XML parser sees a byte (issue 17, decision record 0011).
 */
export const ZIP_LIMITS = {
  entries: 2000,
  /** inflated bytes of one entry */
  entryBytes: 64 * 1024 * 1024,
  /** inflated bytes of all entries together */
  totalBytes: 128 * 1024 * 1024,
  /** inflated/compressed, for entries that inflate to more than ratioFloorBytes */
  ratio: 100,
  ratioFloorBytes: 1024 * 1024,
};

export class ZipLimitError extends Error {
  constructor(
    readonly reason: 'tooLarge' | 'ratio' | 'unreadable',
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  dataStart: number;
}

const unreadable = (detail: string) => new ZipLimitError('unreadable', detail);

/** The central directory's entries, checked against the declared limits (sizes, ratio, count). */
export function readZipDirectory(buf: Buffer, limits = ZIP_LIMITS): ZipEntry[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--)
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) throw unreadable('no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  const cdSize = buf.readUInt32LE(eocd + 12);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (buf.readUInt16LE(eocd + 4) !== 0 || count === 0xffff || cdOffset === 0xffffffff)
    throw unreadable('multi-disk or zip64 archive');
  if (count > limits.entries) throw new ZipLimitError('tooLarge', `${count} entries`);
  if (cdOffset + cdSize > eocd) throw unreadable('central directory out of bounds');
  const entries: ZipEntry[] = [];
  let total = 0;
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > eocd || buf.readUInt32LE(p) !== 0x02014b50) throw unreadable('broken central directory');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    p += 46 + nameLength + extraLength + commentLength;
    if (flags & 1) throw unreadable(`${name} is encrypted`);
    if (method !== 0 && method !== 8) throw unreadable(`${name}: compression method ${method}`);
    if (size === 0xffffffff || compressedSize === 0xffffffff) throw unreadable('zip64 entry');
    if (size > limits.entryBytes) throw new ZipLimitError('tooLarge', `${name} inflates to ${size} bytes`);
    total += size;
    if (total > limits.totalBytes) throw new ZipLimitError('tooLarge', `entries inflate to ${total} bytes`);
    if (size > limits.ratioFloorBytes && size > limits.ratio * Math.max(compressedSize, 1))
      throw new ZipLimitError('ratio', `${name}: ${size} bytes from ${compressedSize}`);
    if (localOffset + 30 > cdOffset || buf.readUInt32LE(localOffset) !== 0x04034b50)
      throw unreadable(`${name}: no local header`);
    const dataStart =
      localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    if (dataStart + compressedSize > cdOffset) throw unreadable(`${name}: data out of bounds`);
    entries.push({ name, method, flags, compressedSize, size, localOffset, dataStart });
  }
  // A streaming reader walks the local headers from the start: they must be exactly the listed
  // entries, back to back, or it would inflate data that the directory does not show.
  const sorted = [...entries].sort((a, b) => a.localOffset - b.localOffset);
  let expected = 0;
  for (const e of sorted) {
    if (e.localOffset !== expected) throw unreadable(`${e.name}: unlisted data before the entry`);
    expected = e.dataStart + e.compressedSize;
    if (e.flags & 8) expected += buf.readUInt32LE(expected) === 0x08074b50 ? 16 : 12;
  }
  if (expected !== cdOffset) throw unreadable('unlisted data before the central directory');
  return entries;
}

/** Inflates one entry without keeping its output, failing as soon as it exceeds what was declared. */
function measureEntry(buf: Buffer, e: ZipEntry): Promise<void> {
  const data = buf.subarray(e.dataStart, e.dataStart + e.compressedSize);
  if (e.method === 0)
    return e.compressedSize === e.size ? Promise.resolve() : Promise.reject(unreadable(`${e.name}: size`));
  return new Promise((resolve, reject) => {
    const inflate = zlib.createInflateRaw();
    let out = 0;
    inflate.on('data', (chunk: Buffer) => {
      out += chunk.length;
      if (out > e.size) {
        inflate.destroy();
        reject(new ZipLimitError('ratio', `${e.name} inflates to more than the declared ${e.size} bytes`));
      }
    });
    inflate.on('error', (error) => reject(unreadable(`${e.name}: ${error.message}`)));
    inflate.on('end', () => resolve());
    inflate.end(data);
  });
}

/**
 * Checks a ZIP container before it is parsed: the declared sizes and ratios (cheap, from the
 * central directory), then the actual inflated size of every entry, streamed and discarded — so a
 * directory that lies about its sizes is caught too, with at most the limits in memory.
 */
export async function checkZip(buf: Buffer, limits = ZIP_LIMITS): Promise<ZipEntry[]> {
  const entries = readZipDirectory(buf, limits);
  for (const e of entries) await measureEntry(buf, e);
  return entries;
}
