// Azure Storage naming rules. Each function returns `undefined` for a valid name or a reason in English; callers
// turn a reason into 400 InvalidResourceName / OutOfRangeInput / InvalidMetadata as Azure does.
// Sources (learn.microsoft.com/rest/api/storageservices/...):
//   naming-and-referencing-containers--blobs--and-metadata
//   naming-and-referencing-shares--directories--files--and-metadata
//   naming-queues-and-metadata
//   understanding-the-table-service-data-model#table-names
//   storage-account-overview#storage-account-name (3-24 lowercase letters and digits)

const dnsLikeName = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$/;

// "Control characters (0x00 to 0x1F, \u0081, etc.)" and the page's table of unsupported code points. The table
// skips a few C1 and U+FDD0..FDEF code points while the prose names \u0081 (absent from the table), so we take
// the whole C1 block and the whole noncharacter ranges; lone surrogates are "invalid surrogate pairs".
function isUnsupportedCodePoint(codePoint: number): boolean {
  return (
    codePoint <= 0x1f ||
    (codePoint >= 0x80 && codePoint <= 0x9f) ||
    (codePoint >= 0xd800 && codePoint <= 0xdfff) ||
    (codePoint >= 0xfdd0 && codePoint <= 0xfdef) ||
    (codePoint >= 0xfff0 && codePoint <= 0xffff) ||
    (codePoint & 0xfffe) === 0xfffe // U+xFFFE and U+xFFFF of every plane
  );
}

function hasUnsupportedCodePoint(name: string): boolean {
  // for...of walks code points, so a lone surrogate comes out on its own and a valid pair as one astral point.
  for (const char of name) if (isUnsupportedCodePoint(char.codePointAt(0)!)) return true;
  return false;
}

function validateDnsLikeName(kind: string, name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `${kind} names must be from 3 through 63 characters long`;
  if (dnsLikeName.test(name)) return undefined;
  return `${kind} names may contain only lowercase letters, numbers and single hyphens, and must start and end with a letter or number`;
}

/** Storage account names: 3-24 characters, lowercase letters and digits only. */
export function validateAccountName(name: string): string | undefined {
  if (name.length < 3 || name.length > 24) return 'account names must be from 3 through 24 characters long';
  return /^[a-z0-9]+$/.test(name)
    ? undefined
    : 'account names may contain only lowercase letters and numbers';
}

/** Container names: DNS-like, 3-63 characters; `$root` names the root container. */
export function validateContainerName(name: string): string | undefined {
  // $web and $logs are created by Azure itself (static website, analytics), never by a Create Container call.
  if (name === '$root') return undefined;
  return validateDnsLikeName('container', name);
}

/** Share names: the same rules as containers (the docs say so to keep Blob and Files alike). */
export function validateShareName(name: string): string | undefined {
  return validateDnsLikeName('share', name);
}

/** Queue names: 3-63 lowercase letters, numbers and single hyphens, starting and ending alphanumeric. */
export function validateQueueName(name: string): string | undefined {
  return validateDnsLikeName('queue', name);
}

/** Table names: `^[A-Za-z][A-Za-z0-9]{2,62}$`, and not the reserved name `tables`. */
export function validateTableName(name: string): string | undefined {
  if (!/^[A-Za-z][A-Za-z0-9]{2,62}$/.test(name)) {
    return 'table names must be 3 to 63 letters and numbers, starting with a letter';
  }
  // Table names are case-insensitive, so "Tables" is the reserved name too.
  return name.toLowerCase() === 'tables' ? 'the table name "tables" is reserved' : undefined;
}

/**
 * Blob names: 1-1024 characters, at most 254 `/`-separated segments, no unsupported code points. Azure only says
 * to "avoid" names ending with `.` or `/` (and segments ending with `.`), and then silently trims them; the
 * emulator rejects them instead so a test never reads back a name other than the one it wrote.
 */
export function validateBlobName(name: string): string | undefined {
  if (name.length < 1 || name.length > 1024) return 'blob names must be from 1 through 1024 characters long';
  if (hasUnsupportedCodePoint(name)) return 'blob names may not contain control or non-character code points';
  const segments = name.split('/');
  if (segments.length > 254) return 'blob names may have at most 254 path segments';
  if (name.endsWith('/') || name.endsWith('.')) return 'blob names may not end with a dot or a forward slash';
  if (segments.some((segment) => segment.endsWith('.'))) return 'blob path segments may not end with a dot';
  return undefined;
}

const reservedFileNames = new Set([
  ...['LPT', 'COM'].flatMap((prefix) => [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `${prefix}${n}`)),
  'PRN',
  'AUX',
  'NUL',
  'CON',
  'CLOCK$',
  '.',
  '..',
]);

/**
 * One directory or file name (a single path component in Azure Files): 1-255 characters, none of
 * `" \ / : | < > * ?`, no control or non-character code points, and not a reserved DOS device name.
 */
export function validateDirectoryOrFileName(name: string): string | undefined {
  if (name.length < 1 || name.length > 255)
    return 'directory and file names must be from 1 through 255 characters long';
  if (/["\\/:|<>*?]/.test(name)) return 'directory and file names may not contain " \\ / : | < > * ?';
  if (hasUnsupportedCodePoint(name))
    return 'directory and file names may not contain control or non-character code points';
  // Names are case-insensitive in Azure Files, so "nul" is as reserved as "NUL".
  if (reservedFileNames.has(name.toUpperCase())) return `"${name}" is a reserved file name`;
  return undefined;
}

/**
 * Metadata names: C# identifiers (ASCII here, since they travel as `x-ms-meta-<name>` headers), unique
 * case-insensitively. C# keywords are not rejected: no Azure source says they are.
 */
export function validateMetadataName(name: string): string | undefined {
  if (name.length === 0) return 'metadata names may not be empty';
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
    ? undefined
    : `metadata name "${name}" is not a C# identifier (letters, digits and underscores, not starting with a digit)`;
}

/** Metadata values: printable ASCII (and tab), since they are HTTP header values. */
export function validateMetadataValue(value: string): string | undefined {
  return /^[\t\u0020-\u007e]*$/.test(value) ? undefined : 'metadata values may contain only printable ASCII';
}

/** A whole metadata set: every name and value, and no two names equal ignoring case. */
export function validateMetadata(metadata: Readonly<Record<string, string>>): string | undefined {
  const seen = new Set<string>();
  for (const [name, value] of Object.entries(metadata)) {
    const problem = validateMetadataName(name) ?? validateMetadataValue(value);
    if (problem) return problem;
    if (seen.has(name.toLowerCase())) return `metadata name "${name}" is given twice (names ignore case)`;
    seen.add(name.toLowerCase());
  }
  return undefined;
}
