/** A plain path for `file://` URLs (as TF.js writes `model.save('file://models/a')`); other strings as given. */
export function withoutFileScheme(pathOrUrl: string): string {
  if (!pathOrUrl.startsWith('file://')) return pathOrUrl;
  // file:///abs/path is a URL; file://relative/path is TF.js's relative form
  // (the URL global, not node:url, so the browser build has no Node import)
  if (pathOrUrl.startsWith('file:///')) return decodeURIComponent(new URL(pathOrUrl).pathname);
  return pathOrUrl.slice('file://'.length);
}
