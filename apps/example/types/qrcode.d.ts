// Ambient types for the two QR-code packages the example uses; neither ships its own.

declare module 'qrcode-terminal' {
  interface QRCodeTerminal {
    generate(text: string, options: { small?: boolean }, callback: (qr: string) => void): void;
    setErrorLevel(level: 'L' | 'M' | 'Q' | 'H'): void;
  }
  const qrcode: QRCodeTerminal;
  export default qrcode;
}

declare module 'qrcode' {
  interface QRCodeRenderOptions {
    margin?: number;
    width?: number;
    errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H';
    color?: { dark?: string; light?: string };
  }
  export function toCanvas(
    canvas: HTMLCanvasElement,
    text: string,
    options?: QRCodeRenderOptions,
  ): Promise<void>;
  export function toDataURL(text: string, options?: QRCodeRenderOptions): Promise<string>;
  const qrcode: { toCanvas: typeof toCanvas; toDataURL: typeof toDataURL };
  export default qrcode;
}
