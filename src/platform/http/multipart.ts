/**
 * A reader for a buffered multipart/form-data body (RFC 7578): the parts with their field
 * name, file name and content. Upload bodies are small (a usage file is at most 4 MB), so the
 * whole body is read first; that also lets the platform's gzip request decoding run before it.
 */
export interface FormPart {
  name: string;
  fileName: string | null;
  contentType: string | null;
  data: Buffer;
}

export class MultipartError extends Error {}

/** The boundary parameter of a multipart/form-data Content-Type, or null. */
export function boundaryOf(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data\s*(;|$)/i.test(contentType)) return null;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const b = m?.[1] ?? m?.[2];
  return b && b.length <= 70 ? b : null;
}

function param(header: string, name: string): string | null {
  const m = new RegExp(`;\\s*${name}\\*?=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, 'i').exec(header);
  if (!m) return null;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!;
}

export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delim = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let pos = body.indexOf(delim);
  if (pos < 0) throw new MultipartError('the body does not contain the boundary of its Content-Type');
  for (;;) {
    pos += delim.length;
    if (body.subarray(pos, pos + 2).toString() === '--') return parts; // the closing delimiter
    // the rest of the delimiter line
    const eol = body.indexOf('\r\n', pos);
    if (eol < 0) throw new MultipartError('the body ends inside a part');
    const headEnd = body.indexOf('\r\n\r\n', eol);
    if (headEnd < 0) throw new MultipartError('a part has no end of headers');
    const headers = body.subarray(eol + 2, headEnd).toString('utf8').split('\r\n');
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delim]), headEnd + 4);
    if (next < 0) throw new MultipartError('the body ends before its closing boundary');
    let disposition = '';
    let contentType: string | null = null;
    for (const h of headers) {
      const i = h.indexOf(':');
      if (i < 0) continue;
      const k = h.slice(0, i).trim().toLowerCase();
      if (k === 'content-disposition') disposition = h.slice(i + 1).trim();
      else if (k === 'content-type') contentType = h.slice(i + 1).trim();
    }
    if (!/^form-data\b/i.test(disposition)) throw new MultipartError('a part has no Content-Disposition: form-data header');
    const name = param(disposition, 'name');
    if (name === null) throw new MultipartError('a part has no name');
    parts.push({ name, fileName: param(disposition, 'filename'), contentType, data: body.subarray(headEnd + 4, next) });
    pos = next + 2;
  }
}
