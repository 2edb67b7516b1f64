// The package ships ESM types behind "exports", which `moduleResolution: node` cannot see; the part used here.
declare module 'file-type' {
  export interface FileTypeResult {
    readonly ext: string;
    readonly mime: string;
  }
  export function fileTypeFromFile(path: string): Promise<FileTypeResult | undefined>;
}
