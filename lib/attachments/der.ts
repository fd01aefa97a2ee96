/**
 * The few things Galleon reads from an X.509 certificate that node:crypto's
 * X509Certificate does not expose: the value of an extension by OID (Sigstore
 * writes the OIDC issuer in its own extensions). A bounded DER walk.
 */

interface Node {
  tag: number;
  start: number;
  end: number;
}

const MAX_DEPTH = 16;

function readNode(der: Uint8Array, offset: number, limit: number): Node | null {
  if (offset + 2 > limit) return null;
  const tag = der[offset]!;
  let length = der[offset + 1]!;
  let start = offset + 2;
  if (length & 0x80) {
    const octets = length & 0x7f;
    if (octets === 0 || octets > 4 || start + octets > limit) return null;
    length = 0;
    for (let i = 0; i < octets; i++) length = length * 256 + der[start + i]!;
    start += octets;
  }
  return start + length > limit ? null : { tag, start, end: start + length };
}

function children(der: Uint8Array, node: Node): Node[] {
  const list: Node[] = [];
  for (let offset = node.start; offset < node.end; ) {
    const child = readNode(der, offset, node.end);
    if (!child) return [];
    list.push(child);
    offset = child.end;
  }
  return list;
}

/** "1.3.6.1.4.1.57264.1.8" → its DER content bytes. */
export function encodeOid(oid: string): Buffer {
  const [first = 0, second = 0, ...rest] = oid.split(".").map(Number);
  const bytes = [first * 40 + second];
  for (const arc of rest) {
    const groups = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) groups.unshift((value & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return Buffer.from(bytes);
}

/** The extnValue bytes (inside its OCTET STRING) of the certificate extension `oid`, or null. */
export function extensionValue(der: Uint8Array, oid: string): Buffer | null {
  const target = encodeOid(oid);
  const visit = (node: Node, depth: number): Buffer | null => {
    if (depth > MAX_DEPTH || !(node.tag & 0x20)) return null;
    const list = children(der, node);
    const [first, ...others] = list;
    const last = others.at(-1);
    if (node.tag === 0x30 && first?.tag === 0x06 && last?.tag === 0x04 &&
        Buffer.from(der.subarray(first.start, first.end)).equals(target)) {
      return Buffer.from(der.subarray(last.start, last.end));
    }
    for (const child of list) {
      const found = visit(child, depth + 1);
      if (found) return found;
    }
    return null;
  };
  const root = readNode(der, 0, der.length);
  return root ? visit(root, 0) : null;
}

/** A DER string (UTF8String, IA5String, PrintableString) as text; other values as their raw bytes read as UTF-8. */
export function derString(value: Buffer): string {
  const node = readNode(value, 0, value.length);
  const isString = node && node.end === value.length && [0x0c, 0x13, 0x16].includes(node.tag);
  return (isString ? value.subarray(node.start, node.end) : value).toString("utf8");
}
