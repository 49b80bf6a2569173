import iconv from 'iconv-lite';
import { IngestError } from './errors.js';

/** True when bytes look like a binary file (NUL bytes or many control characters). */
export function looksBinary(buf: Uint8Array): boolean {
  const n = Math.min(buf.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i];
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32)) control++;
  }
  return n > 0 && control / n > 0.1;
}

/**
 * Decode bytes to text. UTF-8 (with or without BOM) and UTF-16 with BOM are accepted;
 * a declared charset (HTML meta, XML prolog) other than UTF-8 is honoured via iconv.
 * Anything else that is not valid UTF-8 is refused with the offending byte offset.
 */
export function decode(input: string, buf: Uint8Array, declared?: string | null): string {
  if (looksBinary(buf) && !(buf[0] === 0xff && buf[1] === 0xfe) && !(buf[0] === 0xfe && buf[1] === 0xff)) {
    throw new IngestError(input, 'binary file (not text, HTML, JSONL or a feed)');
  }
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return strictUtf8(input, buf.subarray(3));
  if (buf[0] === 0xff && buf[1] === 0xfe) return iconv.decode(Buffer.from(buf.subarray(2)), 'utf-16le');
  if (buf[0] === 0xfe && buf[1] === 0xff) return iconv.decode(Buffer.from(buf.subarray(2)), 'utf-16be');
  const cs = declared?.toLowerCase().trim();
  // A declared legacy charset that the bytes contradict (valid UTF-8 with multi-byte letters:
  // a page re-saved as UTF-8 that kept its old <meta charset>) loses to UTF-8.
  if (cs && cs !== 'utf-8' && cs !== 'utf8' && iconv.encodingExists(cs) && !isMultibyteUtf8(buf))
    return iconv.decode(Buffer.from(buf), cs);
  return strictUtf8(input, buf);
}

/** Valid UTF-8 holding at least one multi-byte sequence (pure ASCII says nothing either way). */
function isMultibyteUtf8(buf: Uint8Array): boolean {
  if (!buf.some((b) => b >= 0x80)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

function strictUtf8(input: string, buf: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new IngestError(input, `invalid UTF-8 at byte ${firstInvalidUtf8(buf)} (re-save the file as UTF-8)`);
  }
}

/** Offset of the first byte that breaks UTF-8, for the error message. */
export function firstInvalidUtf8(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    const len = b < 0x80 ? 1 : (b & 0xe0) === 0xc0 ? 2 : (b & 0xf0) === 0xe0 ? 3 : (b & 0xf8) === 0xf0 ? 4 : 0;
    if (len === 0 || i + len > buf.length) return i;
    for (let k = 1; k < len; k++) if ((buf[i + k] & 0xc0) !== 0x80) return i;
    i += len;
  }
  return i;
}

/** The charset an HTML or XML document declares in its first bytes, if any. */
export function declaredCharset(buf: Uint8Array): string | null {
  const head = Buffer.from(buf.subarray(0, 2048)).toString('latin1');
  const m = /<meta[^>]+charset=["']?([\w-]+)/i.exec(head) ?? /<\?xml[^>]+encoding=["']([\w-]+)/i.exec(head);
  return m ? m[1] : null;
}
