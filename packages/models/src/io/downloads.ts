// The few DOM types used (the package compiles without the DOM lib).
interface Anchor {
  href: string;
  download: string;
  click(): void;
}
interface Page {
  document?: { createElement(tag: 'a'): Anchor };
  Blob: new (parts: Array<string | ArrayBuffer>, options: { type: string }) => unknown;
  URL: { createObjectURL(blob: unknown): string; revokeObjectURL(url: string): void };
}

/**
 * Offers `<name>.json` and the weights file it names as downloads from the page, as TF.js's
 * `downloads://` does. The weights file name is given by the caller (it is in the JSON).
 */
export function triggerDownloads(name: string, modelJson: string, shard: string, weightData: ArrayBuffer): void {
  const page = globalThis as unknown as Page;
  if (!page.document) throw new Error(`saveModel: cannot save to downloads://${name}: downloads need a browser page`);
  const offer = (file: string, part: string | ArrayBuffer, type: string) => {
    const url = page.URL.createObjectURL(new page.Blob([part], { type }));
    const anchor = page.document!.createElement('a');
    anchor.href = url;
    anchor.download = file;
    anchor.click();
    setTimeout(() => page.URL.revokeObjectURL(url), 10_000); // after the download has started
  };
  offer(`${name}.json`, modelJson, 'application/json');
  offer(shard, weightData, 'application/octet-stream');
}
